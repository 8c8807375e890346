import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import {
  consistencyNodes,
  coverage,
  inclusionNodes,
  rehash,
  rfc6962Sha256 as hasher,
  rootFromConsistencyProof,
  rootFromInclusionProof,
  type NodeID,
  type ProofNodes,
} from "../../../server/log";
import { expectTdlError } from "./expect-error";
import { ReferenceTree, leafData, toHex } from "./reference-tree";

const tree = ReferenceTree.fromLeafData(hasher, leafData(300));

/** What storage would hold: the hash of each perfect subtree, here from the reference tree. */
function storedHashes(nodes: ProofNodes): Uint8Array[] {
  return nodes.ids.map((id) => tree.hash(...coverage(id)));
}

/** Plain checks rather than one chai assertion per node: these loops run over many thousand proofs. */
function expectPerfectInside(ids: readonly NodeID[], size: number): void {
  for (const id of ids) {
    const [begin, end] = coverage(id);
    if (!Number.isSafeInteger(id.index) || id.index < 0 || end > size || begin >= end) {
      expect.fail(`node (${id.level}, ${id.index}) is not a perfect subtree inside a tree of ${size}`);
    }
  }
}

function expectSameHashes(actual: Uint8Array[], expected: Uint8Array[], what: string): void {
  const [a, e] = [actual.map(toHex).join(","), expected.map(toHex).join(",")];
  if (a !== e) expect(a, what).to.equal(e);
}

useSeed("server/log/proof.test.ts");

describe("inclusionNodes", () => {
  it("names only perfect subtrees inside the tree, and rehash gives PATH(m, n) for every m < n <= 150", () => {
    for (let size = 1; size <= 150; size++) {
      for (let index = 0; index < size; index++) {
        const nodes = inclusionNodes(index, size);
        expectPerfectInside(nodes.ids, size);
        expectSameHashes(rehash(nodes, storedHashes(nodes), hasher), tree.inclusionProof(index, size), `leaf ${index} of ${size}`);
      }
    }
  });

  it("has no ephemeral node in a perfect tree", () => {
    const nodes = inclusionNodes(5, 8);
    expect(nodes.begin).to.equal(nodes.end);
    expect(nodes.ids).to.deep.equal([{ level: 0, index: 4 }, { level: 1, index: 3 }, { level: 2, index: 0 }]);
  });

  it("folds the right border of a 7-leaf tree into one ephemeral node for leaf 0", () => {
    const nodes = inclusionNodes(0, 7);
    // Leaf 1, node [2, 4), then the ephemeral [4, 7) made of leaf 6 and node [4, 6).
    expect(nodes.ids).to.deep.equal([{ level: 0, index: 1 }, { level: 1, index: 1 }, { level: 0, index: 6 }, { level: 1, index: 2 }]);
    expect([nodes.begin, nodes.end]).to.deep.equal([2, 4]);
    expect(nodes.ephem).to.deep.equal({ level: 2, index: 1 });
  });

  context("at sizes past 2^32", () => {
    it("gives as many hashes as the verifier expects", () => {
      const cases = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).chain((size) => fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constant(size)));
      fc.assert(
        fc.property(cases, ([index, size]) => {
          const nodes = inclusionNodes(index, size);
          expectPerfectInside(nodes.ids, size);
          const proof = rehash(nodes, nodes.ids.map(() => hasher.emptyRoot()), hasher);
          // A wrong length would throw MALFORMED_PROOF here.
          rootFromInclusionProof(hasher, index, size, hasher.emptyRoot(), proof);
        }),
      );
    });
  });

  context("when the index is not below the size", () => {
    it("throws OUT_OF_RANGE", () => {
      expectTdlError(() => inclusionNodes(3, 3), "OUT_OF_RANGE");
      expectTdlError(() => inclusionNodes(0, 0), "OUT_OF_RANGE");
    });
  });

  context("when a number is not a size", () => {
    it("throws MALFORMED_INPUT", () => {
      for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) expectTdlError(() => inclusionNodes(bad, 10), "MALFORMED_INPUT");
    });
  });
});

describe("consistencyNodes", () => {
  it("names only perfect subtrees inside the tree, and rehash gives PROOF(m, n) for every 0 < m <= n <= 130", () => {
    for (let size2 = 1; size2 <= 130; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        const nodes = consistencyNodes(size1, size2);
        expectPerfectInside(nodes.ids, size2);
        expectSameHashes(rehash(nodes, storedHashes(nodes), hasher), tree.consistencyProof(size1, size2), `${size1} to ${size2}`);
      }
    }
  });

  it("needs no nodes from the empty tree", () => {
    expect(consistencyNodes(0, 5).ids).to.deep.equal([]);
  });

  context("at sizes past 2^32", () => {
    it("gives as many hashes as the verifier expects", () => {
      const cases = fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER }).chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2)));
      fc.assert(
        fc.property(cases, ([size1, size2]) => {
          const nodes = consistencyNodes(size1, size2);
          expectPerfectInside(nodes.ids, size2);
          const proof = rehash(nodes, nodes.ids.map(() => hasher.emptyRoot()), hasher);
          try {
            rootFromConsistencyProof(hasher, size1, size2, proof, hasher.emptyRoot());
          } catch (error) {
            // Made-up hashes cannot lead to root1; only a wrong proof length would be a bug here.
            expect((error as { code?: string }).code).to.equal("ROOT_MISMATCH");
          }
        }),
      );
    });
  });

  context("when size1 > size2", () => {
    it("throws OUT_OF_RANGE", () => {
      expectTdlError(() => consistencyNodes(5, 4), "OUT_OF_RANGE");
    });
  });
});

describe("rehash", () => {
  context("when the hash count differs from the node count", () => {
    it("throws MALFORMED_INPUT", () => {
      const nodes = inclusionNodes(0, 7);
      expectTdlError(() => rehash(nodes, [hasher.emptyRoot()], hasher), "MALFORMED_INPUT");
    });
  });
});
