import { ApiError, getJson, postJson, sessionToken, setSessionToken, type SessionInfo } from "./api";
import { h, replaceChildren, uid } from "./dom";
import { t, word } from "./i18n";
import { ORG_KINDS } from "./terms";
import { errorText } from "./view";

/*
 * Supervisor sign-in: the node's own EIP-4361 sign-in. A session token can be pasted (from `tdl`), or
 * obtained by signing the node's sign-in message with a browser wallet when one is present.
 */

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

function wallet(): Eip1193 | undefined {
  return (window as unknown as { ethereum?: Eip1193 }).ethereum;
}

/** The EIP-4361 message text, as the node's `siwe` parser reads it. */
export function signInMessage(p: { domain: string; address: string; uri: string; chainId: number; nonce: string; issuedAt: Date; expiresAt: Date }): string {
  return [
    `${p.domain} wants you to sign in with your Ethereum account:`,
    p.address,
    "",
    "Sign in to the Trusted Data Ledger dashboard.",
    "",
    `URI: ${p.uri}`,
    "Version: 1",
    `Chain ID: ${p.chainId}`,
    `Nonce: ${p.nonce}`,
    `Issued At: ${p.issuedAt.toISOString()}`,
    `Expiration Time: ${p.expiresAt.toISOString()}`,
  ].join("\n");
}

async function signInWithWallet(provider: Eip1193): Promise<string> {
  const accounts = (await provider.request({ method: "eth_requestAccounts" })) as string[];
  const { getAddress } = await import("ethers");
  const address = getAddress(accounts[0]);
  const n = await getJson<{ nonce: string; domain: string; uri: string; chainId: number }>("/api/v1/auth/nonce", { fresh: true });
  const now = new Date();
  const message = signInMessage({ ...n, address, issuedAt: now, expiresAt: new Date(now.getTime() + 5 * 60_000) });
  const signature = (await provider.request({ method: "personal_sign", params: [message, address] })) as string;
  const { token } = await postJson<{ token: string }>("/api/v1/auth/sign-in", { message, signature });
  return token;
}

/** The header's sign-in control; `changed` runs after the session changes (the view re-renders). */
export function sessionControl(changed: () => void): HTMLElement {
  const status = h("span", { class: "session-status", "aria-live": "polite" });
  const message = h("p", { class: "session-message", role: "status" });
  const tokenId = uid("token");
  const helpId = uid("token-help");
  const input = h("input", { id: tokenId, type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": helpId });
  const details = h("details", { class: "session" });

  const refresh = async () => {
    if (sessionToken() === null) {
      status.textContent = t("sessionNone");
      return;
    }
    try {
      const s = await getJson<SessionInfo>("/api/v1/auth/session", { auth: true, fresh: true });
      status.textContent = t("sessionSignedIn", { org: s.org, kind: word(ORG_KINDS, s.kind.charAt(0).toLowerCase() + s.kind.slice(1)) });
    } catch (error) {
      setSessionToken(null);
      status.textContent = t("sessionNone");
      message.textContent = t("sessionRefused", { message: error instanceof ApiError ? error.message : errorText(error) });
    }
  };

  const use = async (token: string | null) => {
    message.textContent = "";
    setSessionToken(token);
    await refresh();
    changed();
  };

  const form = h(
    "form",
    {
      class: "session-form",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        input.value = "";
        void use(token === "" ? null : token);
      },
    },
    h("label", { for: tokenId }, t("sessionToken")),
    input,
    h("small", { id: helpId }, t("sessionTokenHelp")),
    h("div", { class: "buttons" }, h("button", { type: "submit" }, t("sessionSave")), h("button", { type: "button", class: "secondary", onclick: () => void use(null) }, t("sessionSignOut"))),
  );
  const walletButton = h(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: async () => {
        const provider = wallet();
        if (provider === undefined) {
          message.textContent = t("sessionNoWallet");
          return;
        }
        try {
          await use(await signInWithWallet(provider));
        } catch (error) {
          message.textContent = t("sessionRefused", { message: errorText(error) });
        }
      },
    },
    t("sessionWallet"),
  );
  replaceChildren(details, h("summary", null, t("session"), ": ", status), h("div", { class: "session-body" }, form, walletButton, message));
  void refresh();
  return details;
}
