import type { Command } from "commander";
import { TdlError } from "../../errors";
import { parseBits, parseDocument, parseDuration, parseTime } from "../arguments";
import { type Run } from "../context";
import { CLAUSE_NAMES, DOC_HELP } from "./words";

/** The terms of a grant, as GrantRegistry.GrantTerms. */
export interface GrantTermsArg {
  start: number;
  end: number;
  clauseManifest: number;
  agreementHash: string;
  feeTermsHash: string;
}

/** --start, --end | --term, --agreement, --clauses, --fee-terms. */
export function withTermOptions(command: Command, startDefault: string | undefined): Command {
  const start = "--start <time>";
  const startHelp = "term start: now, unix seconds or an ISO date-time (UTC)";
  return (startDefault === undefined ? command.requiredOption(start, `${startHelp}; fixed, as the collective decision names it`) : command.option(start, startHelp, startDefault))
    .option("--end <time>", "term end (inclusive)")
    .option("--term <duration>", "term length from the start, e.g. 2y, 180d (at most the maximum term, 5 years)")
    .requiredOption("--agreement <doc>", `the agreement the grant rests on; ${DOC_HELP}`)
    .option("--clauses <list>", `clauses of Art. 14 it carries: all, or a comma list of ${CLAUSE_NAMES.join(", ")}`, "all")
    .requiredOption("--fee-terms <doc>", "fee terms (Art. 21): public-interest free, commercial paid");
}

export async function parseGrantTerms(run: Run, o: Record<string, unknown>): Promise<GrantTermsArg> {
  const start = await parseTime(run, o.start, "--start");
  let end: number;
  if (o.end !== undefined && o.term === undefined) end = await parseTime(run, o.end, "--end");
  else if (o.term !== undefined && o.end === undefined) end = start + parseDuration(o.term);
  else throw new TdlError("MALFORMED_INPUT", "give exactly one of --end <time> and --term <duration>");
  return {
    start,
    end,
    clauseManifest: parseBits(o.clauses, "--clauses", CLAUSE_NAMES),
    agreementHash: await parseDocument(o.agreement, "--agreement"),
    feeTermsHash: await parseDocument(o.feeTerms, "--fee-terms"),
  };
}
