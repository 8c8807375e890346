import { ethers } from "hardhat";
import type { AccessLogAnchor, OrganizationRegistry } from "../../../typechain-types";
import { consistencyProof, rootOf, sampleTree, toHex } from "./merkle";

/*
 * The AccessLogAnchor fixtures the contract tests share: a bureau (org 1), a node operator (org 2,
 * keys nodeKey and nodeKey2) and a developer (org 3), the operator's log registered as log 1, and
 * that log anchored at sizes 10 and 30 of a sample tree of 200 entries.
 */

export const OrgKind = { Bureau: 1, Operator: 3, Developer: 4 } as const;
export const BUREAU = 1;
export const NODE_ORG = 2;
export const OTHER_ORG = 3;
export const ORIGIN = "tdl.example.gov.cn/node-1";
export const LOG_ID = 1;
export const TREE_SIZE = 200;

export async function deployFixture() {
  const [official1, official2, official3, nodeKey, nodeKey2, otherOrgKey, stranger] = await ethers.getSigners();
  const orgs: OrganizationRegistry = await (
    await ethers.getContractFactory("OrganizationRegistry")
  ).deploy("区大数据局", ethers.id("credit:bureau"), [official1, official2, official3], 2);
  await orgs
    .connect(official1)
    .registerOrganization(OrgKind.Operator, "节点运营方 Node operator", ethers.id("credit:node"), nodeKey);
  await orgs
    .connect(official1)
    .registerOrganization(OrgKind.Developer, "开发主体 Developer", ethers.id("credit:dev"), otherOrgKey);
  await orgs.connect(nodeKey).addStaffKey(NODE_ORG, nodeKey2);
  const anchors: AccessLogAnchor = await (await ethers.getContractFactory("AccessLogAnchor")).deploy(orgs);
  const { tree } = sampleTree(TREE_SIZE, "access");
  return { orgs, anchors, tree, official1, nodeKey, nodeKey2, otherOrgKey, stranger };
}

export async function registeredFixture() {
  const f = await deployFixture();
  await f.anchors.connect(f.official1).registerLog(ORIGIN, NODE_ORG, f.nodeKey);
  return f;
}

/** A log with roots anchored at sizes 10 and then 30. */
export async function anchoredFixture() {
  const f = await registeredFixture();
  const node = f.anchors.connect(f.nodeKey);
  await node.anchor(LOG_ID, 10, toHex(rootOf(f.tree, 10)), []);
  await node.anchor(LOG_ID, 30, toHex(rootOf(f.tree, 30)), consistencyProof(f.tree, 10, 30).map(toHex));
  return f;
}
