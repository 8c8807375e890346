import express, { Router, type RequestHandler } from "express";
import { z } from "zod";
import { TdlError } from "../errors";
import { documentHash, parseDocumentHash, type DocumentStore, type StoredDocument } from "../storage/documents";
import { OrgKind } from "../vocabulary";
import { OVERSIGHT_KINDS, requireSession, sessionOf } from "./auth";
import type { SessionTokens } from "./session";
import { parseRequest } from "./params";

/*
 * The documents behind the chain's hashes (issue 14 item 1), served with their hash so any reader re-checks
 * them. A public document is anyone's to read; a restricted one only a session's whose organisation is one of
 * its parties, or the bureau's or a supervisor's. Signed-in staff store a document whose hash the chain holds
 * or will hold (`isReferenced`); the bytes must hash to the hash in the path.
 */

export interface DocumentRouteDeps {
  readonly documents: DocumentStore;
  /** Whether the chain holds, or will hold, the hash (the node wires the catalog and pending transactions). */
  readonly isReferenced: (hash: string) => Promise<boolean>;
  readonly sessions: SessionTokens;
  /** The largest body a PUT reads, bytes (the store's own limit; default 4 MiB). */
  readonly maxBytes?: number;
}

export const HASH_HEADER = "x-tdl-document-hash";
export const DISCLOSURE_HEADER = "x-tdl-document-disclosure";

export const documentParams = z.object({ hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x and 64 hex digits") });

export const documentPutQuery = z.object({
  disclosure: z.enum(["public", "restricted"], { error: "must be public or restricted" }).optional(),
  parties: z
    .string()
    .regex(/^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,63}$/, "must be organisation ids separated by commas")
    .optional(),
});

/** What a PUT answers: the stored record (the first one, when the document was already held). */
export const storedDocumentBody = z.strictObject({
  hash: z.string(),
  disclosure: z.enum(["public", "restricted"]),
  parties: z.array(z.number().int()),
  size: z.number().int(),
});

const READ_ALWAYS = new Set<number>([...OVERSIGHT_KINDS]);

const recordOf = (doc: StoredDocument): z.output<typeof storedDocumentBody> => ({ hash: doc.hash, disclosure: doc.disclosure, parties: [...doc.parties], size: doc.bytes.length });

/**
 * GET /:hash   the document's bytes (application/octet-stream) with header x-tdl-document-hash
 * PUT /:hash   signed-in staff store a document (raw body; ?disclosure=restricted&parties=3,5)
 */
export function documentRoutes(deps: DocumentRouteDeps): Router {
  const router = Router();
  const session = requireSession(deps.sessions);
  const hashOf = (params: unknown) => parseDocumentHash(parseRequest(documentParams, params, "path").hash);

  const load: RequestHandler = async (req, res, next) => {
    const doc = await deps.documents.get(hashOf(req.params));
    if (doc === undefined) throw new TdlError("NOT_FOUND", `this node holds no document ${hashOf(req.params)}: another node may`);
    res.locals.document = doc;
    next(doc.disclosure === "public" ? "route" : undefined);
  };
  const mayRead: RequestHandler = (_req, res, next) => {
    const doc = res.locals.document as StoredDocument;
    const { org, kind } = sessionOf(res);
    if (!READ_ALWAYS.has(kind) && !doc.parties.includes(org)) {
      throw new TdlError("FORBIDDEN", `document ${doc.hash} is restricted to its parties (organisations ${doc.parties.join(", ")}) and supervisors; you act for organisation ${org}`);
    }
    next();
  };
  const send: RequestHandler = (_req, res) => {
    const doc = res.locals.document as StoredDocument;
    res.set(HASH_HEADER, doc.hash).set(DISCLOSURE_HEADER, doc.disclosure).set("cache-control", doc.disclosure === "public" ? "public, max-age=31536000, immutable" : "private, no-store");
    res.type("application/octet-stream").send(Buffer.from(doc.bytes));
  };
  // a public document leaves `load` with next("route") to the second, unguarded route
  router.get("/:hash", load, session, mayRead, send);
  router.get("/:hash", send);

  const raw = express.raw({ type: () => true, limit: deps.maxBytes ?? 4 * 1024 * 1024 });
  router.put("/:hash", session, raw, async (req, res) => {
    const hash = hashOf(req.params);
    const query = parseRequest(documentPutQuery, req.query, "query");
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(0);
    if (bytes.length === 0) throw new TdlError("MALFORMED_INPUT", "the body is the document's bytes, and it is empty");
    const actual = documentHash(bytes);
    if (actual !== hash) throw new TdlError("DOCUMENT_HASH_MISMATCH", `the body hashes to ${actual}, not to ${hash}`);
    if (!(await deps.isReferenced(hash))) {
      throw new TdlError("DOCUMENT_NOT_REFERENCED", `no chain record holds ${hash} and no pending transaction carries it: send the transaction first`);
    }
    if (query.disclosure === "public" && query.parties !== undefined) throw new TdlError("MALFORMED_INPUT", "query parties: a public document names no parties");
    const disclosure = query.disclosure ?? (query.parties === undefined ? "public" : "restricted");
    const { org, kind } = sessionOf(res);
    // the uploading organisation is a party of its own restricted document (the bureau reads every one anyway)
    const named = query.parties?.split(",").map(Number) ?? [];
    const parties = disclosure === "public" ? [] : kind === OrgKind.Bureau ? named : [...named, org];
    const before = await deps.documents.get(hash);
    const stored = await deps.documents.put(bytes, { disclosure, parties });
    res.status(before === undefined ? 201 : 200).json(recordOf(stored));
  });
  return router;
}
