/**
 * Gas per anchor (consistency proof included) at tree sizes around 1e3, 1e6 and 1e9, against
 * recording every entry as its own on-chain event. In-process Hardhat network:
 *   npm run bench:anchor
 * Trees: explicit leaves up to ~1e6 (every perfect subtree hashed once), and for 1e9 a synthetic
 * tree whose leaves are all the same entry, so every perfect subtree of a level has one hash and the
 * consistency proofs are exact and cheap to compute. Gas does not depend on the hash values.
 */
import { ethers, network } from "hardhat";
import { encodeEntry, type AccessLogEntry } from "../../server/log";
import type { AccessLogAnchor, EventPerEntryLog } from "../../typechain-types";
import {
  consistencyProof,
  hasher,
  rootOf,
  sampleTree,
  toHex,
  uniformTree,
  type SubtreeHashes,
} from "../../test/contracts/helpers/merkle";

const OPERATOR = 3; // OrgKind.Operator
const BATCH = 100; // entries per baseline transaction

interface Scenario {
  label: string;
  tree: SubtreeHashes;
  from: number;
  to: number;
}

function sampleEntry(i: number): AccessLogEntry {
  return {
    time: new Date(Date.UTC(2025, 2, 1, 8, 30) + i * 37).toISOString(),
    origin: "tdl.example.gov.cn/node-1",
    org: "4",
    key: `0x${"ab".repeat(20)}`,
    operation: "query",
    grantId: `0x${(i + 1).toString(16).padStart(64, "0")}`,
    scenario: "城市交通出行分析 urban-mobility-2025",
    resourceId: "res-traffic-flow-v3",
    fields: "0x1f",
    decision: i % 17 === 0 ? "denied" : "allowed",
    reason: i % 17 === 0 ? "FIELDS_OUT_OF_SCOPE" : "OK",
    requestDigest: hasher.hashLeaf(Buffer.from(String(i))).reduce((s, b) => s + b.toString(16).padStart(2, "0"), ""),
  };
}

/** Where an anchor's gas goes: intrinsic (21,000 + calldata), storage, event, SHA-256 precompile, the rest. */
async function breakdown(txHash: string, data: string, gasUsed: bigint): Promise<string> {
  let calldata = 0;
  for (let i = 2; i < data.length; i += 2) calldata += data.slice(i, i + 2) === "00" ? 4 : 16;
  const trace = (await network.provider.send("debug_traceTransaction", [
    txHash,
    { disableStorage: true, disableMemory: true, disableStack: true },
  ])) as { structLogs: { op: string; gas: number; depth: number }[] };
  const steps = trace.structLogs.filter((step) => step.depth === 1);
  const byKind = { storage: 0, event: 0, sha256: 0 };
  for (let i = 0; i + 1 < steps.length; i++) {
    const cost = steps[i].gas - steps[i + 1].gas;
    if (steps[i].op === "SSTORE" || steps[i].op === "SLOAD") byKind.storage += cost;
    else if (steps[i].op.startsWith("LOG")) byKind.event += cost;
    else if (steps[i].op === "STATICCALL") byKind.sha256 += cost;
  }
  const rest = Number(gasUsed) - 21_000 - calldata - byKind.storage - byKind.event - byKind.sha256;
  return `21,000 + ${calldata} calldata, ${byKind.storage} storage, ${byKind.event} event, ${byKind.sha256} SHA-256, ${rest} other`;
}

async function main() {
  const [official1, official2, official3, nodeKey] = await ethers.getSigners();
  const orgs = await (
    await ethers.getContractFactory("OrganizationRegistry")
  ).deploy("区大数据局", ethers.id("credit:bureau"), [official1, official2, official3], 2);
  await (await orgs.registerOrganization(OPERATOR, "Node operator", ethers.id("credit:node"), nodeKey)).wait();
  const nodeOrg = await orgs.organizationCount();
  const anchors: AccessLogAnchor = await (await ethers.getContractFactory("AccessLogAnchor")).deploy(orgs);
  const baseline: EventPerEntryLog = await (await ethers.getContractFactory("EventPerEntryLog")).deploy();

  const t0 = Date.now();
  const small = sampleTree(1_000, "bench");
  const big = sampleTree(1_000_448, "bench");
  const synthetic = uniformTree(hasher.hashLeaf(encodeEntry(sampleEntry(0))));
  console.error(`trees built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const scenarios: Scenario[] = [
    { label: "~1e3", tree: small.tree, from: 900, to: 1_000 },
    { label: "~1e6", tree: big.tree, from: 999_000, to: 1_000_000 },
    { label: "~1e6, sizes multiple of 1024", tree: big.tree, from: 976 * 1024, to: 977 * 1024 },
    { label: "~1e9", tree: synthetic, from: 999_999_000, to: 1_000_000_000 },
    { label: "~1e9, sizes multiple of 1024", tree: synthetic, from: 976_562 * 1024, to: 976_563 * 1024 },
  ];

  // Baseline: the same entries, each its own event, BATCH per transaction.
  const baselineGas = new Map<number, bigint>();
  async function baselineFor(count: number): Promise<bigint> {
    const known = baselineGas.get(count);
    if (known !== undefined) return known;
    let total = 0n;
    for (let done = 0; done < count; done += BATCH) {
      const entries = Array.from({ length: Math.min(BATCH, count - done) }, (_, i) =>
        encodeEntry(sampleEntry(done + i)),
      );
      total += (await (await baseline.connect(nodeKey).record(entries)).wait())!.gasUsed;
    }
    baselineGas.set(count, total);
    return total;
  }
  const single = (await (await baseline.connect(nodeKey).record([encodeEntry(sampleEntry(7))])).wait())!.gasUsed;
  const entryBytes = encodeEntry(sampleEntry(7)).length;

  const rows: string[][] = [];
  for (const [i, s] of scenarios.entries()) {
    const origin = `bench/${i}`;
    await (await anchors.registerLog(origin, nodeOrg, nodeKey)).wait();
    const logId = await anchors.logIdOf(origin);
    const node = anchors.connect(nodeKey);
    // The first anchor needs no proof; the measured one is the second, as every anchor after it.
    await (await node.anchor(logId, s.from, toHex(rootOf(s.tree, s.from)), [])).wait();
    const proof = consistencyProof(s.tree, s.from, s.to).map(toHex);
    const tx = await node.anchor(logId, s.to, toHex(rootOf(s.tree, s.to)), proof);
    const receipt = (await tx.wait())!;
    const entries = s.to - s.from;
    const events = await baselineFor(entries);
    rows.push([
      s.label,
      `${s.from.toLocaleString("en")} -> ${s.to.toLocaleString("en")}`,
      String(entries),
      String(proof.length),
      receipt.gasUsed.toLocaleString("en"),
      events.toLocaleString("en"),
      `${(Number(events) / Number(receipt.gasUsed)).toFixed(0)}x`,
      await breakdown(tx.hash, tx.data, receipt.gasUsed),
    ]);
  }

  const header = [
    "tree size",
    "anchored sizes",
    "new entries",
    "proof hashes",
    "gas per anchor",
    "baseline gas (event per entry)",
    "baseline / anchor",
    "anchor gas breakdown",
  ];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map(() => "---").join(" | ")} |`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  const perEntry = Number(await baselineFor(1_000)) / 1_000;
  console.log(
    `\nBaseline per entry (${entryBytes}-byte canonical JSON entry, ${BATCH} events per transaction): ` +
      `${perEntry.toFixed(0)} gas; one entry in its own transaction: ${single.toLocaleString("en")} gas.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
