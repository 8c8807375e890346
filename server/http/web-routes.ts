import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router, type Response } from "express";
import { z } from "zod";

/*
 * The dashboard (web/, built by `npm run build:web` into web/dist) and the little it needs to know about
 * this node to check things without trusting it: which chain to read (JSON-RPC URL and chain id), which
 * AccessLogAnchor contract and log id hold this node's anchored roots, and the log's origin. Not the key
 * that signs its checkpoints: the dashboard reads that from the chain (AccessLogAnchor.logKeyFor). The dashboard verifies proof bundles in the browser against the root it reads
 * from that chain itself; the reader may point it at another JSON-RPC endpoint they trust.
 */

/** What the dashboard is told about this node (GET /api/v1/web-config; the OpenAPI document's WebConfig). */
export const webConfigBody = z.object({
  rpcUrl: z.string().nullable().describe("JSON-RPC URL the reader's browser reads the chain from (reachable from the browser, CORS open); null without a chain"),
  chainId: z.number().int().nullable(),
  anchorContract: z.string().nullable().describe("The AccessLogAnchor contract's address (0x); null without a chain"),
  logId: z.number().int().nullable().describe("This node's log id on AccessLogAnchor; null when the node does not anchor"),
  origin: z.string().describe("The log's checkpoint origin line"),
  explorerUrl: z.string().nullable().optional().describe("A block explorer's base URL: events then link to <explorerUrl>/tx/<hash> and <explorerUrl>/block/<n>"),
});
export type WebConfig = Readonly<z.output<typeof webConfigBody>>;

export interface WebRouterDeps {
  /** The node's facts, or a function read per request (the node learns some of them after it starts). */
  readonly config: WebConfig | (() => WebConfig | Promise<WebConfig>);
  /** The built dashboard. Default: web/dist of this repository. */
  readonly distDir?: string;
}

/** web/dist of this repository, where `vite build web` writes. */
export const DEFAULT_WEB_DIST = path.resolve(__dirname, "../../web/dist");

function originOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The page may run its own scripts and styles and talk to this node and to the chain's JSON-RPC endpoint, nothing else. */
function contentSecurityPolicy(rpcUrl: string | null): string {
  const rpc = originOf(rpcUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${rpc === null ? "" : ` ${rpc}`}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * GET /                     the dashboard (index.html of the build)
 * GET /assets/*             its scripts and styles (content-hashed names, cached for a year)
 * GET /api/v1/web-config    WebConfig as JSON
 *
 * Mount at the root of the node's app, before its 404 route: `app.use(createWebRouter({ config }))`.
 */
export function createWebRouter(deps: WebRouterDeps): Router {
  const distDir = deps.distDir ?? DEFAULT_WEB_DIST;
  const indexFile = path.join(distDir, "index.html");
  const readConfig = async (): Promise<WebConfig> => (typeof deps.config === "function" ? deps.config() : deps.config);
  const router = Router();

  router.get("/api/v1/web-config", async (_req, res) => {
    const config = await readConfig();
    res.set("Cache-Control", "no-store");
    res.json({ explorerUrl: null, ...config });
  });

  const sendIndex = async (res: Response): Promise<void> => {
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    if (!existsSync(indexFile)) {
      res.status(503).type("text/plain; charset=utf-8").send("The dashboard is not built on this node: run `npm run build:web` (vite build web), then reload.\n");
      return;
    }
    const config = await readConfig();
    res.set("Content-Security-Policy", contentSecurityPolicy(config.rpcUrl));
    res.set("Cache-Control", "no-cache");
    res.sendFile(indexFile);
  };
  router.get(["/", "/index.html", "/dashboard"], async (_req, res) => sendIndex(res));

  router.use("/assets", express.static(path.join(distDir, "assets"), { index: false, immutable: true, maxAge: "365d", fallthrough: true }));
  return router;
}
