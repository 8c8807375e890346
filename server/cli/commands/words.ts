/*
 * The names a person types for the ledger's enums: English words with dashes, and the Chinese terms of
 * REQUIREMENTS.md, each mapped to the enum number of contracts/common/Types.sol.
 */
import { ENUM_MEMBERS, LABELS, Purpose } from "../../vocabulary";

/**
 * `{ word: value }` for an enum's members: the member in kebab case ("data-source", "min-group-level-1")
 * and its Chinese label (数源部门), from server/vocabulary.ts; members in `except` (and None) are left out.
 */
function typedWords(name: keyof typeof LABELS, except: readonly string[] = [], aliases: Readonly<Record<string, number>> = {}): Readonly<Record<string, number>> {
  const members: readonly string[] = ENUM_MEMBERS[name];
  const words: Record<string, number> = {};
  members.forEach((member, value) => {
    if (member === "None" || except.includes(member)) return;
    words[member.replace(/(?<=[a-z])(?=[A-Z0-9])/g, "-").toLowerCase()] = value;
    words[LABELS[name].zh[value]] = value;
  });
  return { ...words, ...aliases };
}

export const ORG_KINDS = typedWords("OrgKind", ["Bureau"]);
export const ROLES = typedWords("OrgKind", ENUM_MEMBERS.OrgKind.filter((kind) => kind !== "Operator" && kind !== "Developer"));
/** Grounds of Art. 15 (TerminationReason). */
export const GROUNDS = typedWords("TerminationReason");
export const PURPOSES = typedWords("Purpose", [], { 公益: Purpose.PublicInterest, 商业: Purpose.Commercial, 产业: Purpose.Commercial });
export const PARAMETERS = typedWords("Parameter");
export const PRODUCT_FORMS = typedWords("ProductForm");
export const EVALUATION_KINDS = typedWords("EvaluationKind");

/** Names of the bits of an agreement's clause manifest (Art. 14), for --clauses. */
export const CLAUSE_NAMES = [
  "rights-and-duties",
  "data-scope",
  "term",
  "asset-ownership",
  "revenue-sharing",
  "security-and-emergency",
  "performance-evaluation",
  "breach-liability",
  "exit",
  "dispute-resolution",
] as const;

/** Names of the operator's first-review findings (Art. 17), for --findings. */
export const FINDING_NAMES = ["feasibility", "compliance", "risk", "value"] as const;

/** Names of the five release checks (Art. 19), for --passed. */
export const CHECK_NAMES = ["purpose-and-scope", "sources-lawful", "no-raw-or-sensitive", "no-personal-or-secret", "no-other-risk"] as const;

export const DOC_HELP = "a document recorded by its hash: 0x<64 hex>, @file (hashed), or text (hashed)";
