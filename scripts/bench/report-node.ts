/** The sections of the node's benchmarks (bench:log, bench:gateway), read from their ordinary output. */
import type { BenchRun } from "./report";
import { num, int, inSeconds, tableLines, runLine } from "./report-parse";

export function renderLog(run: BenchRun): string | undefined {
  const out = run.stdout;
  const appends = [
    ...out.matchAll(
      /^(\d+) concurrent appenders: group commit ([\d,]+) entries\/s \((\d+) batches, ~(\d+) entries each.*?\); raw LevelDB batches of (\d+) \(entries only\) ([\d,]+) entries\/s; ratio ([\d.]+)x$/gm,
    ),
  ];
  const header = /^## Durable append: (\d+) entries of ~(\d+) bytes/m.exec(out);
  const proof = /^stored perfect-subtree nodes \((\d+) node reads per proof in one getMany\): median (.+?), p99 (.+?), max (.+?) over (\d+) random leaves$/m.exec(out);
  const naive = /^naive baseline \(read all ([\d,]+) entries.*?\): median (.+?) over (\d+) leaves; speed-up (\d+)x$/m.exec(out);
  const logSize = /^## Inclusion proofs on a ([\d,]+)-entry LevelDB log$/m.exec(out)?.[1];
  const built = /^built in ([\d.]+) s/m.exec(out)?.[1];
  if (appends.length === 0 || proof === null) return undefined;
  const md: string[] = [`## ${run.heading}`, ""];
  md.push(`Command: \`npm run ${run.script}\` (\`${run.command}\`; options \`--entries <n>\`, \`--proof-size <n>\`), LevelDB via \`level\` on \`os.tmpdir()\`. ${runLine(run)}`);
  md.push("");
  md.push(
    `Entries are real \`encodeEntry\` output (RFC 8785 JSON of an allowed access with a random request digest)${header ? `, ${int(num(header[1]))} of ~${header[2]} bytes` : ""}. ` +
      "Group commit = `createGroupCommitAppender` over the LevelDB `LogStore`, N callers each looping `await append(entry)`; every batch is one " +
      "`db.batch(..., {sync: true})` holding the entries' leaf records (entry + leaf hash + completed subtree hashes) and the new size. " +
      "Raw = the same entries, keyed by index, in synced batches of the batch size group commit actually formed, in the same run.",
  );
  md.push("");
  md.push("| appenders | group commit | batches (entries each) | raw LevelDB, same batch size | ratio | target | |");
  md.push("| --- | ---: | --- | ---: | ---: | --- | --- |");
  let allMet = true;
  for (const a of appends) {
    const [, callers, rate, batches, each, , raw, ratio] = a;
    const met = num(ratio) >= 0.6 && num(rate) >= 40_000;
    allMet &&= met;
    md.push(`| ${callers} | ${rate} entries/s | ${batches} (~${each}) | ${raw} entries/s | ${ratio}x | >= 0.6x raw and >= 40,000/s | ${met ? "met" : "NOT met"} |`);
  }
  md.push("");
  const best = appends.reduce((a, b) => (num(b[2]) > num(a[2]) ? b : a));
  const bestRaw = Math.max(...appends.map((a) => num(a[6])));
  md.push(
    `**Target (durable append with group commit at least 0.6x raw LevelDB and at least 40,000 entries/s): ${allMet ? "met" : "NOT met"}** — ` +
      appends.map((a) => `${a[7]}x raw, ${a[2]} entries/s with ${a[1]} appenders`).join("; ") +
      ".",
  );
  if (!allMet) {
    md.push("");
    md.push(
      `What limits it: raw LevelDB synced batches themselves ran at up to ${int(bestRaw)} entries/s in this run (DESIGN.md quotes 50–75k/s ` +
        `for this machine kind on an idle machine), so ${num(best[2]) < 40_000 ? "40,000/s is above what the disk gave any design that syncs every batch here; " : ""}` +
        "the ratio is limited by the CPU part of a batch (two SHA-256 per entry and a record), which a closed loop of callers cannot overlap " +
        "with the previous batch's fsync, and which weighs most on a loaded machine (see the load average above). Measured earlier (not " +
        "re-run here): each extra LevelDB key per entry cost about a third of batch throughput (1 key 17.7k/s, 2 keys 10.8k/s, 3 keys " +
        "8.6k/s), so tree nodes are stored inside the leaf record that completes them. Next step: hash batch k+1 while batch k is being synced.",
    );
  }
  md.push("");
  md.push(
    `Inclusion proofs on a ${logSize ?? "?"}-entry LevelDB log${built ? ` (built in ${built} s in batches of 10,000` : " ("}, store reopened before ` +
      `measuring; ${proof[5]} random leaves, every 1,000th proof verified against the root):`,
  );
  md.push("");
  md.push("| method | reads per proof | median | p99 | max |");
  md.push("| --- | --- | ---: | ---: | ---: |");
  md.push(`| stored perfect-subtree hashes (\`inclusionNodes\` + one \`getMany\` + \`rehash\`) | ${proof[1]} nodes | **${proof[2]}** | ${proof[3]} | ${proof[4]} |`);
  if (naive) md.push(`| naive baseline: read all entries, re-hash the leaves, rebuild the proof nodes (${naive[3]} leaves) | ${naive[1]} entries | ${inSeconds(naive[2])} | | |`);
  md.push("");
  const median = proof[2];
  const medianMs = median.endsWith("µs") ? parseFloat(median) / 1000 : median.endsWith(" s") ? parseFloat(median) * 1000 : parseFloat(median);
  md.push(
    `**Target (inclusion-proof median under 1 ms on the 1,000,000-entry log): ${logSize === undefined || num(logSize) < 1_000_000 ? "not judged" : medianMs < 1 ? "met" : "NOT met"}** — median ${median}, p99 ${proof[3]}` +
      `${naive ? `; the naive baseline took ${inSeconds(naive[2])}, ${int(num(naive[4]))}x slower` : ""}` +
      `${logSize !== undefined && num(logSize) < 1_000_000 ? ` (on a ${logSize}-entry log only, so not judged)` : ""}.`,
  );
  const growth = tableLines(out, "node reads per proof");
  if (growth) md.push("", "Growth: the cost per appended entry and per proof as the same log grows (each size's proofs over 2,000 random leaves).", "", ...growth);
  return md.join("\n");
}

/** Group-commit and raw LevelDB append rates printed by bench:log in the same run. */
function appendRates(all: readonly BenchRun[]): { groupCommit: number; raw: number } | undefined {
  const log = all.find((r) => r.name === "log");
  if (log === undefined) return undefined;
  const rows = [...log.stdout.matchAll(/group commit ([\d,]+) entries\/s .*?\(entries only\) ([\d,]+) entries\/s/gm)];
  if (rows.length === 0) return undefined;
  return { groupCommit: Math.max(...rows.map((m) => num(m[1]))), raw: Math.max(...rows.map((m) => num(m[2]))) };
}

export function renderGateway(run: BenchRun, all: readonly BenchRun[]): string | undefined {
  const out = run.stdout;
  const line = (name: string) =>
    new RegExp(`^${name}\\s+([\\d,.]+) req/s\\s+p50 ([\\d,.]+) ms\\s+p99 ([\\d,.]+) ms\\s+\\(([\\d,]+) requests, non-2xx (\\d+), errors (\\d+)\\)`, "m").exec(out);
  const bare = line("bare Express echo");
  const gw = line("gateway as built");
  const naive = line("naive gateway");
  const batch = /^batch form\s+([\d,.]+) decisions\/s \(([\d,.]+) calls\/s of ([\d,]+), (\d+) connections\)\s+p50 ([\d,.]+) ms\s+p99 ([\d,.]+) ms\s+non-2xx (\d+)/m.exec(out);
  if (bare === null || gw === null || naive === null) return undefined;
  const connections = /--connections <n> \((\d+)\)/.exec(out)?.[1];
  const md: string[] = [`## ${run.heading}`, ""];
  md.push(`Command: \`npm run ${run.script}\` (\`${run.command}\`). ${runLine(run)}`);
  md.push("");
  md.push(
    `autocannon${connections ? ` with ${connections} connections` : ""} against a local anvil chain, each server in its own child process, in one run: ` +
      "the gateway as built (`startNode`: cached policy with the event poller, group-commit log, receipts, risk monitor, anchorer, indexer; " +
      "`POST /api/v1/access` with a session token); a bare Express endpoint that only echoes the JSON body (the HTTP stack's ceiling here); " +
      "and a naive gateway (`GrantRegistry.checkAccess` by `eth_call` and its own LevelDB write with `sync: true` on every request).",
  );
  md.push("");
  md.push("| server | requests/s | p50 | p99 | requests | non-2xx | errors |");
  md.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, m] of [["bare Express echo (ceiling)", bare], ["**gateway as built**", gw], ["naive gateway (baseline)", naive]] as const) {
    md.push(`| ${name} | ${m[1]} | ${m[2]} ms | ${m[3]} ms | ${m[4]} | ${m[5]} | ${m[6]} |`);
  }
  if (batch) md.push(`| gateway, batch form (${batch[3]} requests a call, ${batch[4]} connections) | ${batch[2]} calls/s = **${batch[1]} decisions/s** | ${batch[5]} ms | ${batch[6]} ms | | ${batch[7]} | |`);
  md.push("");
  const [gwRps, bareRps, naiveRps] = [num(gw[1]), num(bare[1]), num(naive[1])];
  const [gwP99, bareP99] = [num(gw[3]), num(bare[3])];
  const r1 = gwRps / bareRps;
  const r2 = gwP99 / bareP99;
  const r3 = gwRps / naiveRps;
  md.push(`**Target (gateway throughput at least 0.6x the bare endpoint's): ${r1 >= 0.6 ? "met" : "NOT met"}** — ${r1.toFixed(2)}x (${gw[1]} vs ${bare[1]} requests/s).`);
  md.push("");
  md.push(`**Target (gateway p99 under 2x the bare endpoint's p99): ${r2 < 2 ? "met" : "NOT met"}** — ${r2.toFixed(2)}x (${gw[3]} vs ${bare[3]} ms).`);
  md.push("");
  md.push(`**Target (gateway at least 10x the naive gateway): ${r3 >= 10 ? "met" : "NOT met"}** — ${r3.toFixed(1)}x (${gw[1]} vs ${naive[1]} requests/s).`);
  if (batch) {
    md.push("");
    md.push(`**Target (batch form at least 20,000 decisions/s): ${num(batch[1]) >= 20_000 ? "met" : "NOT met"}** — ${batch[1]} decisions/s.`);
  }
  const missed = r1 < 0.6 || r2 >= 2 || r3 < 10 || (batch !== null && num(batch[1]) < 20_000);
  if (missed) {
    const rates = appendRates(all);
    md.push("");
    md.push(
      `What limits it (the profile below and what the same run shows): the machine's load average was ${run.loadBefore[0].toFixed(1)} ` +
        `before and ${run.loadAfter[0].toFixed(1)} after this benchmark, on the CPUs the header names, shared by the three servers, anvil, ` +
        "autocannon and anything else running. Per request the gateway verifies the session MAC, parses and validates the body, decides from " +
        "the cached chain state, encodes the canonical JSON entry and appends it durably through group commit (one synced LevelDB batch per " +
        "group, leaf and tree hashes), and signs one Ed25519 receipt note per group; the bare endpoint does none of this work, so on a " +
        "CPU-starved machine the gap to it widens." +
        (rates
          ? ` Durable append alone (Access log section, same run) reached ${int(rates.groupCommit)} entries/s with group commit, and raw ` +
            `LevelDB synced batches of up to 256 entries ${int(rates.raw)} entries/s; every decision, single or batched, is one such append, ` +
            `so ${rates.raw < 20_000 ? "the durable write path on this machine at this load, not the gateway's decision logic alone, is what keeps the batch form below 20,000/s here (batches of 1,000 would sync somewhat more per fsync)" : "the write path left room for the batch target here"}.`
          : ""),
    );
  }
  const profile = tableLines(run.stdout, "self µs per decision");
  if (profile) md.push("", "The gateway's server process, profiled during the batch run: its top frames by self time, per decision.", "", ...profile);
  return md.join("\n");
}
