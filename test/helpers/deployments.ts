/**
 * deployments/<network>/ for a ledger a Hardhat fixture deployed, written into a directory the test
 * owns (a temp dir), as the deploy script writes it: the node's readers and the indexer learn the
 * contracts only from there.
 */
import { artifacts } from "hardhat";
import { readDeployments, type Deployments } from "../../server/chain/deployments";
import { LEDGER_CONTRACT_NAMES, type Ledger } from "../../server/chain/ledger";
import { writeDeployment } from "../../scripts/lib/deployments";

const HARDHAT_CHAIN_ID = 31337;

/** Writes `ledger`'s deployments under `root`/`network` and reads them back. */
export async function writeFixtureDeployments(ledger: Ledger, root: string, network = "hardhat"): Promise<Deployments> {
  const deployed = await Promise.all(
    (Object.keys(LEDGER_CONTRACT_NAMES) as (keyof Ledger)[]).map(async (field) => ({
      name: LEDGER_CONTRACT_NAMES[field],
      address: await ledger[field].getAddress(),
      blockNumber: 0,
    })),
  );
  await writeDeployment(network, HARDHAT_CHAIN_ID, deployed, (name) => artifacts.readArtifact(name), root);
  return readDeployments(root, network);
}
