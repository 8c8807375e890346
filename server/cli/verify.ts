import { readFile } from "node:fs/promises";
import { checkBundleOnChain, checkKeyOnChain } from "../chain";
import { TdlError } from "../errors";
import { rfc6962Sha256 as hasher, verifyConsistency, verifyInclusion } from "../log";
import { parseProofBundle, verifyProofBundle } from "../log/bundle";
import { refusalText } from "../log/bundle-refusals";
import { resolveLang } from "./i18n";
import { connectChain, type ChainOptions } from "./chain-options";
import { reportError, reportOk, type ExitCode, type Io } from "./output";
import { parseUint } from "./arguments";
import { hex, parseHash, parseProof } from "./parse";

export interface InclusionArgs {
  leafHash: string;
  index: string;
  size: string;
  root: string;
  proof: string;
  json?: boolean;
}

export async function verifyInclusionCommand(io: Io, args: InclusionArgs): Promise<ExitCode> {
  const json = args.json === true;
  try {
    const leafHash = parseHash("--leaf-hash", args.leafHash);
    const index = parseUint(args.index, "--index", Number.MAX_SAFE_INTEGER);
    const size = parseUint(args.size, "--size", Number.MAX_SAFE_INTEGER);
    const root = parseHash("--root", args.root);
    const proof = parseProof("--proof", args.proof);
    verifyInclusion(hasher, index, size, leafHash, proof, root);
    return reportOk(io, json, `entry ${index} (leaf ${hex(leafHash).slice(0, 16)}…) is in the tree of ${size} with root ${hex(root).slice(0, 16)}…`, {
      index,
      size,
      leafHash: hex(leafHash),
      root: hex(root),
    });
  } catch (error) {
    return reportError(io, json, error);
  }
}

export interface ConsistencyArgs {
  size1: string;
  size2: string;
  root1: string;
  root2: string;
  proof: string;
  json?: boolean;
}

export async function verifyConsistencyCommand(io: Io, args: ConsistencyArgs): Promise<ExitCode> {
  const json = args.json === true;
  try {
    const size1 = parseUint(args.size1, "--size1", Number.MAX_SAFE_INTEGER);
    const size2 = parseUint(args.size2, "--size2", Number.MAX_SAFE_INTEGER);
    const root1 = parseHash("--root1", args.root1);
    const root2 = parseHash("--root2", args.root2);
    const proof = parseProof("--proof", args.proof);
    verifyConsistency(hasher, size1, size2, proof, root1, root2);
    return reportOk(io, json, `the tree of ${size2} extends the tree of ${size1}`, { size1, size2, root1: hex(root1), root2: hex(root2) });
  } catch (error) {
    return reportError(io, json, error);
  }
}

export interface BundleArgs extends ChainOptions {
  verifierKey?: string;
  lang?: string;
  json?: boolean;
}

async function readBundleFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `cannot read the bundle file ${file}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new TdlError("MALFORMED_INPUT", `the bundle file ${file} is not JSON`);
  }
}

/** A refusal with its message in the reader's language (bundle-refusals.ts carries both). */
function inLanguage(error: unknown, lang: "en" | "zh"): unknown {
  if (!(error instanceof TdlError) || lang === "en" || refusalText(error, lang) === error.message) return error;
  return new TdlError(error.code, refusalText(error, lang), { details: error.details, cause: error });
}

export async function verifyBundleCommand(io: Io, file: string, args: BundleArgs): Promise<ExitCode> {
  const json = args.json === true;
  try {
    const value = await readBundleFile(file);
    const verified = verifyProofBundle(hasher, value, args.verifierKey);
    const bundle = parseProofBundle(value);
    const result = {
      index: bundle.index,
      treeSize: bundle.treeSize,
      origin: bundle.origin,
      root: hex(verified.checkpoint.root),
      signedBy: verified.signedBy,
      keyPinned: args.verifierKey !== undefined,
      chain: null as null | Record<string, unknown>,
    };
    const client = await connectChain(args);
    if (client === undefined) {
      const anchored = bundle.anchor ? `; anchor claimed at size ${bundle.anchor.size} (not checked: no --rpc)` : "; no anchor";
      const keyNote = args.verifierKey === undefined ? "; checkpoint key not checked against the chain (no --rpc)" : "";
      return reportOk(io, json, `entry ${bundle.index} is in ${bundle.origin} at size ${bundle.treeSize}, checkpoint signed by ${verified.signedBy}${anchored}${keyNote}`, result);
    }
    try {
      const contract = await client.accessLogAnchor();
      // The checkpoint key the chain registers for this log, never the key the bundle's node serves.
      const key = await checkKeyOnChain(contract, bundle.origin, bundle.treeSize, bundle.verifierKey);
      const onChain = await checkBundleOnChain(contract, bundle);
      result.chain = { ...onChain, keyIndex: key.keyIndex, keyValidFromSize: key.validFromSize, keySetAtBlock: key.setAtBlock };
      return reportOk(
        io,
        json,
        `entry ${bundle.index} is in ${bundle.origin} at size ${bundle.treeSize}, checkpoint signed by ${verified.signedBy} (the chain's key ${key.keyIndex} of log ${key.logId}, set in block ${key.setAtBlock}), root anchored on chain ${onChain.chainId} (log ${onChain.logId}, ${onChain.contract}) by transaction ${onChain.txHash} in block ${onChain.blockNumber}`,
        result,
      );
    } finally {
      client.close();
    }
  } catch (error) {
    return reportError(io, json, inLanguage(error, resolveLang(args.lang)));
  }
}
