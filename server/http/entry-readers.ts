import type { Request } from "express";
import type { GrantInfo } from "../access/reader";
import type { AccessLogEntry } from "../log";
import { TdlError } from "../errors";
import { bearerToken, isOversight } from "./auth";
import { isGrantReader } from "./usage-routes";
import type { Session, SessionTokens } from "./session";

/*
 * Who may read what the log says of an access (issue 15 item 5; R15, R17): anyone may verify that an
 * entry is in the log (checkpoints, leaf hashes, proofs, anchors), but an entry's contents (whose key
 * read which resource's fields, when, and the answer) go only to the parties of its grant (the
 * requesting organisation, the grantee, the grantor) and to the bureau and supervisors.
 */

export interface EntryReaders {
  readonly sessions: SessionTokens;
  readonly grants: { grantInfo(grantId: number): Promise<GrantInfo | null> };
}

/** What an entry's contents are withheld with, in both languages. */
export const WITHHELD = {
  message:
    "the entry's contents are for the parties of its grant, the bureau and supervisors: sign in as one of them; anyone may check that the entry is in the log with GET /api/v1/log/proofs/inclusion and the anchored checkpoint",
  messageZh: "条目内容仅对其授权的当事方、实施机构与监管部门开放：请以其中之一的身份登录；任何人都可以用 GET /api/v1/log/proofs/inclusion 与链上锚定的检查点核验该条目在日志之中",
} as const;

/** The session a request carries, or undefined without one; a token that does not verify is refused (401). */
export function optionalSession(readers: EntryReaders | undefined, req: Request): Session | undefined {
  const header = req.get("authorization");
  if (header === undefined) return undefined;
  const token = bearerToken(header);
  if (token === null) throw new TdlError("UNAUTHENTICATED", "send Authorization: Bearer <session token>, or no Authorization header");
  if (readers === undefined) throw new TdlError("UNAUTHENTICATED", "this node has no sign-in: its log entries are not served to anyone");
  return readers.sessions.verify(token);
}

/** Whether the session may read this entry's contents. */
export async function mayReadEntry(readers: EntryReaders | undefined, session: Session | undefined, entry: AccessLogEntry): Promise<boolean> {
  if (readers === undefined || session === undefined) return false;
  // the requester and supervisors first: no chain read (and none while the chain is down)
  if (entry.org === String(session.org) || isOversight(session)) return true;
  if (entry.grantId === null) return false;
  const grantId = BigInt(entry.grantId);
  if (grantId > 0xffffffffn) return false;
  const grant = await readers.grants.grantInfo(Number(grantId));
  return grant !== null && isGrantReader(grant, session);
}
