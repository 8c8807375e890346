/**
 * Deploys the ledger on the selected network and writes deployments/<network>/<Contract>.json
 * (address, ABI, deployment block) and deployments/<network>/chain.json (chain id).
 *
 *   npx hardhat run scripts/deploy.ts --network localhost      (TDL_DEPLOYMENTS_DIR=<dir> to write elsewhere)
 *   TDL_RPC_URL=... TDL_CHAIN_ID=... TDL_DEPLOYER_KEY=... TDL_GAS_PRICE=0 \
 *   TDL_BUREAU_OFFICIALS=0xA,0xB,0xC TDL_BUREAU_THRESHOLD=2 npx hardhat run scripts/deploy.ts --network chain
 */
import hre from "hardhat";
import { ethers } from "ethers";
import { deployLedger } from "./lib/ledger";
import path from "node:path";
import { DEPLOYMENTS_DIR, writeDeployment } from "./lib/deployments";
import { authorizeLedgerContract } from "./lib/procedures";
import { decisionId } from "../server/chain/decisions";

/** deployments/ of the repository, or TDL_DEPLOYMENTS_DIR (tests, several stacks on one machine). */
function deploymentsRoot(): string {
  return process.env.TDL_DEPLOYMENTS_DIR ? path.resolve(process.env.TDL_DEPLOYMENTS_DIR) : DEPLOYMENTS_DIR;
}

async function main(): Promise<void> {
  const [deployer, ...others] = await hre.ethers.getSigners();
  const localOfficials = process.env.TDL_BUREAU_OFFICIALS ? [] : others.slice(0, 3);
  const officials = process.env.TDL_BUREAU_OFFICIALS
    ? process.env.TDL_BUREAU_OFFICIALS.split(",").map((a) => ethers.getAddress(a.trim()))
    : await Promise.all(localOfficials.map((s) => s.getAddress()));
  if (officials.length === 0) {
    throw new Error("No bureau officials: set TDL_BUREAU_OFFICIALS to a comma-separated list of addresses.");
  }
  const threshold = Number(process.env.TDL_BUREAU_THRESHOLD ?? Math.min(2, officials.length));
  const { ledger, deployed } = await deployLedger(deployer, {
    name: process.env.TDL_BUREAU_NAME ?? "区大数据主管部门 District Big-Data Bureau",
    creditCodeHash: ethers.id(process.env.TDL_BUREAU_CREDIT_CODE ?? "bureau-credit-code"),
    officials,
    threshold,
  });
  const supervision = await ledger.supervision.getAddress();
  if (localOfficials.length > 0) {
    await authorizeLedgerContract(ledger, localOfficials, supervision);
    console.log("Supervision authorized by the local officials' collective decision");
  } else {
    const id = decisionId(await ledger.organizations.getAddress(), "authorizeLedgerContract", ["address", "uint256"], [supervision, 0n]);
    console.log(`Next: ${threshold} officials approve decision ${id}, then anyone calls authorizeLedgerContract(${supervision}, 0)`);
  }
  const { chainId } = await hre.ethers.provider.getNetwork();
  const dir = await writeDeployment(hre.network.name, Number(chainId), deployed, (name) => hre.artifacts.readArtifact(name), deploymentsRoot());
  for (const d of deployed) console.log(`${d.name.padEnd(24)} ${d.address}  block ${d.blockNumber}`);
  console.log(`officials ${officials.join(", ")} threshold ${threshold}`);
  console.log(`written to ${dir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
