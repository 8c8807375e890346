import { Indexed, type EventFragment, type LogDescription, type ParamType } from "ethers";
import { normalizeSubjectId, type JsonValue, type Subject, type SubjectKind } from "../storage/history-store";

/*
 * Whom an event is about, read from its arguments by NAME: the one table below. A contract added
 * later is indexed under the right histories as long as it names its arguments the house way
 * (org/byOrg, key/byKey, grantId, resourceId, productId, ...). Only top-level arguments count; an
 * array argument (e.g. `resources`) names each of its elements.
 */
export const SUBJECT_OF_ARGUMENT: Readonly<Record<string, SubjectKind>> = {
  // organisations
  org: "organization",
  byOrg: "organization",
  grantee: "organization",
  grantor: "organization",
  developer: "organization",
  source: "organization",
  subject: "organization",
  reporter: "organization",
  nodeOrg: "organization",
  counterparty: "organization",
  industryAuthority: "organization",
  // staff keys
  key: "key",
  byKey: "key",
  official: "key",
  firstKey: "key",
  anchoringKey: "key",
  previousKey: "key",
  newKey: "key",
  // the grant tree
  grantId: "grant",
  parent: "grant",
  // catalog, applications, products, qualifications, node logs
  resourceId: "resource",
  resources: "resource",
  applicationId: "application",
  application: "application",
  productId: "product",
  qualificationId: "qualification",
  logId: "log",
  decisionId: "decision",
  // supervision
  incidentId: "incident",
  orderId: "order",
  evaluationId: "evaluation",
};

const ZERO_ADDRESS = /^0x0{40}$/;

/** A decoded value made JSON-safe: bigint as decimal text, bytes as 0x-hex, structs as objects by field name. */
export function jsonValue(type: ParamType, value: unknown): JsonValue {
  if (value instanceof Indexed) return value.hash; // an indexed dynamic value: only its hash is on chain
  if (type.isArray()) {
    const items = value as readonly unknown[];
    return Array.from(items, (item) => jsonValue(type.arrayChildren, item));
  }
  if (type.isTuple()) {
    const fields = value as readonly unknown[];
    const object: Record<string, JsonValue> = {};
    type.components.forEach((component, i) => {
      object[component.name || String(i)] = jsonValue(component, fields[i]);
    });
    return object;
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return type.baseType === "address" ? value.toLowerCase() : value;
  if (typeof value === "boolean" || typeof value === "number") return value;
  if (value === null || value === undefined) return null;
  return String(value);
}

/** The event's arguments by name (position where a name is missing). */
export function eventArgs(fragment: EventFragment, args: LogDescription["args"]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  fragment.inputs.forEach((input, i) => {
    out[input.name || String(i)] = jsonValue(input, args[i]);
  });
  return out;
}

function subjectIds(value: JsonValue): string[] {
  if (Array.isArray(value)) return value.flatMap(subjectIds);
  if (typeof value === "string" || typeof value === "number") {
    const id = normalizeSubjectId(String(value));
    // 0 and the zero address mean "none" in our contracts (no parent, no organisation)
    return id === "0" || ZERO_ADDRESS.test(id) || id === "" ? [] : [id];
  }
  return [];
}

/** Every subject the event names, once each, in argument order. */
export function subjectsOf(args: Readonly<Record<string, JsonValue>>): Subject[] {
  const seen = new Set<string>();
  const subjects: Subject[] = [];
  for (const [name, value] of Object.entries(args)) {
    const kind = SUBJECT_OF_ARGUMENT[name];
    if (kind === undefined) continue;
    for (const id of subjectIds(value)) {
      const tag = `${kind}:${id}`;
      if (seen.has(tag)) continue;
      seen.add(tag);
      subjects.push({ kind, id });
    }
  }
  return subjects;
}
