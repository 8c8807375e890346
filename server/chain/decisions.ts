import { AbiCoder, ethers } from "ethers";

/** The id of a bureau collective decision: keccak256(abi.encode(contract, action, ...params)). */
export function decisionId(contract: string, action: string, types: string[], values: unknown[]): string {
  return ethers.keccak256(AbiCoder.defaultAbiCoder().encode(["address", "string", ...types], [contract, action, ...values]));
}

export const GRANT_TERMS_TYPE = "tuple(uint40 start,uint40 end,uint16 clauseManifest,bytes32 agreementHash,bytes32 feeTermsHash)";

export interface GrantTerms {
  start: number;
  end: number;
  clauseManifest: number;
  agreementHash: string;
  feeTermsHash: string;
}
