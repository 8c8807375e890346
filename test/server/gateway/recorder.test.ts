import { expect } from "chai";
import { createHash } from "node:crypto";
import { createRecorder } from "../../../server/gateway";
import { canonicalJson, generateNoteKey, parseSignerKey, rfc6962Sha256 } from "../../../server/log";
import { createGroupCommitAppender, createMemoryLogStore } from "../../../server/storage";

/* The log's request digests are keyed (issue 15 item 5): whoever reads an entry cannot guess a low-entropy request back. */

async function recorderWith(requestKey: Uint8Array) {
  const store = await createMemoryLogStore({ hasher: rfc6962Sha256 });
  const key = generateNoteKey("tdl.example.gov.cn/recorder-test");
  return createRecorder({ appender: createGroupCommitAppender(store), hasher: rfc6962Sha256, noteSigner: parseSignerKey(key.signerKey), origin: "tdl.example.gov.cn/recorder-test", requestKey });
}

describe("the recorder's request digests", function () {
  // a request with little entropy: one credit code out of a public, enumerable set
  const request = { uscc: "91350100M000100Y43", fields: ["credit_grade"] };

  it("are HMAC-SHA256 under the node's key over the canonical body: stable on one node, not the body's plain SHA-256", async function () {
    const node = await recorderWith(new Uint8Array(32).fill(1));
    const digest = node.digestOf(request);
    expect(digest).to.match(/^[0-9a-f]{64}$/);
    expect(node.digestOf({ fields: ["credit_grade"], uscc: "91350100M000100Y43" })).to.equal(digest); // key order does not matter
    expect(digest).to.not.equal(createHash("sha256").update(canonicalJson(request)).digest("hex"));
  });

  it("differ between nodes with different keys, so a digest cannot be checked against guesses without the key", async function () {
    const [a, b] = await Promise.all([recorderWith(new Uint8Array(32).fill(1)), recorderWith(new Uint8Array(32).fill(2))]);
    expect(a.digestOf(request)).to.not.equal(b.digestOf(request));
  });
});
