import { expect } from "chai";
import express, { type Express } from "express";
import { z } from "zod";
import { createRiskMonitor } from "../../../server/access";
import { TdlError } from "../../../server/errors";
import { createApp, type AppDeps } from "../../../server/http/app";
import { accessRequestBody, batchBody } from "../../../server/http/access-routes";
import { queryRequestBody } from "../../../server/http/query-routes";
import { signInBody } from "../../../server/http/auth";
import { errorBody } from "../../../server/http/errors";
import { grantQuery, idParams } from "../../../server/http/disclosure-routes";
import { feedQuery } from "../../../server/http/feed-routes";
import { subjectParams } from "../../../server/http/history-routes";
import { inclusionQuery } from "../../../server/http/log-routes";
import { createMetrics } from "../../../server/http/ops-routes";
import { createDocsRouter, createOpenApiDocument, documentedRoutes } from "../../../server/http/openapi";
import type { OpenApiDocument } from "../../../server/http/openapi-types";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { createWebRouter, webConfigBody } from "../../../server/http/web-routes";
import { createMemoryHistoryStore } from "../../../server/storage/history-store";
import { nodeState } from "../chain/helpers";
import { createResponseCheck } from "../../helpers/openapi-conformance";
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
      sessions: createSessionTokens({ node: "example.org/log", secret: new Uint8Array(32).fill(7) }),
      nonces: createNonceStore(),
      audience: () => ({ domain: "127.0.0.1", uri: "http://127.0.0.1", chainId: 31337 }),
    },
    gateway: { handle: unused, handleBatch: unused },
    queries: { handle: unused },
    productRuns: { run: unused },
    risk: createRiskMonitor({ windowMs: 60_000, maxResources: 5 }),
    usage: { usage: { entriesOfGrant: unused }, grants: { grantInfo: unused } },
    history: createMemoryHistoryStore(),
    disclosure: { snapshot: unused },
    documents: { documents: { put: unused, get: unused }, isReferenced: unused },
    datasets: { intake: { checkPublisher: unused, stage: unused }, uploadsDir: "/nonexistent" },
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
    outer.use(createWebRouter({ config: { rpcUrl: null, chainId: null, anchorContract: null, logId: null, origin: "example.org/log" } }));
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

/** What `schema` accepts, as zod itself writes it in JSON Schema (2020-12, the dialect of OpenAPI 3.1), without the dialect tag. */
function zodJsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): Record<string, unknown> {
  const { $schema, ...accepted } = z.toJSONSchema(schema, { io });
  expect($schema).to.equal("https://json-schema.org/draft/2020-12/schema");
  return accepted;
}

/** `value` without the "description" texts the document adds for people. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "description").map(([k, v]) => [k, withoutDescriptions(v)]));
  }
  return value;
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

    it("takes the request bodies and parameters from the routes' zod schemas, so a change to a route changes the document", function () {
      const { schemas } = document.components;
      expect(withoutDescriptions(schemas.AccessRequest)).to.deep.equal(zodJsonSchema(accessRequestBody));
      expect(withoutDescriptions(schemas.SignInRequest)).to.deep.equal(zodJsonSchema(signInBody));
      expect(withoutDescriptions(schemas.QueryRequest)).to.deep.equal(zodJsonSchema(queryRequestBody));
      const body = (path: string) => document.paths[path].post?.requestBody?.content["application/json"].schema;
      expect(body("/api/v1/access/batch")).to.deep.equal(zodJsonSchema(batchBody));
      expect(body("/api/v1/access")).to.deep.equal({ $ref: "#/components/schemas/AccessRequest" });
      expect(body("/api/v1/auth/sign-in")).to.deep.equal({ $ref: "#/components/schemas/SignInRequest" });

      /** The (name, required, schema) of each parameter `where` of an operation, as the route's zod object has them. */
      const fromZod = (schema: z.ZodObject, where: "query" | "path") => {
        const accepted = zodJsonSchema(schema) as { properties: Record<string, unknown>; required?: string[] };
        return Object.entries(accepted.properties).map(([name, property]) => ({ name, required: where === "path" || (accepted.required ?? []).includes(name), schema: property }));
      };
      const documented = (path: string, where: "query" | "path") =>
        (document.paths[path].get?.parameters ?? [])
          .map((p) => ("$ref" in p ? (resolve(document, p.$ref) as { name: string; in: string; required?: boolean; schema: unknown }) : p))
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required, schema: p.schema }));
      expect(documented("/api/v1/disclosure/grants", "query")).to.deep.equal(fromZod(grantQuery, "query"));
      expect(documented("/api/v1/disclosure/grants/{id}", "path")).to.deep.equal(fromZod(idParams, "path"));
      expect(documented("/api/v1/log/proofs/inclusion", "query")).to.deep.equal(fromZod(inclusionQuery, "query"));
      expect(documented("/api/v1/feed", "query")).to.deep.equal(fromZod(feedQuery, "query"));
      expect(documented("/api/v1/history/{kind}/{id}", "path")).to.deep.equal(fromZod(subjectParams, "path"));
    });

    it("takes the error body and the web config from the routes' zod schemas", function () {
      expect(document.components.schemas.Error).to.deep.equal(zodJsonSchema(errorBody, "output"));
      expect(document.components.schemas.WebConfig).to.deep.equal(zodJsonSchema(webConfigBody, "output"));
      expect(document.paths["/api/v1/web-config"].get?.responses["200"]).to.deep.equal({
        description: "The node's facts",
        content: { "application/json": { schema: { $ref: "#/components/schemas/WebConfig" } } },
      });
    });

    it("describes the one error body and a 400 that names the field", function () {
      expect(document.components.schemas.Error).to.deep.include({ required: ["error"], additionalProperties: false });
      expect(document.components.responses.E400.description).to.match(/field/);
    });
  });

  describe("the answers the tests see, checked against it (test/helpers/serve.ts does so for every served app)", function () {
    const check = createResponseCheck(document);
    const health = JSON.stringify({ status: "ok", logSize: 3, anchoring: null });

    it("accepts an answer whose body matches the documented schema", function () {
      expect(check("GET", "/healthz", 200, "application/json; charset=utf-8", health)).to.equal(undefined);
    });

    it("names the field when a body lacks what the document requires", function () {
      expect(check("GET", "/healthz", 200, "application/json", JSON.stringify({ status: "ok" }))).to.match(/GET \/healthz answered 200: .*logSize/);
    });

    it("names a success status the document does not list, and takes any error status in the one error body", function () {
      expect(check("GET", "/healthz", 201, "application/json", health)).to.match(/a status the document does not list/);
      expect(check("GET", "/healthz", 500, "application/json", JSON.stringify({ error: { code: "INTERNAL", message: "kaput" } }))).to.equal(undefined);
      expect(check("GET", "/healthz", 500, "application/json", JSON.stringify({ oops: true }))).to.match(/answered 500/);
    });

    it("finds the operation by its path template, and leaves paths it does not describe alone", function () {
      expect(check("GET", "/api/v1/disclosure/grants/7?x=1", 200, "application/json", "{}")).to.match(/GET \/api\/v1\/disclosure\/grants\/\{id\} answered 200/);
      expect(check("GET", "/not-the-node", 200, "application/json", "{}")).to.equal(undefined);
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
