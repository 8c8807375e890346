/*
 * A plain sentence, in English and in Chinese, for every custom error of every contract of the ledger
 * (contracts/interfaces/*.sol, ILedgerErrors.sol, SignedCalls.sol, RFC6962.sol and OpenZeppelin's errors
 * our contracts can raise). Each sentence names the rule that refused, with the policy's requirement
 * number (R1-R24 of REQUIREMENTS.md) where one applies. Pure: no I/O; the decoder in revert.ts feeds it
 * the decoded arguments (uints arrive as bigint). The sentences live in one file per contract group.
 */

import type { Lang } from "../vocabulary";
import { DATASET_REVERT_TEXTS } from "./revert-sentences-datasets";
import { GRANT_REVERT_TEXTS } from "./revert-sentences-grants";
import { ORGANIZATION_REVERT_TEXTS } from "./revert-sentences-organizations";
import { QUALIFICATION_REVERT_TEXTS } from "./revert-sentences-qualifications";
import { SUPERVISION_REVERT_TEXTS } from "./revert-sentences-supervision";
import type { RevertArgs, RevertText } from "./revert-words";

export { duration, when, type RevertArgs, type RevertText } from "./revert-words";

export const REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
  ...DATASET_REVERT_TEXTS,
  ...ORGANIZATION_REVERT_TEXTS,
  ...QUALIFICATION_REVERT_TEXTS,
  ...GRANT_REVERT_TEXTS,
  ...SUPERVISION_REVERT_TEXTS,
};

/** The sentence for a decoded error in a language, or undefined when the error is not ours. */
export function revertSentence(name: string, args: RevertArgs, lang: Lang): string | undefined {
  const text = REVERT_TEXTS[name];
  return text === undefined ? undefined : text[lang](args);
}
