/**
 * The node as a child process, for the fault suites: startNode with the config in the environment
 * variable TDL_FAULT_NODE_CONFIG (JSON of NodeConfig without the logger), "READY <url>" on stdout
 * once it listens, and a clean close on SIGTERM. SIGKILL is what the suites send.
 */
import pino from "pino";
import { startNode, type NodeConfig } from "../../../server/node";

async function main(): Promise<void> {
  const config = JSON.parse(process.env.TDL_FAULT_NODE_CONFIG ?? "") as NodeConfig;
  const node = await startNode({ ...config, logger: pino({ level: process.env.TDL_FAULT_NODE_LOG ?? "warn" }, pino.destination(2)) });
  process.stdout.write(`READY ${node.url}\n`);
  process.once("SIGTERM", () => {
    void node.close().then(() => process.exit(0));
  });
}

// Only as the child process: the test runner loads every file under test/ and must not start a node.
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
