/**
 * A node's HTTP app over a log store the test controls (a failing key-value port, a tiny disk), with
 * the real gateway, group commit, sessions and error middleware, and a policy that allows every
 * request (the chain is not what these suites test). Sessions are issued directly.
 */
import { randomBytes } from "node:crypto";
import type { AccessPolicy, Decision } from "../../../server/access/policy";
import { createGateway, createRecorder } from "../../../server/gateway";
import { createApp } from "../../../server/http/app";
import { OrgKind } from "../../../server/vocabulary";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { generateNoteKey, parseSignerKey, rfc6962Sha256 } from "../../../server/log";
import { createGroupCommitAppender, type LogStore } from "../../../server/storage";
import { serve } from "../../helpers/serve";

export const APP_ORIGIN = "tdl.example/faults";

export interface GatewayApp {
  readonly url: string;
  readonly token: string;
  readonly verifierKey: string;
  /** POSTs one access request; the answer's status and JSON body. */
  access(digest: string): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

const allowAll: Pick<AccessPolicy, "decide"> = {
  async decide(): Promise<Decision> {
    return { allowed: true, reason: "ALLOWED", message: "allowed", messageZh: "允许", checkedAt: Date.now(), chainTime: null, denial: 0, cached: true } as Decision;
  },
};

export async function startGatewayApp(store: LogStore): Promise<GatewayApp> {
  const key = generateNoteKey(APP_ORIGIN);
  const noteSigner = parseSignerKey(key.signerKey);
  const sessions = createSessionTokens({ node: APP_ORIGIN, secret: randomBytes(32) });
  const recorder = createRecorder({ appender: createGroupCommitAppender(store), hasher: rfc6962Sha256, noteSigner, origin: APP_ORIGIN, requestKey: randomBytes(32) });
  const gateway = createGateway({ policy: allowAll as AccessPolicy, recorder });
  const app = createApp({
    store,
    origin: APP_ORIGIN,
    verifierKey: key.verifierKey,
    gateway,
    auth: {
      identity: { actorOf: async () => ({ org: 7, kind: OrgKind.Developer, status: 1 }), isQualifiedAt: async () => true, chainTime: async () => Math.floor(Date.now() / 1000) },
      sessions,
      nonces: createNonceStore(),
      audience: () => ({ domain: "127.0.0.1", uri: "http://127.0.0.1", chainId: 31337 }),
    },
  });
  const { url, close } = await serve(app);
  const { token } = sessions.issue({ key: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", org: 7, kind: OrgKind.Developer });
  return {
    url,
    token,
    verifierKey: key.verifierKey,
    async access(digest) {
      const response = await fetch(`${url}/api/v1/access`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ operation: "query", grantId: 1, scenario: `0x${"11".repeat(32)}`, resourceId: 1, fields: "0x1", requestDigest: digest }),
      });
      return { status: response.status, body: await response.json() };
    },
    close,
  };
}
