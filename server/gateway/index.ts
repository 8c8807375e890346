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
export { createDatasetIntake, type DatasetIntake } from "./dataset-intake";
/** The limits a query body is held to and the formats a dataset version comes in, from the data layer. */
export { DATASET_FORMATS, MAX_SQL_LENGTH, MAX_VERIFY_RECORDS } from "../data";
/** The names a product run's template and parameters are written in, from the product templates. */
export { PARAMETER_NAME, TEMPLATE_NAME } from "../data/product-templates";
