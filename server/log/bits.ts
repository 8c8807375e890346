/**
 * Bit arithmetic on tree sizes and indices held as JavaScript numbers. The built-in bitwise
 * operators truncate to 32 bits, so these split a safe integer into two 32-bit halves; every
 * argument must be a non-negative safe integer (callers validate outside input first).
 */

const TWO_32 = 2 ** 32;

export function isUint(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function high(n: number): number {
  return Math.floor(n / TWO_32);
}

function low(n: number): number {
  return n >>> 0;
}

/** Number of bits needed to write n: 0 for 0, 1 for 1, 3 for 5 (Go's bits.Len64). */
export function bitLength(n: number): number {
  const h = high(n);
  return h > 0 ? 64 - Math.clz32(h) : 32 - Math.clz32(low(n));
}

/** Count of trailing zero bits; n must be > 0. */
export function trailingZeros(n: number): number {
  const l = low(n);
  return l !== 0 ? 31 - Math.clz32(l & -l) : 32 + trailingZeros(high(n));
}

function popCount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function popCount(n: number): number {
  return popCount32(low(n)) + popCount32(high(n));
}

export function xor(a: number, b: number): number {
  return ((high(a) ^ high(b)) >>> 0) * TWO_32 + ((low(a) ^ low(b)) >>> 0);
}

export function shiftRight(n: number, bits: number): number {
  return Math.floor(n / 2 ** bits);
}

export function shiftLeft(n: number, bits: number): number {
  return n * 2 ** bits;
}

/** Bit `bit` of n (0 or 1). */
export function bitAt(n: number, bit: number): number {
  return shiftRight(n, bit) % 2;
}

/** n with every bit at or above `bits` cleared: n mod 2^bits. */
export function lowBits(n: number, bits: number): number {
  return n % 2 ** bits;
}
