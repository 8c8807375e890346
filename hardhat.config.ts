import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig, NetworkUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-toolbox";

/** The only compiler we use: the npm package `solc`, pinned exactly in package.json (no download). */
const SOLC_VERSION = "0.8.28";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, "");
  if (args.solcVersion !== SOLC_VERSION || !longVersion.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(
      `Compiler mismatch: hardhat.config.ts asks for solc ${args.solcVersion}, SOLC_VERSION is ${SOLC_VERSION}, ` +
        `and the npm package solc is ${longVersion}. Pin them to the same version (npm i -D --save-exact solc@<version>).`,
    );
  }
  return { compilerPath: require.resolve("solc/soljson.js"), isSolcJs: true, version: SOLC_VERSION, longVersion };
});

/** A network from the environment: TDL_RPC_URL, TDL_CHAIN_ID, TDL_DEPLOYER_KEY, TDL_GAS_PRICE (0 on free-gas chains). */
function envNetwork(): Record<string, NetworkUserConfig> {
  const url = process.env.TDL_RPC_URL;
  if (!url) return {};
  const gasPrice = process.env.TDL_GAS_PRICE;
  return {
    chain: {
      url,
      chainId: process.env.TDL_CHAIN_ID ? Number(process.env.TDL_CHAIN_ID) : undefined,
      accounts: process.env.TDL_DEPLOYER_KEY ? [process.env.TDL_DEPLOYER_KEY] : undefined,
      gasPrice: gasPrice === undefined ? "auto" : Number(gasPrice),
    },
  };
}

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 }, viaIR: false },
  },
  networks: {
    hardhat: { allowUnlimitedContractSize: false },
    localhost: { url: process.env.TDL_LOCAL_RPC ?? "http://127.0.0.1:8545" },
    ...envNetwork(),
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 120_000 },
  gasReporter: { enabled: false },
};

export default config;
