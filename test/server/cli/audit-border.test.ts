import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { logAuditCommand } from "../../../server/cli/audit";
import { borderNodeIds, rfc6962Sha256 as hasher } from "../../../server/log";
import { dataPaths } from "../../../server/node/data-dir";
import { createLevelLogStore, entryKey, openLevelPort } from "../../../server/storage";
import { recordIndexOf } from "../../../server/storage/leaf-record";
import { appendEntries } from "../chain/helpers";

/** tdl log audit --json on `data`: its exit code and the JSON it printed. */
async function audit(data: string): Promise<{ exitCode: number; result: Record<string, unknown> }> {
  const lines: string[] = [];
  const exitCode = await logAuditCommand({ out: (l) => lines.push(l), err: (l) => lines.push(l) }, { data, deployments: "", network: "", json: true });
  return { exitCode, result: JSON.parse(lines.join("\n")) as Record<string, unknown> };
}

describe("tdl log audit: damage on the tree's right border (issue 15 item 8)", function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-audit-border-"));
    const store = await createLevelLogStore(dataPaths(dir).log, { hasher });
    await appendEntries(store, 0, 13);
    await store.close();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  for (const border of [0, 1, 2]) {
    it(`a damaged header in the record of right-border node ${border + 1} of 13 entries is a mismatch naming its entry, exit 1`, async () => {
      const index = recordIndexOf(borderNodeIds(13)[border]);
      const port = await openLevelPort(dataPaths(dir).log);
      const [record] = await port.getMany([entryKey(index)]);
      const damaged = (record as Uint8Array).slice();
      damaged[0] ^= 0x40;
      await port.putAll([[entryKey(index), damaged]]);
      await port.close();

      const { exitCode, result } = await audit(dir);
      expect(exitCode).to.equal(1);
      expect(result).to.include({ ok: false, code: "AUDIT_MISMATCH" });
      expect(result.mismatch).to.include({ kind: "entry", index });
      expect(String(result.message)).to.contain(`entry ${index}`).and.to.contain("right border");
    });
  }

  it("an intact log still passes (exit 0)", async () => {
    const { exitCode, result } = await audit(dir);
    expect(exitCode).to.equal(0);
    expect(result).to.include({ ok: true, size: 13 });
  });
});
