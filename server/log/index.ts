/** The pure log: RFC 6962 hashing, proof node ids, verification, checkpoints and entries. No I/O. */
export { rfc6962Sha256, type Hasher } from "./hasher";
export { nodeId, parentOf, siblingOf, coverage, rangeNodes, type NodeID } from "./nodeid";
export { inclusionNodes, consistencyNodes, rehash, type ProofNodes } from "./proof";
export { verifyInclusion, verifyConsistency, rootFromInclusionProof, rootFromConsistencyProof } from "./verify";
export { appendLeaf, rootFromBorder, rootOfLeafHashes, borderNodeIds, EMPTY_BORDER, type RightBorder, type TreeNode } from "./tree";
export { formatCheckpoint, parseCheckpoint, type Checkpoint } from "./checkpoint";
export {
  signNote,
  parseNote,
  verifyNote,
  parseVerifierKey,
  formatVerifierKey,
  ed25519KeyId,
  type Note,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type VerifiedNote,
} from "./note";
export { parseSignerKey, generateNoteKey } from "./signer-key";
export { encodeEntry, parseEntry, checkEntry, type AccessLogEntry, type ProductRun, type QueryRecord } from "./entry";
export { canonicalJson, type CanonicalValue } from "./canonical-json";
export { decodeBase64, encodeBase64 } from "./base64";
