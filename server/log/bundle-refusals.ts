import { TdlError, type TdlErrorCode } from "../errors";

/*
 * Why a proof bundle is refused when one of its bindings does not hold (issue 15 items 6 and 7): the
 * entry's origin against the checkpoint's, the anchor's transaction against the chain, the checkpoint
 * key against the key the chain registers for the log. Each refusal is a TdlError whose message is the
 * English sentence and whose details carry the check's name and the Chinese sentence, so the CLI
 * (--lang zh) and the dashboard show the reader's language. Pure: no I/O.
 */

type Args = Readonly<Record<string, string | number>>;

interface Refusal {
  readonly code: TdlErrorCode;
  readonly en: (a: Args) => string;
  readonly zh: (a: Args) => string;
}

const REFUSALS = {
  entryOrigin: {
    code: "ROOT_MISMATCH",
    en: (a) => `the entry was decided by node "${a.entryOrigin}", but the checkpoint is of log "${a.origin}": an entry proves nothing about another node's log (R17)`,
    zh: (a) => `该记录由节点“${a.entryOrigin}”作出，而检查点属于日志“${a.origin}”：记录不能证明另一节点的日志（R17）`,
  },
  anchorTxMissing: {
    code: "ROOT_MISMATCH",
    en: (a) => `the chain has no transaction ${a.txHash}, which the bundle names as its anchor`,
    zh: (a) => `链上没有证明包所称的锚定交易 ${a.txHash}`,
  },
  anchorTxBlock: {
    code: "ROOT_MISMATCH",
    en: (a) => `anchor transaction ${a.txHash} is in block ${a.actual}, the bundle says block ${a.stated}`,
    zh: (a) => `锚定交易 ${a.txHash} 位于区块 ${a.actual}，而证明包称区块 ${a.stated}`,
  },
  anchorTxFailed: {
    code: "ROOT_MISMATCH",
    en: (a) => `anchor transaction ${a.txHash} failed on chain (status 0): it anchored nothing`,
    zh: (a) => `锚定交易 ${a.txHash} 在链上执行失败（状态 0），未锚定任何内容`,
  },
  anchorTxContract: {
    code: "ROOT_MISMATCH",
    en: (a) => `anchor transaction ${a.txHash} was sent to ${a.to}, not to the AccessLogAnchor ${a.contract}`,
    zh: (a) => `锚定交易 ${a.txHash} 发往 ${a.to}，而非访问日志锚定合约 ${a.contract}`,
  },
  anchorTxEvent: {
    code: "ROOT_MISMATCH",
    en: (a) => `anchor transaction ${a.txHash} did not anchor log ${a.logId} at size ${a.size} with root ${a.root} (no such LogRootAnchored event)`,
    zh: (a) => `锚定交易 ${a.txHash} 并未将日志 ${a.logId} 以树根 ${a.root} 锚定于 ${a.size} 条（无相应的 LogRootAnchored 事件）`,
  },
  chainKeyNone: {
    code: "UNKNOWN_KEY",
    en: (a) => `the chain registers no checkpoint key for "${a.origin}" at size ${a.size}: its checkpoints cannot be trusted (R17)`,
    zh: (a) => `链上没有登记“${a.origin}”适用于 ${a.size} 条的检查点公钥：其检查点不可信（R17）`,
  },
  chainKeyMismatch: {
    code: "UNKNOWN_KEY",
    en: (a) => `the checkpoint is signed by ${a.key}, but the chain registers ${a.chainKey} for log ${a.logId} at size ${a.size}: the node does not serve the key the chain names`,
    zh: (a) => `检查点由 ${a.key} 签名，而链上为日志 ${a.logId} 在 ${a.size} 条处登记的公钥是 ${a.chainKey}：节点提供的公钥不是链上登记的公钥`,
  },
} satisfies Record<string, Refusal>;

export type BundleRefusal = keyof typeof REFUSALS;

/** The refusal `check` with its arguments, as a TdlError (message in English, details.zh in Chinese). */
export function bundleRefusal(check: BundleRefusal, args: Args): TdlError {
  const refusal: Refusal = REFUSALS[check];
  return new TdlError(refusal.code, refusal.en(args), { details: { check, zh: refusal.zh(args) } });
}

/** The message of an error in a language: a refusal's Chinese sentence for zh, else its message. */
export function refusalText(error: unknown, lang: "en" | "zh"): string {
  const message = error instanceof Error ? error.message : String(error);
  if (lang !== "zh" || !(error instanceof TdlError)) return message;
  const zh = error.details?.zh;
  return typeof zh === "string" ? zh : message;
}

/** "<name>+<hex key id>" of a verifier key string: how a key is named to people. */
export function keyName(verifierKey: string): string {
  return verifierKey.split("+").slice(0, 2).join("+");
}
