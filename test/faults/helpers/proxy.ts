/**
 * A TCP proxy in front of the chain's JSON-RPC port that the chain-outage suite can cut: "refuse"
 * closes the listening socket (connections are refused at once, like a stopped chain), "blackhole"
 * accepts connections and never answers (like a network partition, where only timeouts help).
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export type ProxyMode = "open" | "refuse" | "blackhole";

export interface ChainProxy {
  readonly url: string;
  mode(): ProxyMode;
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startChainProxy(target: { host: string; port: number }, port: number): Promise<ChainProxy> {
  let mode: ProxyMode = "open";
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        track(client);
        if (mode === "blackhole") return; // read nothing, answer nothing
        const upstream = connect(target.port, target.host);
        track(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        upstream.once("close", () => client.destroy());
        client.once("close", () => upstream.destroy());
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
      server = s;
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (s === undefined) return resolve();
      s.close(() => resolve());
    });
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    mode: () => mode,
    async set(next) {
      if (next === mode) return;
      mode = next;
      cutAll();
      if (next === "refuse") await unlisten();
      else if (server === undefined) await listen();
    },
    async close() {
      cutAll();
      await unlisten();
    },
  };
}
