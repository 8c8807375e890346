/**
 * scripts/provision.sh, which `npm test` (pretest) and .ci/run call: with Chromium and the font present it does
 * nothing; with one missing and no way to install it, one line names the single command to run, and it fails.
 * Nothing is uninstalled: TDL_CHROMIUM / TDL_FONT point it at paths, TDL_NO_INSTALL=1 forbids apt-get.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const SCRIPT = path.resolve(__dirname, "../../scripts/provision.sh");

function provision(env: Record<string, string>) {
  return spawnSync("bash", [SCRIPT], { env: { ...process.env, TDL_NO_INSTALL: "1", ...env }, encoding: "utf8" });
}

describe("scripts/provision.sh", () => {
  let dir: string;
  let chromium: string;
  let font: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tdl-provision-"));
    chromium = path.join(dir, "chromium");
    font = path.join(dir, "font.ttc");
    writeFileSync(chromium, "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(font, "");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("does nothing and succeeds when Chromium and the font are present", () => {
    const run = provision({ TDL_CHROMIUM: chromium, TDL_FONT: font });
    expect(run.status).to.equal(0);
    expect(run.stdout + run.stderr).to.equal("");
  });

  it("names the single command in one line and fails when Chromium is missing and cannot be installed", () => {
    const run = provision({ TDL_CHROMIUM: "/nonexistent", TDL_FONT: font });
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain("apt-get update -qq && apt-get install -y -qq chromium");
    expect(lines[0]).not.to.contain("fonts-wqy-microhei");
  });

  it("names both packages when both are missing", () => {
    const run = provision({ TDL_CHROMIUM: "/nonexistent", TDL_FONT: "/nonexistent" });
    expect(run.status).to.equal(1);
    expect(run.stderr.trim()).to.match(/^[^\n]*apt-get install -y -qq chromium fonts-wqy-microhei$/);
  });
});
