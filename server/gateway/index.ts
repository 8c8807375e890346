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
export { createQueryService, type QueryAnswer, type QueryRequest, type QueryService, type QueryServiceDeps } from "./query-service";
export { createRecorder, type Recorder } from "./recorder";
/** The limits a query body is held to, from the data layer. */
export { MAX_SQL_LENGTH, MAX_VERIFY_RECORDS } from "../data";
