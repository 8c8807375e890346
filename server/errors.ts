/**
 * The one error type of the TypeScript side (after sigstore-js's BaseError<Code>): callers switch on
 * `code`; the HTTP error middleware and the CLI map codes to statuses, exit codes and sentences.
 */
export type TdlErrorCode =
  // malformed input from outside: a proof, a checkpoint, a request body, a CLI argument
  | "MALFORMED_INPUT"
  | "MALFORMED_PROOF"
  | "MALFORMED_CHECKPOINT"
  // verification outcomes: the input was well formed but does not hold
  | "ROOT_MISMATCH"
  | "SIGNATURE_INVALID"
  | "UNKNOWN_KEY"
  // storage and log state
  | "NOT_FOUND"
  | "OUT_OF_RANGE"
  | "STORAGE_FAILURE"
  | "AUDIT_MISMATCH"
  // chain access
  | "CHAIN_UNAVAILABLE"
  | "CHAIN_REVERT"
  | "ANCHOR_DIVERGED"
  // authentication and authorization at the node
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  // sign-in (EIP-4361) and sessions: each refusal says why
  | "AUTH_NONCE_INVALID"
  | "AUTH_MESSAGE_EXPIRED"
  | "AUTH_WRONG_AUDIENCE"
  | "AUTH_SIGNATURE_INVALID"
  | "AUTH_UNKNOWN_KEY"
  | "AUTH_ORG_SUSPENDED"
  | "AUTH_NOT_QUALIFIED"
  | "SESSION_EXPIRED"
  // an access receipt that does not match its entry or its signed range
  | "RECEIPT_MISMATCH"
  // the data plane: a developer's SQL the query guard refuses (R1, R12), a query stopped by its time limit,
  // a query the engine failed
  | "QUERY_REFUSED"
  | "QUERY_TIME_LIMIT"
  | "QUERY_FAILED"
  // the document store: a document over the size limit, bytes that do not hash to the hash named, a
  // document no chain record holds (or will hold) the hash of
  | "DOCUMENT_TOO_LARGE"
  | "DOCUMENT_HASH_MISMATCH"
  | "DOCUMENT_NOT_REFERENCED"
  // a dataset version that does not match its resource's field list (Art. 6–8, R2)
  | "DATASET_INVALID"
  | "CONFIG_INVALID";

export class TdlError<Code extends TdlErrorCode = TdlErrorCode> extends Error {
  readonly code: Code;
  /** Structured context a caller may show or log (never secrets, never personal information). */
  readonly details?: Record<string, unknown>;

  constructor(code: Code, message: string, options?: { details?: Record<string, unknown>; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TdlError";
    this.code = code;
    this.details = options?.details;
  }
}

export function isTdlError(value: unknown, code?: TdlErrorCode): value is TdlError {
  return value instanceof TdlError && (code === undefined || value.code === code);
}
