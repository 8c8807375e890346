/** The node's composition root: one config in, stores + chain + anchorer + HTTP out. */
export { startNode, type NodeConfig, type RunningNode } from "./node";
export { dataPaths, openNodeData, hasNodeLog, hasAnchorRecords, type NodeData } from "./data-dir";
