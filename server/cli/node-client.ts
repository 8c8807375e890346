import { TdlError, type TdlErrorCode } from "../errors";
import type { Run } from "./context";
import { signIn, type SignInSession } from "./sign-in";

/** Talking to a node over HTTP: its base URL from --node, fetch with the node's error body as a TdlError, sign-in with the --key key. */

export function baseUrl(text: unknown): URL {
  try {
    const url = new URL(String(text));
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
    return url;
  } catch {
    throw new TdlError("MALFORMED_INPUT", `--node: "${String(text)}" is not an http(s) URL`);
  }
}

/** fetch against the node; a refused connection is "unavailable" (exit 3), an error body becomes its TdlError. */
export async function call(node: URL, pathname: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(pathname, node);
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    throw new TdlError("CHAIN_UNAVAILABLE", `the node at ${node.origin} cannot be reached: ${(cause as Error).message}`, { cause });
  }
  if (response.ok) return response;
  let code = "INTERNAL";
  let message = `${url.pathname}: HTTP ${response.status}`;
  let zh: string | undefined;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; messageZh?: unknown } };
    if (typeof body.error?.code === "string") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
    if (typeof body.error?.messageZh === "string") zh = `节点答复：${body.error.messageZh}`;
  } catch {
    // not a JSON error body
  }
  if (response.status >= 500 && code === "INTERNAL") code = "CHAIN_UNAVAILABLE";
  throw new TdlError(code as TdlErrorCode, `the node says: ${message}`, { details: { status: response.status, ...(zh === undefined ? {} : { zh }) } });
}

/** Signs in to the node with the --key key (SIWE); returns the bearer token and who the node says we are. */
export async function signInWithKey(run: Run, node: URL): Promise<SignInSession> {
  return signIn(node, await run.wallet(), {
    statement: "Sign in to the Trusted Data Ledger node with my staff key.", // EIP-4361 statements are ASCII
    request: (url, init) => call(node, url.pathname, init),
  });
}


/** GET as anyone first; when the node asks for a session (401), again signed in with the --key key. */
export async function callSigningInWhenAsked(run: Run, node: URL, pathname: string): Promise<Response> {
  try {
    return await call(node, pathname);
  } catch (error) {
    if (!(error instanceof TdlError && error.code === "UNAUTHENTICATED")) throw error;
    const session = await signInWithKey(run, node);
    return call(node, pathname, { headers: { authorization: `Bearer ${session.token}` } });
  }
}
