import { TdlError } from "../../server/errors";
import { parseProofBundle, verifyProofBundle, type ProofBundle } from "../../server/log/bundle";
import { bundleRefusal, keyName as nameOfKey } from "../../server/log/bundle-refusals";
import { canonicalJson } from "../../server/log/canonical-json";
import { rfc6962Sha256 } from "../../server/log/hasher";
import { accessLogOrigin, anchoredRoot, chainId, chainLogKey, contractVerifyInclusion, type ChainKey } from "./anchor-contract";
import { getJson } from "./api";
import { t } from "./i18n";
import { errorText } from "./view";

/*
 * Verifying an entry in the browser. The offline part is the CLI's own verifyProofBundle (server/log/bundle.ts),
 * run here unchanged with the RFC 6962 hasher; its Ed25519 checks are WebCrypto's, done just before. The key it
 * trusts is the one the chain registers for the log (AccessLogAnchor.logKeyFor), never the node's. The chain
 * part asks the chain itself over JSON-RPC what server/chain/bundle-check.ts asks it for `tdl verify bundle --rpc`:
 * the chain id, the log's origin, the root anchored at the bundle's size, and the contract's own verifyInclusion.
 */

export type StepStatus = "pass" | "fail" | "skip";

export interface Step {
  readonly id: string;
  readonly text: string;
  status: StepStatus;
  why?: string;
}

export interface VerifyRequest {
  /** An entry index, or the JSON of an access receipt or a proof bundle. */
  readonly input: string;
  readonly rpcUrl: string;
  /** A checkpoint key the reader pins besides the chain's; empty: the chain's key alone. */
  readonly trustedKey: string;
  /** The AccessLogAnchor the node names; empty: whatever contract the bundle names. */
  readonly anchorContract: string;
}

export interface VerifyOutcome {
  readonly ok: boolean;
  readonly steps: Step[];
  readonly bundle?: ProofBundle;
  readonly summary: string;
}

interface Receipt {
  readonly index: number;
  readonly leafHash: string;
  readonly entry: unknown;
}

class Checklist {
  readonly steps: Step[] = [];
  failed: Step | undefined;

  add(id: string, text: string): Step {
    const step: Step = { id, text, status: this.failed ? "skip" : "pass" };
    if (this.failed) step.why = t("stepSkipped");
    this.steps.push(step);
    return step;
  }

  /** Runs `check` as one step; a throw fails it and every later step is skipped. */
  async run(id: string, text: string, check: () => unknown): Promise<boolean> {
    const step = this.add(id, text);
    if (this.failed) return false;
    try {
      await check();
      return true;
    } catch (error) {
      this.fail(step, errorText(error));
      return false;
    }
  }

  fail(step: Step, why: string): void {
    step.status = "fail";
    step.why = why;
    this.failed ??= step;
  }
}

function isReceipt(value: unknown): value is Receipt {
  const r = value as Record<string, unknown> | null;
  return typeof r === "object" && r !== null && typeof r.note === "string" && typeof r.range === "object" && typeof r.index === "number";
}

/** Which step a verifyProofBundle error belongs to. */
function stepOf(error: unknown): string {
  if (!(error instanceof TdlError)) return "signature";
  if (error.code === "ROOT_MISMATCH") {
    const check = error.details?.check;
    return check === "leafHash" ? "leaf" : check === "origin" || check === "entryOrigin" || check === "treeSize" ? "origin" : check === "inclusionProof" ? "inclusion" : check === "anchor" ? "anchor" : "inclusion";
  }
  if (error.code === "MALFORMED_PROOF") return "inclusion";
  if (error.code === "MALFORMED_INPUT") return "shape";
  return "signature";
}

function mismatch(message: string): never {
  throw new Error(message);
}

export async function verifyEntry(request: VerifyRequest): Promise<VerifyOutcome> {
  const list = new Checklist();
  const input = request.input.trim();
  let raw: unknown;
  let receipt: Receipt | undefined;

  // ==== the bundle: fetched by index (a receipt names its index) or pasted ====
  if (/^[0-9]{1,15}$/.test(input)) {
    await list.run("fetch", t("stepFetch", { index: input }), async () => {
      raw = await getJson<unknown>(`/api/v1/log/bundles/${input}`, { fresh: true, auth: true });
    });
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      list.fail(list.add("fetch", t("stepPasted")), "not an entry index, and not JSON");
    }
    if (isReceipt(parsed)) {
      receipt = parsed;
      await list.run("fetch", t("stepFetch", { index: parsed.index }), async () => {
        raw = await getJson<unknown>(`/api/v1/log/bundles/${parsed.index}`, { fresh: true, auth: true });
      });
    } else if (!list.failed) {
      list.add("fetch", t("stepPasted"));
      raw = parsed;
    }
  }

  let bundle: ProofBundle | undefined;
  await list.run("shape", t("stepShape"), () => {
    bundle = parseProofBundle(raw);
  });
  if (receipt !== undefined) {
    const r = receipt;
    await list.run("receipt", t("stepReceipt", { index: r.index }), () => {
      const b = bundle as ProofBundle;
      if (r.index !== b.index) mismatch(`the receipt is for entry ${r.index}, the bundle for ${b.index}`);
      if (r.leafHash !== b.leafHash) mismatch(`the receipt's leaf hash ${r.leafHash} is not the bundle's ${b.leafHash}`);
      if (canonicalJson(r.entry as never) !== canonicalJson(b.entry)) mismatch("the receipt's entry is not the bundle's entry");
    });
  }

  // ==== offline: the CLI's verifyProofBundle ====
  const keyName = bundle === undefined ? "?" : nameOfKey(bundle.verifierKey);
  const pinned = request.trustedKey.trim();
  // The trusted key: the chain's for this log at this size, read over JSON-RPC (never the node's word).
  let chainKey: ChainKey | undefined;
  let keyError: unknown;
  const keyContract = request.anchorContract.trim() || (bundle?.anchor?.contract ?? "");
  if (!list.failed && bundle !== undefined) {
    await chainLogKey(request.rpcUrl, keyContract, bundle.origin, bundle.treeSize).then(
      (key) => (chainKey = key),
      (error: unknown) => (keyError = error),
    );
  }
  const trustedText = chainKey === undefined
    ? t("stepTrusted")
    : t("stepTrustedChain", { key: nameOfKey(chainKey.verifierKey), index: chainKey.keyIndex, logId: chainKey.logId, contract: keyContract, block: chainKey.setAtBlock });
  const offline = {
    trusted: list.add("trusted", trustedText),
    leaf: list.add("leaf", t("stepLeaf")),
    signature: list.add("signature", t("stepSignature", { key: keyName })),
    origin: list.add("origin", t("stepOrigin")),
    inclusion: list.add("inclusion", t("stepInclusion")),
    anchor: list.add("anchor", t("stepAnchor")),
  };
  if (!list.failed && bundle !== undefined) {
    const b = bundle;
    if (chainKey === undefined) {
      list.fail(offline.trusted, t("chainKeyUnread", { reason: errorText(keyError) }));
    } else if (pinned !== "" && pinned !== chainKey.verifierKey) {
      list.fail(offline.trusted, t("pinnedNotChain", { pinned: nameOfKey(pinned), key: nameOfKey(chainKey.verifierKey) }));
    } else if (b.verifierKey !== chainKey.verifierKey) {
      const args = { key: keyName, chainKey: nameOfKey(chainKey.verifierKey), logId: chainKey.logId, size: b.treeSize };
      list.fail(offline.trusted, errorText(bundleRefusal("chainKeyMismatch", args)));
    } else {
      const trusted = chainKey.verifierKey;
      try {
        verifyProofBundle(rfc6962Sha256, b, trusted);
      } catch (error) {
        const at = stepOf(error);
        const step = at === "shape" ? offline.leaf : (offline as Record<string, Step>)[at] ?? offline.signature;
        list.fail(step, errorText(error));
      }
    }
    // Steps after the failing one were not reached inside verifyProofBundle.
    let past = false;
    for (const step of Object.values(offline)) {
      if (past) {
        step.status = "skip";
        step.why = t("stepSkipped");
      }
      if (step === list.failed) past = true;
    }
  }

  // ==== the chain, over JSON-RPC ====
  const a = bundle?.anchor ?? null;
  const b = bundle;
  if (!list.failed && a === null) list.fail(offline.anchor, t("unanchored"));
  const chainSteps = a !== null && b !== undefined;
  await list.run("chainId", t("stepChainId", { chainId: a?.chainId ?? "?" }), async () => {
    if (!chainSteps) return;
    const served = await chainId(request.rpcUrl);
    if (served !== a.chainId) mismatch(`the bundle is anchored on chain ${a.chainId}, ${request.rpcUrl} serves chain ${served}`);
  });
  const contract = request.anchorContract.trim();
  await list.run("contract", t("stepContract", { contract: contract || (a?.contract ?? "?") }), () => {
    if (!chainSteps || contract === "") return;
    if (a.contract.toLowerCase() !== contract.toLowerCase()) mismatch(`the bundle names contract ${a.contract}, not ${contract}`);
  });
  await list.run("logOrigin", t("stepLogOrigin", { logId: a?.logId ?? "?", origin: b?.origin ?? "?" }), async () => {
    if (!chainSteps) return;
    const origin = await accessLogOrigin(request.rpcUrl, a.contract, a.logId);
    if (origin !== b.origin) mismatch(`log ${a.logId} on chain has origin "${origin}", the bundle says "${b.origin}"`);
  });
  await list.run("chainRoot", t("stepChainRoot", { logId: a?.logId ?? "?", size: a?.size ?? "?" }), async () => {
    if (!chainSteps) return;
    const root = await anchoredRoot(request.rpcUrl, a.contract, a.logId, a.size);
    if (/^0x0+$/.test(root)) mismatch(`log ${a.logId} has no root anchored at size ${a.size} on chain ${a.chainId}`);
    if (root !== a.root.toLowerCase()) mismatch(`the chain anchored root ${root} at size ${a.size}, the bundle says ${a.root}`);
  });
  await list.run("chainInclusion", t("stepChainInclusion"), async () => {
    if (!chainSteps) return;
    const included = await contractVerifyInclusion(request.rpcUrl, a.contract, a.logId, a.size, b.index, `0x${b.leafHash}`, b.inclusionProof.map((x) => `0x${x}`));
    if (!included) mismatch(`the contract's verifyInclusion rejects entry ${b.index} at size ${a.size}`);
  });

  const ok = list.failed === undefined && a !== null && b !== undefined;
  const summary = ok
    ? t("verdictOk", { index: b.index, origin: b.origin, size: b.treeSize, chainId: a.chainId, logId: a.logId, contract: a.contract })
    : t("verdictBad", { reason: list.failed?.why ?? "?" });
  return { ok, steps: list.steps, bundle, summary };
}
