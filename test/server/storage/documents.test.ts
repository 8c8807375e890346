import { expect } from "chai";
import { createHash } from "node:crypto";
import { isTdlError } from "../../../server/errors";
import { createMemoryPort, openLevelPort, type KeyValuePort } from "../../../server/storage";
import { createDocumentStore, documentHash } from "../../../server/storage/documents";
import { tempDirs } from "./temp-dir";

const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("document store (issue 14 item 1)", function () {
  const dirs = tempDirs();
  after(() => dirs.removeAll());

  const ports: [string, () => Promise<KeyValuePort>][] = [
    ["memory", async () => createMemoryPort()],
    ["LevelDB", async () => openLevelPort(await dirs.make())],
  ];

  it("documentHash is 0x + the lowercase hex SHA-256 of the bytes", function () {
    expect(documentHash(utf8("abc"))).to.equal("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  for (const [name, open] of ports) {
    describe(`over the ${name} port`, function () {
      let kv: KeyValuePort;
      beforeEach(async () => {
        kv = await open();
      });
      afterEach(() => kv.close());

      it("stores a public document under its SHA-256 and reads the same bytes back", async function () {
        const store = createDocumentStore(kv);
        const bytes = utf8(JSON.stringify({ code: "SCJG-0001", title: "企业登记信息" }));
        const stored = await store.put(bytes, { disclosure: "public" });
        expect(stored).to.deep.equal({ hash: sha256(bytes), bytes, disclosure: "public", parties: [] });
        const read = await store.get(sha256(bytes));
        expect(read?.hash).to.equal(sha256(bytes));
        expect(Buffer.from(read!.bytes).equals(Buffer.from(bytes))).to.equal(true);
        expect(read?.disclosure).to.equal("public");
      });

      it("keeps a restricted document's parties, sorted and without repeats, and finds it by an upper-case hash", async function () {
        const store = createDocumentStore(kv);
        const bytes = utf8("agreement of grant 3");
        await store.put(bytes, { disclosure: "restricted", parties: [7, 3, 7] });
        const read = await store.get(sha256(bytes).toUpperCase().replace("0X", "0x"));
        expect(read).to.include({ disclosure: "restricted" });
        expect(read?.parties).to.deep.equal([3, 7]);
      });

      it("is idempotent and never overwrites: a second put returns the first record", async function () {
        const store = createDocumentStore(kv);
        const bytes = utf8("review");
        await store.put(bytes, { disclosure: "restricted", parties: [4] });
        const again = await store.put(bytes, { disclosure: "public" });
        expect(again).to.include({ hash: sha256(bytes), disclosure: "restricted" });
        expect(again.parties).to.deep.equal([4]);
        expect((await store.get(sha256(bytes)))?.disclosure).to.equal("restricted");
      });

      it("keeps one record when the same bytes are put concurrently", async function () {
        const store = createDocumentStore(kv);
        const bytes = utf8("plan");
        const [a, b] = await Promise.all([store.put(bytes, { disclosure: "restricted", parties: [2] }), store.put(bytes, { disclosure: "public" })]);
        expect(a.disclosure).to.equal("restricted");
        expect(b.disclosure).to.equal("restricted");
      });

      it("stores a copy: changing the caller's buffer afterwards changes nothing stored", async function () {
        const store = createDocumentStore(kv);
        const bytes = utf8("field list");
        const hash = sha256(bytes);
        await store.put(bytes, { disclosure: "public" });
        bytes[0] = 0;
        expect(Buffer.from((await store.get(hash))!.bytes).toString("utf8")).to.equal("field list");
      });

      it("answers undefined for a hash it does not hold", async function () {
        expect(await createDocumentStore(kv).get(`0x${"ab".repeat(32)}`)).to.equal(undefined);
      });

      it("refuses a document over the size limit with DOCUMENT_TOO_LARGE and stores nothing", async function () {
        const store = createDocumentStore(kv, { maxBytes: 16 });
        const bytes = new Uint8Array(17);
        const error = await rejection(store.put(bytes, { disclosure: "public" }));
        expect(isTdlError(error, "DOCUMENT_TOO_LARGE"), String(error)).to.equal(true);
        expect(await store.get(sha256(bytes))).to.equal(undefined);
        expect((await store.put(new Uint8Array(16), { disclosure: "public" })).bytes.length).to.equal(16);
      });

      it("refuses a malformed hash, a public document with parties and a party that is not an organisation id", async function () {
        const store = createDocumentStore(kv);
        for (const attempt of [
          store.get("0x1234"),
          store.get(`${"ab".repeat(32)}`),
          store.put(utf8("x"), { disclosure: "public", parties: [3] }),
          store.put(utf8("x"), { disclosure: "restricted", parties: [0] }),
          store.put(utf8("x"), { disclosure: "secret" as "public" }),
        ]) {
          const error = await rejection(attempt);
          expect(isTdlError(error, "MALFORMED_INPUT"), String(error)).to.equal(true);
        }
      });

      it("re-checks the hash on read: bytes changed in the database are STORAGE_FAILURE, not served", async function () {
        const store = createDocumentStore(kv);
        const bytes = utf8("metadata of resource 1");
        const hash = sha256(bytes);
        await store.put(bytes, { disclosure: "public" });
        const key = Uint8Array.of(0x10, ...Buffer.from(hash.slice(2), "hex"));
        const [value] = await kv.getMany([key]);
        const damaged = value!.slice();
        damaged[damaged.length - 1] ^= 1;
        await kv.putAll([[key, damaged]]);
        const error = await rejection(store.get(hash));
        expect(isTdlError(error, "STORAGE_FAILURE"), String(error)).to.equal(true);
        expect((error as Error).message).to.match(/no longer hash/);
      });
    });
  }

  it("keeps documents across a LevelDB close and reopen", async function () {
    const dir = await dirs.make();
    const bytes = utf8("survives a restart");
    const first = await openLevelPort(dir);
    await createDocumentStore(first).put(bytes, { disclosure: "restricted", parties: [5] });
    await first.close();
    const second = await openLevelPort(dir);
    try {
      const read = await createDocumentStore(second).get(sha256(bytes));
      expect(read).to.include({ disclosure: "restricted" });
      expect(read?.parties).to.deep.equal([5]);
    } finally {
      await second.close();
    }
  });
});
