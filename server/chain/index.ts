/** Chain access: the only code that talks JSON-RPC (ethers v6 + TypeChain). */
export { connectContract, connectLedgerAt, contractInterface, isLedgerContractName, LEDGER_CONTRACT_NAMES, LEDGER_CONTRACTS, type ContractOf, type Ledger, type LedgerContractName } from "./ledger";
export { fieldCountOf, grantRecord, readApplicationScope, type ApplicationScope, type GrantRecord, type ScopedField } from "./records";
export { readDeployments, type Deployments, type ContractDeployment } from "./deployments";
export { createChainClient, type ChainClient, type ChainClientOptions } from "./client";
export { chainError, decodeRevertData, onChain, REVERT_SENTENCES, type DecodedRevert, type RevertArgs } from "./revert";
export { createAnchorChainPort, ZERO_ROOT, type AnchorChainPort, type AnchorTx } from "./anchor-port";
export { createAnchorer, chooseAnchorSize, type Anchorer, type AnchorerOptions, type AnchorStatus, type AnchorerLogger } from "./anchorer";
export { checkBundleOnChain, type ChainBundleCheck } from "./bundle-check";
export { chainLogKey, checkKeyOnChain, publishLogKey, type ChainLogKey } from "./log-key";
