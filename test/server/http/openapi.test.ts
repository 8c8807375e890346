import { expect } from "chai";
import express, { type Express } from "express";
import { createRiskMonitor } from "../../../server/access";
import { TdlError } from "../../../server/errors";
import { createApp, type AppDeps } from "../../../server/http/app";
import { createMetrics } from "../../../server/http/ops-routes";
import { createDocsRouter, createOpenApiDocument, documentedRoutes, type OpenApiDocument } from "../../../server/http/openapi";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { createWebRouter } from "../../../server/http/web-routes";
import { createMemoryHistoryStore } from "../../../server/storage/history-store";
import { nodeState } from "../chain/helpers";
import { serve } from "../../helpers/serve";

/*
 * The OpenAPI document against the app: every route the node's app registers (walked from its router
 * stack) is documented with its method, every documented operation is a route; the document looks
 * like OpenAPI 3.1 (every $ref resolves, every path parameter declared); /api/v1/openapi.json serves
 * it and /docs serves Swagger UI from the node itself.
 */

interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  rawPath?: string | string[];
  handle: { stack?: RouteLayer[] };
}

/** Every (method, path) an Express 5 app or router registers, mount paths included. */
function registeredRoutes(stack: readonly RouteLayer[], prefix = ""): { method: string; path: string }[] {
  const join = (a: string, b: string) => (b === "/" ? a || "/" : `${a}${b}`);
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return paths.flatMap((p) =>
        Object.keys(layer.route?.methods ?? {})
          .filter((m) => m !== "_all")
          .map((method) => ({ method, path: join(prefix, p) })),
      );
    }
    if (Array.isArray(layer.handle.stack)) {
      const mount = typeof layer.rawPath === "string" ? layer.rawPath : "/";
      return registeredRoutes(layer.handle.stack, join(prefix, mount === "/" ? "" : mount));
    }
    return [];
  });
}

const key = (r: { method: string; path: string }): string => `${r.method.toUpperCase()} ${r.path}`;

/** The node's app with every optional part present; nothing here is called, only mounted. */
async function fullDeps(): Promise<AppDeps> {
  const state = await nodeState();
  const unused = () => Promise.reject(new TdlError("CHAIN_UNAVAILABLE", "not in this test"));
  return {
    store: state.store,
    anchorRecords: state.records,
    origin: "example.org/log",
    verifierKey: state.verifierKey,
    auth: {
      identity: { actorOf: unused, isQualifiedAt: unused, chainTime: unused },
      sessions: createSessionTokens({ secret: new Uint8Array(32).fill(7) }),
      nonces: createNonceStore(),
      audience: () => ({ domain: "127.0.0.1", uri: "http://127.0.0.1", chainId: 31337 }),
    },
    gateway: { handle: unused },
    risk: createRiskMonitor({ windowMs: 60_000, maxResources: 5 }),
    usage: { usage: { entriesOfGrant: unused }, grants: { grantInfo: unused } },
    history: createMemoryHistoryStore(),
    disclosure: { snapshot: unused },
    metrics: createMetrics({ processMetrics: false }),
    readiness: {},
  };
}

/** The app as the node builds it, with the docs and dashboard routers in front when createApp does not mount them itself. */
async function nodeApp(): Promise<{ app: Express; routes: { method: string; path: string }[] }> {
  const inner = createApp(await fullDeps());
  const innerRoutes = registeredRoutes(inner.router.stack as unknown as RouteLayer[]);
  const has = (path: string) => innerRoutes.some((r) => r.path === path);
  if (has("/api/v1/openapi.json") && has("/api/v1/web-config")) return { app: inner, routes: innerRoutes };
  const outer = express();
  if (!has("/api/v1/openapi.json")) outer.use(createDocsRouter());
  if (!has("/api/v1/web-config")) {
    outer.use(createWebRouter({ config: { rpcUrl: null, chainId: null, anchorContract: null, logId: null, origin: "example.org/log", verifierKey: "example.org/log+00000000+AA==" } }));
  }
  outer.use(inner);
  return { app: outer, routes: [...registeredRoutes(outer.router.stack as unknown as RouteLayer[]), ...innerRoutes] };
}

/** Every "$ref" string anywhere in `value`. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refs(v)));
  }
  return [];
}

function resolve(document: OpenApiDocument, ref: string): unknown {
  expect(ref, ref).to.match(/^#\//);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe("OpenAPI document", function () {
  const document = createOpenApiDocument();

  describe("against the app's routes", function () {
    it("documents every route the app registers, with its method", async function () {
      const { routes } = await nodeApp();
      expect(routes.map(key)).to.include.members([
        "POST /api/v1/access/batch",
        "POST /api/v1/auth/sign-in",
        "GET /api/v1/history/:kind/:id/export",
        "GET /api/v1/disclosure/grants/:id",
        "GET /api/v1/log/bundles/:index",
        "GET /api/v1/feed",
        "GET /readyz",
      ]);
      const documented = new Set(documentedRoutes(document).map(key));
      const missing = [...new Set(routes.map(key))].filter((r) => !documented.has(r));
      expect(missing, "routes the document lacks").to.deep.equal([]);
    });

    it("documents no operation the app does not have", async function () {
      const { routes } = await nodeApp();
      const registered = new Set(routes.map(key));
      const extra = documentedRoutes(document)
        .map(key)
        .filter((r) => !registered.has(r));
      expect(extra, "documented operations that are no route").to.deep.equal([]);
    });
  });

  describe("the document", function () {
    it("is OpenAPI 3.1 with info, paths and components", function () {
      expect(document.openapi).to.equal("3.1.0");
      expect(document.info.title).to.be.a("string").and.not.empty;
      expect(document.info.version).to.match(/^\d+\.\d+\.\d+/);
      expect(Object.keys(document.paths).length).to.be.greaterThan(20);
      expect(Object.keys(document.components.schemas)).to.include.members(["Error", "ChainEvent", "Grant", "ProofBundle", "AccessRequest"]);
      expect(JSON.parse(JSON.stringify(document))).to.deep.equal(document);
    });

    it("resolves every $ref", function () {
      const all = refs(document);
      expect(all.length).to.be.greaterThan(20);
      for (const ref of all) expect(resolve(document, ref), ref).to.not.equal(undefined);
    });

    it("gives every operation a unique id, a tag it declares, responses, and every path parameter as a required parameter", function () {
      const ids = new Set<string>();
      const tags = new Set(document.tags.map((t) => t.name));
      for (const [template, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const where = `${method.toUpperCase()} ${template}`;
          expect(ids.has(operation.operationId), `${where} operationId`).to.equal(false);
          ids.add(operation.operationId);
          for (const tag of operation.tags) expect(tags.has(tag), `${where} tag ${tag}`).to.equal(true);
          expect(Object.keys(operation.responses).length, where).to.be.greaterThan(0);
          const declared = (operation.parameters ?? [])
            .map((p) => ("$ref" in p ? (resolve(document, p.$ref) as { name: string; in: string; required?: boolean }) : p))
            .filter((p) => p.in === "path");
          const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
          expect(declared.map((p) => p.name).sort(), `${where} path parameters`).to.deep.equal(inTemplate.sort());
          for (const p of declared) expect(p.required, `${where} ${p.name}`).to.equal(true);
        }
      }
    });

    it("describes the one error body and a 400 that names the field", function () {
      expect(document.components.schemas.Error).to.deep.include({ required: ["error"], additionalProperties: false });
      expect(document.components.responses.E400.description).to.match(/field/);
    });
  });

  describe("serving", function () {
    let running: { url: string; close(): Promise<void> };
    before(async function () {
      running = await serve((await nodeApp()).app);
    });
    after(async function () {
      await running.close();
    });

    it("serves the document at /api/v1/openapi.json", async function () {
      const response = await fetch(`${running.url}/api/v1/openapi.json`);
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^application\/json/);
      expect(await response.json()).to.deep.equal(JSON.parse(JSON.stringify(document)));
    });

    it("serves Swagger UI at /docs/ from the node's own files, no CDN", async function () {
      const redirect = await fetch(`${running.url}/docs`, { redirect: "manual" });
      expect(redirect.status).to.equal(301);
      expect(redirect.headers.get("location")).to.equal("/docs/");
      const page = await fetch(`${running.url}/docs/`);
      expect(page.status).to.equal(200);
      expect(page.headers.get("content-type")).to.match(/^text\/html/);
      const html = await page.text();
      expect(html).to.include('<div id="swagger-ui">');
      expect(html).not.to.match(/(src|href)=["']https?:/);
      const bundle = await fetch(`${running.url}/docs/swagger-ui-bundle.js`);
      expect(bundle.status).to.equal(200);
      expect(bundle.headers.get("content-type")).to.match(/javascript/);
      await bundle.arrayBuffer();
      const init = await (await fetch(`${running.url}/docs/swagger-ui-init.js`)).text();
      expect(init).to.include('"openapi": "3.1.0"');
      expect(init).to.include('"validatorUrl": null');
    });
  });
});
