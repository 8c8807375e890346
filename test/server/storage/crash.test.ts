import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import { rfc6962Sha256 as hasher } from "../../../server/log";
import { auditLogStore, createLevelLogStore } from "../../../server/storage";
import { tempDirs } from "./temp-dir";

const REPO = path.resolve(__dirname, "../../..");
const CHILD = path.join(__dirname, "crash-appender.ts");
const ROUNDS = 10;

/**
 * Starts the appender on `dir`, lets it acknowledge entries for a random while, kills it with
 * SIGKILL, and returns the acknowledged "index -> leaf hash" lines it printed.
 */
async function appendThenKill(dir: string, running: Set<ChildProcess>): Promise<Map<number, string>> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dir], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  running.add(child);
  const acknowledged = new Map<number, string>();
  let partial = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        const [index, hash] = line.split(" ");
        acknowledged.set(Number(index), hash);
      }
      // The kill lands at a random moment after appends got going: mid-batch, mid-fsync or between.
      killTimer ??= setTimeout(() => child.kill("SIGKILL"), 20 + Math.random() * 400);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(killTimer);
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`the appender exited by itself (code ${code}) before it was killed`));
    });
  });
  await exited;
  running.delete(child);
  return acknowledged;
}

describe("LevelDB log store under SIGKILL", function () {
  this.timeout(120_000);
  const dirs = tempDirs();
  const running = new Set<ChildProcess>();
  after(async () => {
    for (const child of running) child.kill("SIGKILL");
    await dirs.removeAll();
  });

  it(`keeps every acknowledged entry and passes the audit after each of ${ROUNDS} kills`, async () => {
    const dir = await dirs.make();
    const everAcknowledged = new Map<number, string>();
    for (let round = 1; round <= ROUNDS; round++) {
      const acknowledged = await appendThenKill(dir, running);
      expect(acknowledged.size, `round ${round} acknowledged nothing`).to.be.greaterThan(0);
      acknowledged.forEach((hash, index) => everAcknowledged.set(index, hash));

      const store = await createLevelLogStore(dir, { hasher });
      try {
        const size = await store.size();
        expect(size, `round ${round}`).to.be.greaterThan(Math.max(...everAcknowledged.keys()));
        const indices = [...everAcknowledged.keys()];
        const stored = await store.getNodes(indices.map((index) => ({ level: 0, index })));
        indices.forEach((index, i) => {
          expect(Buffer.from(stored[i]).toString("hex"), `round ${round}, entry ${index}`).to.equal(everAcknowledged.get(index));
        });
        const { mismatch } = await auditLogStore(store);
        expect(mismatch, `round ${round}`).to.equal(undefined);
      } finally {
        await store.close();
      }
    }
  });
});
