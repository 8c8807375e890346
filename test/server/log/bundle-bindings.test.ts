import { expect } from "chai";
import { encodeEntry, formatCheckpoint, generateNoteKey, parseSignerKey, rfc6962Sha256 as hasher, signNote, type AccessLogEntry } from "../../../server/log";
import { verifyProofBundle, type ProofBundle } from "../../../server/log/bundle";
import { refusalText } from "../../../server/log/bundle-refusals";
import { expectTdlError } from "./expect-error";
import { SAMPLE_ENTRY } from "./fixtures/entries";
import { ReferenceTree } from "./reference-tree";

/*
 * Issue 15 item 6a: an entry that names another node's origin, in a log signed by this node, must not
 * verify as "entry N of this node's log". The log of node A holds one entry of its own and one that
 * claims to be node B's decision; A's checkpoint signs both.
 */

const NODE_A = "tdl.example.gov.cn/node-a";
const NODE_B = "tdl.example.gov.cn/node-b";

describe("proof bundle origin binding", function () {
  const key = generateNoteKey(NODE_A);
  const entries: AccessLogEntry[] = [
    { ...SAMPLE_ENTRY, origin: NODE_A },
    { ...SAMPLE_ENTRY, origin: NODE_B, requestDigest: "ab".repeat(32) },
  ];
  const tree = new ReferenceTree(hasher, entries.map((entry) => hasher.hashLeaf(encodeEntry(entry))));
  const checkpoint = signNote(formatCheckpoint({ origin: NODE_A, size: 2, root: tree.root(2), extensions: [] }), [parseSignerKey(key.signerKey)]);
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
  const bundle = (index: number): ProofBundle => ({
    version: 1,
    origin: NODE_A,
    index,
    entry: entries[index],
    leafHash: hex(tree.leafHashes[index]),
    treeSize: 2,
    inclusionProof: tree.inclusionProof(index, 2).map(hex),
    checkpoint,
    verifierKey: key.verifierKey,
    anchor: null,
  });

  it("verifies the entry whose origin is the checkpoint's", function () {
    expect(verifyProofBundle(hasher, bundle(0), key.verifierKey).checkpoint.origin).to.equal(NODE_A);
  });

  it("refuses the entry that names another node's origin, with the check named and a sentence in English and Chinese", function () {
    const error = expectTdlError(() => verifyProofBundle(hasher, bundle(1), key.verifierKey), "ROOT_MISMATCH");
    expect(error.details?.check).to.equal("entryOrigin");
    expect(error.message).to.equal(
      `the entry was decided by node "${NODE_B}", but the checkpoint is of log "${NODE_A}": an entry proves nothing about another node's log (R17)`,
    );
    expect(refusalText(error, "zh")).to.equal(`该记录由节点“${NODE_B}”作出，而检查点属于日志“${NODE_A}”：记录不能证明另一节点的日志（R17）`);
  });
});
