import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { bitAt, bitLength, lowBits, popCount, shiftRight, trailingZeros, xor } from "../../../server/log/bits";

const safeUint = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bitIndex = fc.integer({ min: 0, max: 53 });

useSeed("server/log/bits.test.ts");

describe("bits", () => {
  context("compared with BigInt arithmetic over all safe integers", () => {
    it("bitLength matches the length of the binary string", () => {
      fc.assert(fc.property(safeUint, (n) => bitLength(n) === (n === 0 ? 0 : n.toString(2).length)));
      expect(bitLength(Number.MAX_SAFE_INTEGER)).to.equal(53);
      expect(bitLength(2 ** 32)).to.equal(33);
    });

    it("trailingZeros counts the zeros after the lowest one bit", () => {
      fc.assert(fc.property(safeUint.filter((n) => n > 0), (n) => trailingZeros(n) === n.toString(2).length - 1 - n.toString(2).lastIndexOf("1")));
      expect(trailingZeros(2 ** 40)).to.equal(40);
    });

    it("popCount counts the one bits", () => {
      fc.assert(fc.property(safeUint, (n) => popCount(n) === [...n.toString(2)].filter((c) => c === "1").length));
    });

    it("xor, shiftRight, bitAt and lowBits agree with BigInt", () => {
      fc.assert(
        fc.property(safeUint, safeUint, bitIndex, (a, b, k) => {
          const [x, y, s] = [BigInt(a), BigInt(b), BigInt(k)];
          return (
            xor(a, b) === Number(x ^ y) &&
            shiftRight(a, k) === Number(x >> s) &&
            bitAt(a, k) === Number((x >> s) & 1n) &&
            lowBits(a, k) === Number(x & ((1n << s) - 1n))
          );
        }),
      );
    });
  });
});
