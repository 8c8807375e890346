/**
 * The one seed of every property and fuzz test. A run starts from a fixed seed (so CI is reproducible) unless
 * TDL_SEED says otherwise: a number replays that run, `TDL_SEED=random` draws a new one. The seed is printed once
 * per suite and becomes fast-check's global seed; `random()` is a generator from it for tests that draw their own.
 */
import fc from "fast-check";
import { seededFloats } from "../../scripts/lib/random";

const FIXED_SEED = 20261207;

function chosenSeed(): number {
  const given = process.env.TDL_SEED;
  if (given === undefined || given === "") return FIXED_SEED;
  if (given === "random") return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`TDL_SEED must be an integer or "random", not ${JSON.stringify(given)}`);
  return seed;
}

/** The run's seed, chosen once per process. */
export const seed: number = chosenSeed();
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

/** Prints the seed once for this suite (a test file: call it at its top level) and returns it. */
export function useSeed(suite: string): number {
  console.log("seed", seed, `(${suite}; replay with TDL_SEED=${seed})`);
  return seed;
}

/** A deterministic generator of floats in [0, 1) from the run's seed and a label (mulberry32). */
export function random(label: string): () => number {
  return seededFloats(seed, label);
}
