import type { JsonRpcProvider } from "ethers";
import { anvilAccount } from "./anvil";
import { DEMO_BUREAU, DEMO_DEPLOYER } from "./demo";
import { ensureLedger } from "./stack";

/** The demo district's ledger on a chain whose keys are anvil's default accounts: deployed once, found again after. */
export function ensureDemoLedger(provider: JsonRpcProvider, deploymentsDir: string, network: string): ReturnType<typeof ensureLedger> {
  return ensureLedger({
    provider,
    deployer: anvilAccount(DEMO_DEPLOYER),
    officials: DEMO_BUREAU.officials.map((i) => anvilAccount(i)),
    threshold: DEMO_BUREAU.threshold,
    bureauName: `${DEMO_BUREAU.nameZh} ${DEMO_BUREAU.nameEn}`,
    bureauCreditCode: DEMO_BUREAU.creditCode,
    deploymentsDir,
    network,
  });
}
