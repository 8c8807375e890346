import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Anything that listens like an Express app. */
interface Listenable {
  listen(port: number, host: string, callback: () => void): Server;
}

export interface Served {
  /** The origin, http://127.0.0.1:<port>. */
  readonly url: string;
  readonly server: Server;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** Serves the app on 127.0.0.1, on a port the OS picks. */
export async function serve(app: Listenable): Promise<Served> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
