import { expect } from "chai";
import express from "express";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../../server/cli/main";
import { EXIT } from "../../../server/cli/output";
import { documentRoutes } from "../../../server/http/document-routes";
import { errorMiddleware, notFoundRoute } from "../../../server/http/errors";
import { createSessionTokens } from "../../../server/http/session";
import { createMemoryPort } from "../../../server/storage";
import { createDocumentStore, documentHash } from "../../../server/storage/documents";
import { serve, type Served } from "../../helpers/serve";

/*
 * tdl doc get (issue 14 item 1), run in-process against real HTTP: the bytes are re-checked against the hash
 * before anything is written or printed, so a node that serves other bytes under a hash is caught.
 */

const utf8 = (text: string) => new TextEncoder().encode(text);
const FIELDS = utf8(JSON.stringify([{ name: "统一社会信用代码", type: "VARCHAR" }]));

async function tdl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "tdl", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("tdl doc get", function () {
  let honest: Served;
  let lying: Served;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const hash = documentHash(FIELDS);

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-doc-"));
    env = { HOME: dir, TDL_CONFIG: path.join(dir, "config.json"), LANG: "en_US.UTF-8" };
    const documents = createDocumentStore(createMemoryPort());
    await documents.put(FIELDS, { disclosure: "public" });
    const app = express();
    app.use("/api/v1/documents", documentRoutes({ documents, isReferenced: async () => true, sessions: createSessionTokens({ node: "n", secret: new Uint8Array(32) }) }));
    app.use(notFoundRoute);
    app.use(errorMiddleware());
    honest = await serve(app);
    // a node that serves other bytes under the hash
    const liar = express();
    liar.get("/api/v1/documents/:hash", (req, res) => {
      res.set("x-tdl-document-hash", req.params.hash).type("application/octet-stream").send(Buffer.from("forged"));
    });
    lying = await serve(liar);
  });
  after(async function () {
    await Promise.all([honest.close(), lying.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the bytes to --out once their hash is checked, and refuses to replace the file without --force", async function () {
    const out = path.join(dir, "fields.json");
    const run = await tdl(["doc", "get", hash, "--node", honest.url, "--out", out], env);
    expect(run.code, run.err).to.equal(EXIT.OK);
    expect(run.out).to.match(/hash checked/);
    expect(documentHash(new Uint8Array(await readFile(out)))).to.equal(hash);
    const again = await tdl(["doc", "get", hash, "--node", honest.url, "--out", out], env);
    expect(again.code).to.equal(EXIT.BAD_INPUT);
    expect(again.err + again.out).to.match(/exists already/);
    await writeFile(out, "old");
    const forced = await tdl(["doc", "get", hash, "--node", honest.url, "--out", out, "--force"], env);
    expect(forced.code, forced.err).to.equal(EXIT.OK);
    expect(documentHash(new Uint8Array(await readFile(out)))).to.equal(hash);
  });

  it("prints {hash, disclosure, size, bytes as base64} with --json", async function () {
    const run = await tdl(["doc", "get", hash, "--node", honest.url, "--json"], env);
    expect(run.code, run.err).to.equal(EXIT.OK);
    const body = JSON.parse(run.out) as Record<string, unknown>;
    expect(body).to.include({ ok: true, hash, disclosure: "public", size: FIELDS.length });
    expect(Buffer.from(String(body.bytes), "base64").equals(Buffer.from(FIELDS))).to.equal(true);
  });

  it("refuses bytes that do not hash to the hash (a lying node) and writes nothing", async function () {
    const out = path.join(dir, "forged.json");
    const run = await tdl(["doc", "get", hash, "--node", lying.url, "--out", out], env);
    expect(run.code).to.equal(EXIT.FAILED);
    expect(run.err + run.out).to.match(/hash to 0x[0-9a-f]{64}, not/);
    const exists = await readFile(out).then(() => true, () => false);
    expect(exists).to.equal(false);
  });

  it("says the node holds no such document and refuses a malformed hash (exit 2 for both)", async function () {
    const missing = await tdl(["doc", "get", `0x${"cd".repeat(32)}`, "--node", honest.url], env);
    expect(missing.code).to.equal(EXIT.BAD_INPUT);
    expect(missing.err + missing.out).to.match(/holds no document/);
    const malformed = await tdl(["doc", "get", "0x12", "--node", honest.url], env);
    expect(malformed.code).to.equal(EXIT.BAD_INPUT);
  });

  it("documents get and put in --help with examples", async function () {
    const help = await tdl(["doc", "put", "--help"], env);
    expect(help.out + help.err).to.match(/--restricted/).and.match(/--party/).and.match(/tdl doc put/);
  });
});
