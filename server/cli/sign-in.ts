import { SiweMessage } from "siwe";

/*
 * The one EIP-4361 (Sign-In with Ethereum) client of a node: ask GET /api/v1/auth/nonce for a nonce and
 * the node's domain, URI and chain id, build the message, sign it with the staff key, and exchange it at
 * POST /api/v1/auth/sign-in for a session token. The CLI, the demo, the benchmarks and the tests sign in
 * through it.
 */

/** What GET /api/v1/auth/nonce answers. */
export interface SignInNonce {
  readonly nonce: string;
  readonly domain: string;
  readonly uri: string;
  readonly chainId: number;
}

/** What POST /api/v1/auth/sign-in answers: the bearer token and who the node says we are. */
export interface SignInSession {
  readonly token: string;
  readonly org: number;
  readonly kind: string;
  readonly key: string;
}

/** A staff key: an ethers Wallet or Signer. */
export interface SignInSigner {
  getAddress(): Promise<string>;
  signMessage(message: string): Promise<string>;
}

/** fetch against the node (the CLI passes its own, which turns errors into TdlErrors). */
export type NodeRequest = (url: URL, init?: RequestInit) => Promise<Response>;

export interface SignInOptions {
  /** The message's statement (ASCII, EIP-4361). */
  readonly statement?: string;
  /** Fields of the message to set otherwise (tests build refused messages with it). */
  readonly override?: Partial<SiweMessage>;
  readonly request?: NodeRequest;
}

export const SIGN_IN_STATEMENT = "Sign in to the Trusted Data Ledger node.";
/** Expiration Time after Issued At; the node accepts at most 10 minutes. */
const LIFETIME_MS = 5 * 60_000;

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** A fresh nonce from the node, and the EIP-4361 message built on it and signed by the key. */
export async function signedSignInMessage(node: string | URL, signer: SignInSigner, options: SignInOptions = {}): Promise<{ message: string; signature: string }> {
  const request = options.request ?? fetch;
  const nonce = (await (await ok(await request(new URL("/api/v1/auth/nonce", node)), "GET /api/v1/auth/nonce")).json()) as SignInNonce;
  const issued = Date.now();
  const message = new SiweMessage({
    domain: nonce.domain,
    address: await signer.getAddress(),
    statement: options.statement ?? SIGN_IN_STATEMENT,
    uri: nonce.uri,
    version: "1",
    chainId: nonce.chainId,
    nonce: nonce.nonce,
    issuedAt: new Date(issued).toISOString(),
    expirationTime: new Date(issued + LIFETIME_MS).toISOString(),
    ...options.override,
  }).prepareMessage();
  return { message, signature: await signer.signMessage(message) };
}

/** Signs in to the node with the key; returns the session (token, organisation, kind, key). */
export async function signIn(node: string | URL, signer: SignInSigner, options: SignInOptions = {}): Promise<SignInSession> {
  const request = options.request ?? fetch;
  const body = JSON.stringify(await signedSignInMessage(node, signer, options));
  const response = await request(new URL("/api/v1/auth/sign-in", node), { method: "POST", headers: { "content-type": "application/json" }, body });
  await ok(response, `POST /api/v1/auth/sign-in as ${await signer.getAddress()}`);
  return (await response.json()) as SignInSession;
}
