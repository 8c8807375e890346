import path from "node:path";
import { defineConfig } from "vite";

/*
 * The dashboard: plain TypeScript and DOM, bundled by Vite into web/dist, served by the node
 * (server/http/web-routes.ts). It imports the pure log code of server/log as it is, the hash and the
 * Ed25519 check included (server/log/primitives.ts, @noble); it never loads the signing side.
 */

export default defineConfig({
  root: __dirname,
  base: "/",
  build: {
    outDir: path.resolve(__dirname, "dist"),
    emptyOutDir: true,
    target: "es2022",
    // Nothing at run time comes from a CDN: every byte is in dist.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  server: { fs: { allow: [path.resolve(__dirname, "..")] } },
});
