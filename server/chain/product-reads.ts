import type { Provider } from "ethers";
import { connectContract } from "./ledger";
import { onChain } from "./revert";

/*
 * What a data product's run needs from the chain (Art. 19, R13): the product's developer, its grant and that
 * grant's scenario, the version and its metadataHash (the document whose templates the reviews approved), and
 * whether it may be used now (ProductRegistry.usability: published, and its grant live).
 */

export interface ProductForRun {
  readonly productId: number;
  readonly developer: number;
  readonly grantId: number;
  readonly version: number;
  /** 0x + 64 hex, lower case. */
  readonly metadataHash: string;
  /** The grant's scenario, 0x + 64 hex, lower case. */
  readonly scenario: string;
  /** ProductDenial (0 = usable) and, when the grant is not live, its AccessDenial. */
  readonly denial: { readonly product: number; readonly access: number };
}

export function createProductReads(options: { provider: Provider; addresses: { productRegistry: string; grantRegistry: string } }): (productId: number) => Promise<ProductForRun | null> {
  const products = connectContract("ProductRegistry", options.addresses.productRegistry, options.provider);
  const grants = connectContract("GrantRegistry", options.addresses.grantRegistry, options.provider);
  return async (productId) => {
    const product = await onChain(`ProductRegistry.product(${productId})`, () => products.product(productId));
    if (Number(product.state) === 0) return null;
    const grantId = Number(product.grantId);
    const [scenario, usability] = await Promise.all([
      onChain(`GrantRegistry.scenarioOf(${grantId})`, () => grants.scenarioOf(grantId)),
      onChain(`ProductRegistry.usability(${productId})`, () => products.usability(productId, Math.floor(Date.now() / 1000))),
    ]);
    return {
      productId,
      developer: Number(product.developer),
      grantId,
      version: Number(product.version),
      metadataHash: product.metadataHash.toLowerCase(),
      scenario: scenario.toLowerCase(),
      denial: { product: Number(usability[0]), access: Number(usability[1]) },
    };
  };
}
