import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import {
  appendLeaf,
  borderNodeIds,
  coverage,
  EMPTY_BORDER,
  rfc6962Sha256 as hasher,
  rootFromBorder,
  rootOfLeafHashes,
  type RightBorder,
} from "../../../server/log";
import { LEAF_INPUTS, NODE_HASHES, ROOT_HASHES } from "./fixtures/rfc6962-vectors";
import { ReferenceTree, leafData, toHex } from "./reference-tree";

useSeed("server/log/tree.test.ts");

describe("rfc6962Sha256", () => {
  it("hashes the published leaves to the published level-0 nodes", () => {
    expect(LEAF_INPUTS.map((leaf) => toHex(hasher.hashLeaf(leaf)))).to.deep.equal(NODE_HASHES[0].map(toHex));
  });

  it("gives SHA-256 of nothing as the empty root", () => {
    expect(toHex(hasher.emptyRoot())).to.equal(toHex(ROOT_HASHES[0]));
  });
});

describe("rootOfLeafHashes", () => {
  it("gives the published roots of the first 0..8 leaves", () => {
    const leafHashes = LEAF_INPUTS.map((leaf) => hasher.hashLeaf(leaf));
    for (let size = 0; size <= 8; size++) {
      expect(toHex(rootOfLeafHashes(hasher, leafHashes.slice(0, size))), `size ${size}`).to.equal(toHex(ROOT_HASHES[size]));
    }
  });

  it("gives MTH of the reference tree for every size up to 300", () => {
    const tree = ReferenceTree.fromLeafData(hasher, leafData(300));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (size) => {
        expect(rootOfLeafHashes(hasher, tree.leafHashes.slice(0, size))).to.deep.equal(tree.root(size));
      }),
    );
  });
});

describe("appendLeaf", () => {
  it("completes exactly the published perfect subtrees of the 8-leaf tree", () => {
    let border: RightBorder = EMPTY_BORDER;
    const completed = new Map<string, string>();
    for (const leaf of LEAF_INPUTS) {
      const step = appendLeaf(hasher, border, hasher.hashLeaf(leaf));
      step.completed.forEach((node) => completed.set(`${node.id.level}/${node.id.index}`, toHex(node.hash)));
      border = step.border;
    }
    const published = new Map(NODE_HASHES.flatMap((level, l) => level.map((hash, i) => [`${l}/${i}`, toHex(hash)] as const)));
    expect(completed).to.deep.equal(published);
  });

  it("keeps the border equal to the reference hashes of borderNodeIds(size), and its root MTH", () => {
    const tree = ReferenceTree.fromLeafData(hasher, leafData(300));
    let border: RightBorder = EMPTY_BORDER;
    for (let size = 1; size <= 300; size++) {
      const before = border;
      const step = appendLeaf(hasher, border, tree.leafHashes[size - 1]);
      border = step.border;
      expect(before.size, "the input border is not changed").to.equal(size - 1);
      expect(border.size).to.equal(size);
      expect(border.hashes).to.deep.equal(borderNodeIds(size).map((id) => tree.hash(...coverage(id))));
      expect(rootFromBorder(hasher, border)).to.deep.equal(tree.root(size));
      for (const node of step.completed) {
        expect(node.hash, `node (${node.id.level}, ${node.id.index})`).to.deep.equal(tree.hash(...coverage(node.id)));
        expect(coverage(node.id)[1]).to.equal(size);
      }
    }
  });
});
