import type { DisclosedGrant } from "./api";
import type { TextKey } from "./i18n";

export type GrantState = "live" | "suspended" | "expired" | "revoked" | "notLive";

/** The one colour a grant gets: what the reader most needs to know first. */
export function grantState(grant: DisclosedGrant, blockTime: number): GrantState {
  if (grant.status === "revoked") return "revoked";
  if (grant.status === "suspended") return "suspended";
  if (grant.end < blockTime) return "expired";
  return grant.live ? "live" : "notLive";
}

export const GRANT_STATE_TEXT: Record<GrantState, TextKey> = {
  live: "statusLive",
  suspended: "statusSuspended",
  expired: "statusExpired",
  revoked: "statusRevoked",
  notLive: "statusNotLive",
};

export const GRANT_STATES: readonly GrantState[] = ["live", "suspended", "expired", "revoked", "notLive"];
