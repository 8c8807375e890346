import path from "node:path";
import { defineConfig, type Plugin } from "vite";

/*
 * The dashboard: plain TypeScript and DOM, bundled by Vite into web/dist, served by the node
 * (server/http/web-routes.ts). It imports the pure log code of server/log as it is; only the module
 * with the hash and signature primitives is swapped for its browser twin (primitives-browser.ts).
 */

const LOG_DIR = path.resolve(__dirname, "../server/log");

function browserPrimitives(): Plugin {
  return {
    name: "tdl-browser-primitives",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "./primitives" && importer !== undefined && path.dirname(importer) === LOG_DIR) {
        return path.join(LOG_DIR, "primitives-browser.ts");
      }
      return null;
    },
  };
}

export default defineConfig({
  root: __dirname,
  base: "/",
  plugins: [browserPrimitives()],
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
