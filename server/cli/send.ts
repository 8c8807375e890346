/*
 * The one way a command changes the ledger: sendTx sends a registry call from the --key key or, under
 * `tdl sign`, signs it offline into a file (EIP-712 SignedCall); reportSent prints either outcome.
 */
import { getAddress, hexlify, randomBytes, type Interface, type TypedDataDomain } from "ethers";
import { onChain } from "../chain";
import { keyedNonce, signCall, toJson, type SignedCall } from "../chain/signing";
import { TdlError } from "../errors";
import { parseDuration } from "./arguments";
import { contractInterface, type LedgerContractName } from "../chain";
import type { Run } from "./context";
import { writeOutFile } from "./out-file";
import { bi, WORDS, type Bilingual } from "./i18n";
import type { ExitCode } from "./output";

export interface TxEvent {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

export interface TxResult {
  readonly tx: string;
  readonly block: number;
  readonly events: TxEvent[];
}

/** What `sendTx` reports: done on chain, or signed into a file for someone to submit. */
export type Sent = ({ mode: "sent" } & TxResult) | { mode: "signed"; file: string; call: SignedCall };

/** The first argument of the first event named `name`, as a number (new ids: org, qualification, grant, ...). */
export function newId(result: TxResult, name: string): number | undefined {
  const event = result.events.find((e) => e.name === name);
  if (event === undefined) return undefined;
  const first = Object.values(event.args)[0];
  return first === undefined ? undefined : Number(first);
}

function eventArgs(fragmentInputs: readonly { name: string }[], values: readonly unknown[]): Record<string, unknown> {
  const plain = (v: unknown): unknown =>
    typeof v === "bigint" ? v.toString() : Array.isArray(v) ? v.map(plain) : v !== null && typeof v === "object" && "toArray" in v ? plain((v as { toArray(): unknown[] }).toArray()) : v;
  return Object.fromEntries(fragmentInputs.map((input, i) => [input.name || String(i), plain(values[i])]));
}

/** Decodes the logs a contract emitted in a receipt. */
export function decodeEvents(iface: Interface, address: string, logs: readonly { address: string; topics: readonly string[]; data: string }[]): TxEvent[] {
  const events: TxEvent[] = [];
  for (const log of logs) {
    if (getAddress(log.address) !== getAddress(address)) continue;
    try {
      const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
      if (parsed) events.push({ name: parsed.name, args: eventArgs(parsed.fragment.inputs, parsed.args) });
    } catch {
      // an event of another ABI: not ours to show
    }
  }
  return events;
}

/** Sends `data` to a contract from the --key key and waits for it; any revert becomes a TdlError with its sentence. */
export async function sendData(run: Run, name: LedgerContractName, data: string, what: string): Promise<TxResult> {
  const [chain, wallet, to] = await Promise.all([run.chain(), run.wallet(), run.address(name)]);
  const signer = wallet.connect(chain.provider);
  const response = await onChain(what, () => signer.sendTransaction({ to, data }));
  const receipt = await onChain(what, () => response.wait());
  if (receipt === null) throw new TdlError("CHAIN_UNAVAILABLE", `${what}: no receipt for ${response.hash}`);
  return { tx: response.hash, block: receipt.blockNumber, events: decodeEvents(contractInterface(name), to, receipt.logs) };
}

/**
 * The one way a command changes the ledger: `contract.method(...args)` from the --key key. Under
 * `tdl sign ... --out <file>` the call is signed offline instead (EIP-712 SignedCall on a fresh random
 * nonce lane, so no chain read is needed) and written to the file; `tdl submit <file>` relays it.
 */
export async function sendTx(run: Run, name: LedgerContractName, method: string, args: readonly unknown[]): Promise<Sent> {
  const iface = contractInterface(name);
  const data = iface.encodeFunctionData(method, args);
  const signOnly = run.ctx.signOnly;
  if (signOnly === undefined) return { mode: "sent", ...(await sendData(run, name, data, `${name}.${method}`)) };

  const deployments = await run.deployments();
  const verifyingContract = await run.address(name);
  const domain: TypedDataDomain = { name: `TDL ${name}`, version: "1", chainId: deployments.chainId, verifyingContract };
  const deadline = BigInt((await run.now()) + parseDuration(signOnly.validFor));
  const lane = BigInt(hexlify(randomBytes(24)));
  const call = await signCall(await run.wallet(), domain, data, { nonce: keyedNonce(lane, 0n), deadline });
  const fragment = iface.getFunction(method)!;
  const file: SignedCallFile = {
    type: SIGNED_CALL_TYPE,
    network: deployments.network,
    chainId: deployments.chainId,
    contract: name,
    function: fragment.format("sighash"),
    args: eventArgs(fragment.inputs, args) as Record<string, unknown>,
    call,
  };
  await writeOutFile(signOnly.out, toJson(file), run.opts.force === true);
  return { mode: "signed", file: signOnly.out, call };
}

export const SIGNED_CALL_TYPE = "tdl/signed-call@1";
export const DECISION_APPROVAL_TYPE = "tdl/decision-approval@1";

export interface SignedCallFile {
  type: typeof SIGNED_CALL_TYPE;
  network: string;
  chainId: number;
  contract: LedgerContractName;
  function: string;
  args: Record<string, unknown>;
  call: SignedCall;
}



/**
 * Reports the outcome of sendTx: the done sentence (with the new id, the tx and the block) when sent,
 * or where the signature went when signed.
 */
export function reportSent(run: Run, sent: Sent, done: Bilingual, extra: Record<string, unknown> = {}): ExitCode {
  if (sent.mode === "signed") {
    const message = bi(
      `${done.en.replace(/\.$/, "")}: ${WORDS.signedInto.en} ${sent.file}, not sent; ${WORDS.submitHint.en} ${sent.file}`,
      `${done.zh.replace(/。$/, "")}：${WORDS.signedInto.zh} ${sent.file}，未发送；${WORDS.submitHint.zh} ${sent.file}`,
    );
    return run.ok(message, { signed: sent.file, signer: sent.call.signer, nonce: sent.call.nonce, deadline: sent.call.deadline, ...extra });
  }
  const message = bi(`${done.en} (tx ${sent.tx}, block ${sent.block})`, `${done.zh}（交易 ${sent.tx}，区块 ${sent.block}）`);
  return run.ok(message, { tx: sent.tx, block: sent.block, events: sent.events, ...extra });
}

/** sendTx then reportSent, with the id of `idEvent`'s first argument named in the sentence. */
export async function transact(
  run: Run,
  name: LedgerContractName,
  method: string,
  args: readonly unknown[],
  done: (id: number | undefined) => Bilingual,
  idEvent?: string,
): Promise<ExitCode> {
  const sent = await sendTx(run, name, method, args);
  const id = sent.mode === "sent" && idEvent !== undefined ? newId(sent, idEvent) : undefined;
  return reportSent(run, sent, done(id), id === undefined ? {} : { id });
}
