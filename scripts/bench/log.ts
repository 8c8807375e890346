/**
 * Access-log benchmarks (npm run bench:log), all in one run on a temporary directory:
 *  1. durable append throughput with group commit against raw LevelDB `sync: true` batches of
 *     the same entries in batches of the same size;
 *  2. inclusion-proof time on a 1,000,000-entry log (median, p99) against rebuilding the proof
 *     from every leaf hash, which is what a store without perfect-subtree nodes would have to do.
 *  3. the growth table: append cost per entry and inclusion-proof time at 1e4, 1e5 and 1e6 entries, from the
 *     same build, so the curve is visible and not one point.
 * Options: --entries <n> (append run, default 100000), --proof-size <n> (default 1000000).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  coverage,
  encodeEntry,
  inclusionNodes,
  rehash,
  rfc6962Sha256 as hasher,
  rootOfLeafHashes,
  verifyInclusion,
  type NodeID,
} from "../../server/log";
import {
  createGroupCommitAppender,
  entryKey,
  openLevelPort,
  openLogStore,
  type KeyValuePort,
  type LogStore,
} from "../../server/storage";
import { SAMPLE_ENTRY } from "../../test/server/log/fixtures/entries";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const APPEND_ENTRIES = option("entries", 100_000);
const PROOF_LOG_SIZE = option("proof-size", 1_000_000);
const CALLER_COUNTS = [64, 256];
const PROOF_SAMPLES = 20_000;
const BASELINE_SAMPLES = 2;

const rate = (count: number, ms: number): number => Math.round((count / ms) * 1000);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/** Entries of about 300 bytes: the sample with shorter names, each with its own request digest. */
function makeEntries(count: number): Uint8Array[] {
  const short = { ...SAMPLE_ENTRY, origin: "tdl/n1", scenario: "s-17", resourceId: "r-42" };
  return Array.from({ length: count }, () => encodeEntry({ ...short, requestDigest: randomBytes(32).toString("hex") }));
}

/** A port that counts the batches written through it. */
function countingPort(port: KeyValuePort): { port: KeyValuePort; batches: () => number } {
  let batches = 0;
  return {
    port: { ...port, putAll: (pairs) => (batches++, port.putAll(pairs)) },
    batches: () => batches,
  };
}

async function groupCommitRun(dir: string, entries: Uint8Array[], callers: number): Promise<{ ms: number; batches: number }> {
  const counted = countingPort(await openLevelPort(dir));
  const store = await openLogStore(counted.port, { hasher });
  const appender = createGroupCommitAppender(store);
  const before = counted.batches();
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < entries.length) await appender.append(entries[next++]);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: callers }, caller));
  const ms = performance.now() - start;
  const batches = counted.batches() - before;
  await store.close();
  return { ms, batches };
}

/** The same entries written straight to LevelDB, keyed by index, `batchSize` per synced batch. */
async function rawRun(dir: string, entries: Uint8Array[], batchSize: number): Promise<number> {
  const port = await openLevelPort(dir);
  const start = performance.now();
  for (let i = 0; i < entries.length; i += batchSize) {
    await port.putAll(entries.slice(i, i + batchSize).map((entry, j) => [entryKey(i + j), entry] as const));
  }
  const ms = performance.now() - start;
  await port.close();
  return ms;
}

async function benchAppend(tmp: string): Promise<void> {
  const entries = makeEntries(APPEND_ENTRIES);
  const bytes = entries.reduce((sum, e) => sum + e.length, 0) / entries.length;
  console.log(`\n## Durable append: ${APPEND_ENTRIES} entries of ~${bytes.toFixed(0)} bytes, every batch sync: true`);
  for (const callers of CALLER_COUNTS) {
    const grouped = await groupCommitRun(await mkdtemp(path.join(tmp, "gc-")), entries, callers);
    const batchSize = Math.round(entries.length / grouped.batches);
    const rawMs = await rawRun(await mkdtemp(path.join(tmp, "raw-")), entries, batchSize);
    const [groupRate, rawRate] = [rate(entries.length, grouped.ms), rate(entries.length, rawMs)];
    console.log(
      `${callers} concurrent appenders: group commit ${groupRate.toLocaleString("en")} entries/s ` +
        `(${grouped.batches} batches, ~${batchSize} entries each, leaves + tree nodes + size); ` +
        `raw LevelDB batches of ${batchSize} (entries only) ${rawRate.toLocaleString("en")} entries/s; ` +
        `ratio ${(groupRate / rawRate).toFixed(2)}x`,
    );
  }
}

/** Builds a log of `size` entries in big batches; returns it with its leaf hashes and each batch's time. */
async function buildLog(dir: string, size: number): Promise<{ store: LogStore; leafHashes: Uint8Array[]; batches: { end: number; ms: number }[] }> {
  const store = await openLogStore(await openLevelPort(dir), { hasher });
  const leafHashes: Uint8Array[] = [];
  const batches: { end: number; ms: number }[] = [];
  const template = makeEntries(1000);
  for (let start = 0; start < size; start += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, size - start) }, (_, i) => {
      const entry = template[(start + i) % template.length].slice();
      entry.set(Buffer.from((start + i).toString(16).padStart(8, "0")), entry.length - 10);
      return entry;
    });
    const started = performance.now();
    for (const receipt of await store.append(batch)) leafHashes.push(receipt.leafHash);
    batches.push({ end: start + batch.length, ms: performance.now() - started });
  }
  return { store, leafHashes, batches };
}

/** The naive proof: read every entry, re-hash the leaves, and hash each proof node up from them. */
async function naiveInclusionProof(store: LogStore, index: number, size: number): Promise<Uint8Array[]> {
  const leafHashes: Uint8Array[] = [];
  for (let start = 0; start < size; start += 10_000) {
    for (const entry of await store.getEntries(start, Math.min(10_000, size - start))) leafHashes.push(hasher.hashLeaf(entry));
  }
  const nodes = inclusionNodes(index, size);
  const subtreeHash = (id: NodeID): Uint8Array => rootOfLeafHashes(hasher, leafHashes.slice(...coverage(id)));
  return rehash(nodes, nodes.ids.map(subtreeHash), hasher);
}

async function benchProofs(tmp: string): Promise<void> {
  console.log(`\n## Inclusion proofs on a ${PROOF_LOG_SIZE.toLocaleString("en")}-entry LevelDB log`);
  const dir = await mkdtemp(path.join(tmp, "proof-"));
  const buildStart = performance.now();
  const built = await buildLog(dir, PROOF_LOG_SIZE);
  const root = await built.store.root();
  console.log(`built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s (batches of 10,000)`);
  await built.store.close();

  // Reopen, so the proofs are served the way a restarted node serves them.
  const store = await openLogStore(await openLevelPort(dir), { hasher });
  const times: number[] = [];
  for (let i = 0; i < PROOF_SAMPLES; i++) {
    const index = Math.floor(Math.random() * PROOF_LOG_SIZE);
    const start = performance.now();
    const proof = await store.inclusionProof(index, PROOF_LOG_SIZE);
    times.push(performance.now() - start);
    if (i % 1000 === 0) verifyInclusion(hasher, index, PROOF_LOG_SIZE, built.leafHashes[index], proof, root);
  }
  times.sort((a, b) => a - b);
  console.log(
    `stored perfect-subtree nodes (${inclusionNodes(0, PROOF_LOG_SIZE).ids.length} node reads per proof in one getMany): ` +
      `median ${fmt(percentile(times, 50))}, p99 ${fmt(percentile(times, 99))}, max ${fmt(times[times.length - 1])} over ${PROOF_SAMPLES} random leaves`,
  );

  // the growth table: proofs against each earlier size of the same log, and the build's batches ending there
  const sizes = [10_000, 100_000, PROOF_LOG_SIZE].filter((n, i, all) => n <= PROOF_LOG_SIZE && all.indexOf(n) === i);
  console.log("\n| log size | append, µs per entry (the batch of 10,000 ending there) | inclusion proof median | p99 | node reads per proof |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const n of sizes) {
    const at: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const index = Math.floor(Math.random() * n);
      const start = performance.now();
      await store.inclusionProof(index, n);
      at.push(performance.now() - start);
    }
    at.sort((a, b) => a - b);
    const batch = built.batches.find((b) => b.end === n);
    const append = batch === undefined ? "—" : ((batch.ms * 1000) / 10_000).toFixed(1);
    console.log(`| ${n.toLocaleString("en")} | ${append} | ${fmt(percentile(at, 50))} | ${fmt(percentile(at, 99))} | ${inclusionNodes(0, n).ids.length} |`);
  }
  console.log("");

  const naive: number[] = [];
  for (let i = 0; i < BASELINE_SAMPLES; i++) {
    const index = Math.floor(Math.random() * PROOF_LOG_SIZE);
    const start = performance.now();
    const proof = await naiveInclusionProof(store, index, PROOF_LOG_SIZE);
    naive.push(performance.now() - start);
    verifyInclusion(hasher, index, PROOF_LOG_SIZE, built.leafHashes[index], proof, root);
  }
  naive.sort((a, b) => a - b);
  console.log(
    `naive baseline (read all ${PROOF_LOG_SIZE.toLocaleString("en")} entries, re-hash the leaves, rebuild the proof nodes): ` +
      `median ${fmt(percentile(naive, 50))} over ${BASELINE_SAMPLES} leaves; ` +
      `speed-up ${(percentile(naive, 50) / percentile(times, 50)).toFixed(0)}x`,
  );
  await store.close();
}

async function main(): Promise<void> {
  console.log(`# bench:log  ${new Date().toISOString()}  node ${process.version}  nproc ${os.cpus().length}  ${os.cpus()[0]?.model ?? ""}`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), "tdl-bench-log-"));
  console.log(`data in ${tmp} (removed at the end)`);
  try {
    await benchAppend(tmp);
    await benchProofs(tmp);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
