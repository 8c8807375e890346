import { TdlError } from "../errors";
import { label } from "../vocabulary";
import { Purpose } from "./reader";

/**
 * The gateway's own rules on top of the chain's grant check: which operations exist, which of them a
 * grant's purpose covers (Art. 21, R15), and which would move raw data out of the domain (R1).
 */

export type PurposeName = keyof typeof Purpose;

export interface AccessRulesConfig {
  /** Purpose -> the operations a grant of that purpose covers. A purpose not named covers nothing. */
  readonly operationsByPurpose: Readonly<Partial<Record<PurposeName, readonly string[]>>>;
  /** Operations that take raw data out of the domain: known, and always refused. */
  readonly rawExportOperations: readonly string[];
}

/**
 * Public-interest use: query and compute inside the platform. Commercial use: also download of derived
 * results. The operator's whole-catalog grant (purpose None) runs the platform: query and compute.
 * Raw data goes nowhere under any purpose.
 */
export const DEFAULT_RULES: AccessRulesConfig = {
  operationsByPurpose: {
    None: ["query", "compute"],
    PublicInterest: ["query", "compute"],
    Commercial: ["query", "compute", "download"],
  },
  rawExportOperations: ["export"],
};

/** A purpose as the gateway's sentences name a grant by it; the whole grant has none. */
const purposeWords = (purpose: number): { en: string; zh: string } =>
  purpose === Purpose.None ? { en: "whole-catalog", zh: "整体授权" } : { en: label("Purpose", purpose, "en"), zh: label("Purpose", purpose, "zh") };

/** An operation name as the access log accepts it. */
const OPERATION = /^[a-z][a-z0-9_-]{0,31}$/;

export interface AccessRules {
  readonly config: AccessRulesConfig;
  isKnown(operation: string): boolean;
  isRawExport(operation: string): boolean;
  covers(purpose: number, operation: string): boolean;
  purposeLabel(purpose: number): { en: string; zh: string };
}

/** Checks a rules table and answers questions about it. */
export function createAccessRules(config: AccessRulesConfig = DEFAULT_RULES): AccessRules {
  const byPurpose = new Map<number, ReadonlySet<string>>();
  const known = new Set<string>();
  for (const [name, operations] of Object.entries(config.operationsByPurpose)) {
    if (!(name in Purpose)) throw new TdlError("CONFIG_INVALID", `access rules: "${name}" is not a purpose (${Object.keys(Purpose).join(", ")})`);
    for (const op of operations ?? []) {
      if (!OPERATION.test(op)) throw new TdlError("CONFIG_INVALID", `access rules: "${op}" is not an operation name`);
      if (config.rawExportOperations.includes(op)) {
        throw new TdlError("CONFIG_INVALID", `access rules: "${op}" exports raw data and cannot be covered by the ${name} purpose (R1)`);
      }
      known.add(op);
    }
    byPurpose.set(Purpose[name as PurposeName], new Set(operations));
  }
  for (const op of config.rawExportOperations) {
    if (!OPERATION.test(op)) throw new TdlError("CONFIG_INVALID", `access rules: "${op}" is not an operation name`);
    known.add(op);
  }
  const raw = new Set(config.rawExportOperations);
  return {
    config,
    isKnown: (operation) => known.has(operation),
    isRawExport: (operation) => raw.has(operation),
    covers: (purpose, operation) => byPurpose.get(purpose)?.has(operation) ?? false,
    purposeLabel: purposeWords,
  };
}
