/** The node config the chain-backed fault suites run with. */
import path from "node:path";
import { generateNoteKey } from "../../../server/log";
import { NO_LIMITS } from "../../../server/http/rate-limit";
import type { NodeConfig } from "../../../server/node";
import type { District } from "../../server/gateway/world";

export function faultNodeConfig(options: { dir: string; origin: string; rpcUrl: string; district: District; port?: number; maxStalenessMs?: number }): Omit<NodeConfig, "logger"> {
  const key = generateNoteKey(options.origin);
  const d = options.district;
  return {
    dataDir: path.join(options.dir, "node"),
    origin: options.origin,
    noteSignerKey: key.signerKey,
    noteVerifierKey: key.verifierKey,
    port: options.port,
    chain: { rpcUrl: options.rpcUrl, deploymentsDir: d.deploymentsDir, network: d.network, logId: d.log.logId, anchoringKey: d.log.anchoringKey, everyEntries: 64, everySeconds: 1 },
    gateway: { maxStalenessMs: options.maxStalenessMs ?? 3000, pollIntervalMs: 200, limits: NO_LIMITS },
    indexer: { pollIntervalMs: 300 },
  };
}

/** The anchorer's view from /healthz. */
export async function anchoredSize(url: string): Promise<{ logSize: number; anchoredSize: number; state: string } | undefined> {
  try {
    const body = (await (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).json()) as { logSize: number; anchoring: { anchoredSize: number; state: string } };
    return { logSize: body.logSize, anchoredSize: body.anchoring.anchoredSize, state: body.anchoring.state };
  } catch {
    return undefined;
  }
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
