/** What `npm start`'s banner says of the demo district: who holds which key, what the district holds, and the README's key imports. */
import { ethers } from "ethers";
import { memberName } from "../../server/vocabulary";
import { DEMO_BUREAU, DEMO_CAST, DEMO_DEPLOYER, DEMO_PUBLIC, DEMO_RESOURCES, DEMO_SCENARIOS, DEMO_ANCHORING_ACCOUNT, type CastRole, type DemoDistrict } from "./demo";

/** Lines naming who is who: organisation ids, Chinese names with glosses, the keys acting for each. */
export function castLines(district: DemoDistrict, address: (account: number) => string, privateKey?: (account: number) => string): string[] {
  const key = (i: number) => `#${String(i).padStart(2)} ${address(i)}${privateKey ? `  ${privateKey(i)}` : ""}`;
  const lines = [`org ${district.orgs.bureau} ${DEMO_BUREAU.nameZh} ${DEMO_BUREAU.nameEn} [Bureau] officials (threshold ${DEMO_BUREAU.threshold} of ${DEMO_BUREAU.officials.length}):`];
  for (const i of DEMO_BUREAU.officials) lines.push(`    ${key(i)}`);
  for (const [role, c] of Object.entries(DEMO_CAST) as [CastRole, (typeof DEMO_CAST)[CastRole]][]) {
    lines.push(`org ${district.orgs[role]} ${c.nameZh} ${c.nameEn} [${memberName("OrgKind", c.kind)}]:`);
    lines.push(`    ${key(c.account)}`);
    if (role === "operator") lines.push(`    ${key(DEMO_ANCHORING_ACCOUNT)}  (the node's anchoring key)`);
  }
  lines.push(`a member of the public (no organisation; lodged the objection):`, `    ${key(DEMO_PUBLIC)}`);
  lines.push(`deployer (no organisation):`, `    ${key(DEMO_DEPLOYER)}`);
  return lines;
}

/** What the district holds, in a few lines. */
export function districtLines(district: DemoDistrict): string[] {
  const s = DEMO_SCENARIOS;
  return [
    `resources ${district.resources.join(", ")}: ${DEMO_RESOURCES.map((r) => `${r.nameZh} ${r.nameEn}`).join("; ")}`,
    `whole grant ${district.wholeGrant} (bureau -> operator); scenario grants: ${district.grants.bank} ${s.bank.nameZh} ${s.bank.nameEn} (bank), ${district.grants.insurer} ${s.insurer.nameZh} ${s.insurer.nameEn} (insurer)`,
    `scenario ids: ${s.bank.scenario} = ${ethers.id(s.bank.scenario)}, ${s.insurer.scenario} = ${ethers.id(s.insurer.scenario)}`,
    `product ${district.product} 企业信用核验 (数据核验, published) ${district.registrationNumbers.product}, exchange ${district.registrationNumbers.exchange}`,
    `application ${district.refusedApplication} refused at first review; rectification order ${district.rectificationOrder} confirmed`,
    `access log ${district.log.id} "${district.log.origin}" anchored on AccessLogAnchor`,
  ];
}

/** The README's key names (its walkthroughs use them) and the demo account behind each. */
export const README_KEYS: readonly (readonly [string, number])[] = [
  ["bank", DEMO_CAST.bank.account],
  ["operator", DEMO_CAST.operator.account],
  ["bureau-1", DEMO_BUREAU.officials[0]],
  ["bureau-2", DEMO_BUREAU.officials[1]],
  ["cac", DEMO_CAST.cyberspace.account],
  ["market", DEMO_CAST.marketRegulation.account],
];

/** Ready-to-paste imports of the README's keys: `tdl key import` reads the private key from stdin. */
export function keyImportLines(privateKey: (account: number) => string): string[] {
  return README_KEYS.map(([name, account]) => `echo ${privateKey(account)} | tdl key import ${name}`);
}
