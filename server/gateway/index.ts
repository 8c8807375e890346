/** The access gateway: decides (server/access), records (server/storage) and receipts each access request. */
export {
  createGateway,
  type Caller,
  type Gateway,
  type GatewayAnswer,
  type GatewayDeps,
  type GatewayOutcome,
  type GatewayRequest,
  type GatewayResult,
} from "./gateway";
