/** A deterministic generator of floats in [0, 1) from a seed and a label (mulberry32): the demo's data and the tests' draws. */
export function seededFloats(seed: number, label: string): () => number {
  let state = seed >>> 0;
  for (const c of label) state = (Math.imul(state ^ c.charCodeAt(0), 0x9e3779b1) + 1) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
