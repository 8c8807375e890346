import { createHash } from "node:crypto";
import type { GrantReader } from "../../../server/access";

/** A clock the test moves by hand. */
export function fakeClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}
export type FakeClock = ReturnType<typeof fakeClock>;

export type ReaderMethod = keyof GrantReader;

/**
 * Wraps a reader: counts calls per method, and can be switched to reject every call (the chain
 * unreachable) or to hold every call until released.
 */
export function spyReader(inner: GrantReader) {
  const calls: Record<ReaderMethod, number> = { latestBlock: 0, checkAccess: 0, grantInfo: 0, resourceInfo: 0 };
  let failing = false;
  const total = () => Object.values(calls).reduce((a, b) => a + b, 0);
  const wrap =
    <K extends ReaderMethod>(name: K) =>
    (...args: Parameters<GrantReader[K]>): ReturnType<GrantReader[K]> => {
      calls[name]++;
      if (failing) return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:8545")) as ReturnType<GrantReader[K]>;
      return (inner[name] as (...a: Parameters<GrantReader[K]>) => ReturnType<GrantReader[K]>)(...args);
    };
  const reader: GrantReader = {
    latestBlock: wrap("latestBlock"),
    checkAccess: wrap("checkAccess"),
    grantInfo: wrap("grantInfo"),
    resourceInfo: wrap("resourceInfo"),
  };
  return {
    reader,
    calls,
    total,
    reset() {
      for (const k of Object.keys(calls) as ReaderMethod[]) calls[k] = 0;
    },
    fail(on = true) {
      failing = on;
    },
  };
}

export const digestOf = (text: string): string => createHash("sha256").update(text).digest("hex");
