import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createResponseCheck, type ResponseCheck } from "./openapi-conformance";

/** Anything that listens like an Express app. */
interface Listenable {
  listen(port: number, host: string, callback: () => void): Server;
}

export interface Served {
  /** The origin, http://127.0.0.1:<port>. */
  readonly url: string;
  readonly server: Server;
  /**
   * Stops listening and drops open (keep-alive) connections; rejects, naming each one, when an answer
   * did not conform to the node's OpenAPI document (see openapi-conformance.ts).
   */
  close(): Promise<void>;
  /** The nonconformities seen so far. */
  readonly nonconforming: readonly string[];
}

let sharedCheck: ResponseCheck | undefined;

/** Records, for each answer, whether it conforms to the document. */
function watchConformance(server: Server, nonconforming: string[]): void {
  const check = (sharedCheck ??= createResponseCheck());
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/"; // before a router strips its mount path
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as ServerResponse["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== "function") keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as ServerResponse["end"];
    res.once("finish", () => {
      const header = res.getHeader("content-type");
      const why = check(req.method ?? "GET", url, res.statusCode, header === undefined ? undefined : String(header), Buffer.concat(chunks).toString("utf8"));
      if (why !== undefined) nonconforming.push(why);
    });
  });
}

export interface ServeOptions {
  /** false for a stand-in app whose answers are not the node's (default true). */
  readonly conformance?: boolean;
}

/** Serves the app on 127.0.0.1, on a port the OS picks, checking the node's answers against its OpenAPI document. */
export async function serve(app: Listenable, options: ServeOptions = {}): Promise<Served> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  const nonconforming: string[] = [];
  if (options.conformance !== false) watchConformance(server, nonconforming);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    nonconforming,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (nonconforming.length > 0) throw new Error(`answers that do not conform to the OpenAPI document:\n  ${[...new Set(nonconforming)].join("\n  ")}`);
    },
  };
}
