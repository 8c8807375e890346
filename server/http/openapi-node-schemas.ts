import { accessRequestBody } from "./access-routes";
import { RISK_ALERT_TYPES } from "../access";
import { signInBody } from "./auth";
import { errorBody } from "./errors";
import { acceptedBy, ADDRESS, described, nullableString, producedBy, ref, uint } from "./openapi-blocks";
import { webConfigBody } from "./web-routes";
import type { Schema } from "./openapi-types";

/** The document's schemas for the node itself: errors, ops, sign-in, the gateway and the log. */
export const NODE_SCHEMAS: Readonly<Record<string, Schema>> = {
  Error: producedBy(errorBody),
  Health: {
    type: "object",
    required: ["status", "logSize"],
    properties: { status: { type: "string" }, logSize: uint, anchoring: { type: ["object", "null"] } },
  },
  Readiness: {
    type: "object",
    required: ["status", "checks"],
    properties: {
      status: { type: "string", enum: ["ready", "not ready"] },
      notReady: { type: "array", items: { type: "string", enum: ["chain", "storage", "indexer"] } },
      checks: {
        type: "object",
        properties: Object.fromEntries(
          ["chain", "storage", "indexer"].map((part) => [
            part,
            { type: "object", required: ["ready", "configured"], properties: { ready: { type: "boolean" }, configured: { type: "boolean" }, reason: { type: "string" } } } satisfies Schema,
          ]),
        ),
      },
    },
  },
  SignInNonce: {
    type: "object",
    required: ["nonce", "expiresAt", "domain", "uri", "chainId", "version"],
    properties: {
      nonce: { type: "string" },
      expiresAt: { type: "string", format: "date-time" },
      domain: { type: "string" },
      uri: { type: "string" },
      chainId: { type: "integer" },
      version: { const: "1" },
    },
  },
  SignInRequest: described(acceptedBy(signInBody), undefined, { message: "The EIP-4361 message, exactly as signed (personal_sign)" }),
  Session: {
    type: "object",
    required: ["token", "tokenType", "expiresAt", "key", "org", "kind"],
    properties: {
      token: { type: "string", description: "Send as Authorization: Bearer <token>" },
      tokenType: { const: "Bearer" },
      expiresAt: { type: "string", format: "date-time" },
      key: { type: "string", pattern: ADDRESS },
      org: uint,
      kind: { type: "string", description: "Organisation kind (Operator, Developer, Bureau, ...)" },
    },
  },
  AccessRequest: described(acceptedBy(accessRequestBody), "Send exactly one of requestDigest or request.", {
    operation: "query, compute, download, export, ...",
    grantId: "uint32",
    scenario: "keccak256 of the scenario name",
    resourceId: "uint32",
    fields: "Field bit mask (bit i = field i of the resource's field list), not zero",
    requestDigest: "SHA-256 of the request the client will run",
    request: "The request itself; the node records only the SHA-256 of its canonical JSON",
  }),
  Receipt: {
    type: "object",
    description: "The node's signed word that the decision is entry `index` of its log; the proof bundle follows at /api/v1/log/bundles/{index} once an anchor covers checkpointSizeToCome",
    required: ["version", "origin", "index", "leafHash", "entry", "range", "checkpointSizeToCome"],
    properties: {
      version: { const: 1 },
      origin: { type: "string" },
      index: uint,
      leafHash: { type: "string" },
      entry: ref("AccessLogEntry"),
      range: { type: "object", properties: { start: uint, size: uint, proof: { type: "array", items: { type: "string" } } } },
      checkpointSizeToCome: uint,
      note: { type: "string", description: "Signed note over the range (single requests; a batch carries it once per range)" },
    },
  },
  BatchResult: {
    type: "object",
    required: ["decision", "reason", "message", "messageZh", "receipt"],
    properties: {
      decision: { type: "string", enum: ["allowed", "denied"] },
      reason: { type: "string" },
      message: { type: "string" },
      messageZh: { type: "string" },
      receipt: ref("Receipt"),
    },
  },
  AccessDecision: {
    type: "object",
    required: ["decision", "reason", "message", "messageZh", "receipt"],
    properties: {
      decision: { type: "string", enum: ["allowed", "denied"] },
      reason: { type: "string", description: "ALLOWED, or why not: GRANT_EXPIRED, FIELDS_OUT_OF_SCOPE, RAW_EXPORT_REFUSED, SCENARIO_MISMATCH, ..." },
      message: { type: "string" },
      messageZh: { type: "string" },
      receipt: ref("Receipt"),
    },
  },
  Alert: {
    type: "object",
    properties: {
      id: { type: "string" },
      org: uint,
      type: { type: "string", enum: [...RISK_ALERT_TYPES] },
      window: { type: "object", properties: { from: { type: "string", format: "date-time" }, to: { type: "string", format: "date-time" } } },
      details: { type: "object" },
      raisedAt: { type: "string", format: "date-time" },
    },
  },
  UsageStatement: {
    type: "object",
    required: ["origin", "grantId", "period", "lines", "total", "grant"],
    properties: {
      origin: { type: "string" },
      grantId: { type: "string", description: "As the log records it (bytes32 hex)" },
      grant: uint,
      period: { type: "object", properties: { from: { type: "string", format: "date-time" }, to: { type: "string", format: "date-time" } } },
      lines: {
        type: "array",
        items: { type: "object", properties: { resourceId: { type: "string" }, operation: { type: "string" }, count: uint, rowsScanned: uint, rowsReturned: uint, logIndices: { type: "array", items: uint } } },
      },
      total: uint,
    },
  },
  CheckpointJson: {
    type: "object",
    required: ["origin", "size", "root", "note", "verifierKey"],
    properties: { origin: { type: "string" }, size: uint, root: { type: "string" }, note: { type: "string" }, verifierKey: { type: "string" } },
  },
  AccessLogEntry: {
    type: "object",
    required: ["time", "origin", "org", "key", "operation", "grantId", "scenario", "resourceId", "fields", "decision", "reason", "requestDigest"],
    properties: {
      time: { type: "string", format: "date-time" },
      origin: { type: "string" },
      org: { type: "string" },
      key: { type: "string" },
      operation: { type: "string" },
      grantId: nullableString,
      scenario: nullableString,
      resourceId: { type: "string" },
      fields: { type: "string" },
      decision: { type: "string", enum: ["allowed", "denied"] },
      reason: { type: "string" },
      requestDigest: { type: "string" },
      query: ref("QueryRecord"),
    },
  },
  ProofBundle: {
    type: "object",
    required: ["version", "origin", "index", "entry", "leafHash", "treeSize", "inclusionProof", "checkpoint", "verifierKey", "anchor"],
    properties: {
      version: { const: 1 },
      origin: { type: "string" },
      index: uint,
      entry: ref("AccessLogEntry"),
      leafHash: { type: "string" },
      treeSize: uint,
      inclusionProof: { type: "array", items: { type: "string" } },
      checkpoint: { type: "string", description: "C2SP signed note" },
      verifierKey: { type: "string" },
      anchor: {
        type: ["object", "null"],
        properties: { chainId: uint, contract: { type: "string" }, logId: uint, size: uint, root: { type: "string" }, txHash: { type: "string" }, blockNumber: uint },
      },
    },
  },
  WebConfig: producedBy(webConfigBody),
};
