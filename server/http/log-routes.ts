import { Router } from "express";
import { z } from "zod";
import { TdlError } from "../errors";
import { parseCheckpoint, parseEntry, parseNote } from "../log";
import { buildProofBundle, type BundleSources } from "./bundles";
import { mayReadEntry, optionalSession, WITHHELD, type EntryReaders } from "./entry-readers";
import { parseRequest, uintParam } from "./params";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

export const checkpointQuery = z.object({ format: z.enum(["note", "json"]).optional() });
export const indexParams = z.object({ index: uintParam });
export const inclusionQuery = z.object({ index: uintParam, size: uintParam });
export const consistencyQuery = z.object({ from: uintParam, to: uintParam });

/**
 * GET /checkpoint                      latest signed checkpoint (text/plain note; ?format=json)
 * GET /entries/:index                  the leaf hash; the entry itself for the parties of its grant and supervisors
 * GET /proofs/inclusion?index=&size=   inclusion proof of an entry in the tree of `size`
 * GET /proofs/consistency?from=&to=    consistency proof between two tree sizes
 * GET /bundles/:index                  proof bundle at the latest anchored checkpoint (the entry's readers only)
 * Without `readers` (a node without sign-in) no one reads entries' contents.
 */
export function logRoutes(deps: BundleSources, readers?: EntryReaders): Router {
  const { store } = deps;
  const router = Router();

  router.get("/checkpoint", async (req, res) => {
    const { format } = parseRequest(checkpointQuery, req.query, "query");
    const latest = await store.latestCheckpoint();
    if (latest === undefined) throw new TdlError("NOT_FOUND", "the log has no signed checkpoint yet");
    if (format === "json") {
      const body = parseCheckpoint(parseNote(latest.note).text, store.hasher.size);
      res.json({ origin: body.origin, size: body.size, root: hex(body.root), note: latest.note, verifierKey: deps.verifierKey });
      return;
    }
    res.type("text/plain; charset=utf-8").send(latest.note);
  });

  router.get("/entries/:index", async (req, res) => {
    const { index } = parseRequest(indexParams, req.params, "path");
    const session = optionalSession(readers, req);
    const [bytes, leafHash] = await Promise.all([store.getEntry(index), store.getLeafHash(index)]);
    const entry = parseEntry(bytes);
    res.set("cache-control", "private, no-store");
    if (await mayReadEntry(readers, session, entry)) res.json({ index, entry, leafHash: hex(leafHash) });
    else res.json({ index, entry: null, leafHash: hex(leafHash), withheld: WITHHELD.message, withheldZh: WITHHELD.messageZh });
  });

  router.get("/proofs/inclusion", async (req, res) => {
    const { index, size } = parseRequest(inclusionQuery, req.query, "query");
    if (index >= size) throw new TdlError("MALFORMED_INPUT", `query index: ${index} is not below size ${size}`, { details: { field: "index" } });
    const [leafHash, proof] = await Promise.all([store.getLeafHash(index), store.inclusionProof(index, size)]);
    res.json({ index, treeSize: size, leafHash: hex(leafHash), inclusionProof: proof.map(hex) });
  });

  router.get("/proofs/consistency", async (req, res) => {
    const { from, to } = parseRequest(consistencyQuery, req.query, "query");
    if (from > to) throw new TdlError("MALFORMED_INPUT", `query from: ${from} is greater than to ${to}`, { details: { field: "from" } });
    const proof = await store.consistencyProof(from, to);
    res.json({ from, to, consistencyProof: proof.map(hex) });
  });

  router.get("/bundles/:index", async (req, res) => {
    const { index } = parseRequest(indexParams, req.params, "path");
    const session = optionalSession(readers, req);
    const bundle = await buildProofBundle(deps, index);
    if (!(await mayReadEntry(readers, session, bundle.entry))) {
      throw new TdlError(session === undefined ? "UNAUTHENTICATED" : "FORBIDDEN", `entry ${index}: ${WITHHELD.message}`, { details: { zh: `第 ${index} 条：${WITHHELD.messageZh}` } });
    }
    res.set("cache-control", "private, no-store");
    res.json(bundle);
  });

  return router;
}
