import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { createOpenApiDocument } from "../../server/http/openapi";
import type { HttpMethod, OpenApiDocument, Response } from "../../server/http/openapi-types";

/*
 * Every JSON answer a test receives from a served node is checked against the node's OpenAPI document:
 * the operation is found by method and path, the response by status, and the body validated against the
 * response's schema (JSON Schema 2020-12, as OpenAPI 3.1 has it). A status the operation does not
 * document, or a body that does not match, is a nonconformity: the document drifted from the code.
 * Paths the document does not describe (a stand-in app's, the dashboard's files) are not checked here;
 * test/server/http/openapi.test.ts checks that every route of the app is documented.
 */

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  /** Path parameters in the template; templates with fewer are tried first. */
  readonly params: number;
}

export interface ResponseCheck {
  /** Why this answer does not conform, or undefined when it does (or is not the document's to judge). */
  (method: string, url: string, status: number, contentType: string | undefined, body: string): string | undefined;
}

function routesOf(document: OpenApiDocument): Route[] {
  return Object.keys(document.paths)
    .map((template) => {
      const parts = template.split(/\{[^}]+\}/).map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
      return { template, pattern: new RegExp(`^${parts.join("[^/]+")}$`), params: parts.length - 1 };
    })
    .sort((a, b) => a.params - b.params);
}

export function createResponseCheck(document: OpenApiDocument = createOpenApiDocument()): ResponseCheck {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema({ ...document, $id: "tdl-openapi" });
  const routes = routesOf(document);
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string): ValidateFunction => {
    let v = validators.get(pointer);
    if (v === undefined) {
      v = ajv.compile({ $ref: `tdl-openapi#${pointer}` });
      validators.set(pointer, v);
    }
    return v;
  };
  const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

  return (method, url, status, contentType, body) => {
    const path = url.split("?")[0];
    const route = routes.find((r) => r.pattern.test(path));
    const verb = method.toLowerCase() as HttpMethod;
    const operation = route === undefined ? undefined : document.paths[route.template][verb];
    if (route === undefined || operation === undefined) return undefined;
    const where = `${method} ${route.template} answered ${status}`;
    const listed = operation.responses[String(status)] === undefined && status >= 400 ? "default" : String(status);
    let response = operation.responses[listed] as Response | { $ref: string } | undefined;
    let pointer = `/paths/${escape(route.template)}/${verb}/responses/${listed}`;
    if (response === undefined) return `${where}, a status the document does not list for it (${Object.keys(operation.responses).join(", ")})`;
    if ("$ref" in response) {
      pointer = response.$ref.slice(1);
      response = document.components.responses[response.$ref.split("/").pop() as string];
    }
    if (!contentType?.startsWith("application/json")) return undefined;
    if (response.content?.["application/json"] === undefined) return `${where} with JSON, which the document does not describe for it`;
    const validate = validatorAt(`${pointer}/content/application~1json/schema`);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return `${where} with a body that is not JSON`;
    }
    if (validate(value)) return undefined;
    const [first] = validate.errors ?? [];
    return `${where}: the body ${first?.instancePath || "(root)"} ${first?.message ?? "does not match"} (schema ${first?.schemaPath ?? "?"}); body: ${body.slice(0, 300)}`;
  };
}
