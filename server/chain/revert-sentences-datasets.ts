/*
 * Sentences, in English and in Chinese, for the errors of DataCatalog's dataset versions (Art. 6-8, R2):
 * a source department records each published version of its resource; nothing is edited in place.
 * Spread into REVERT_TEXTS by revert-sentences.ts. Also the floor of the minimum group sizes (k of the
 * aggregate rule over those datasets, R24), which OrgParameterOutOfRange uses.
 */

import { label, Parameter } from "../vocabulary";
import type { RevertArgs, RevertText } from "./revert-words";

/** Whether an OrgParameterOutOfRange names a minimum group size (k of the aggregate rule, R24). */
export const isMinGroupSize = (a: RevertArgs): boolean => Number(a.parameter) >= Parameter.MinGroupLevel1;

/** OrgParameterOutOfRange for a minimum group size: the floor of 2 source rows per output group. */
export const MIN_GROUP_FLOOR_TEXT: RevertText = {
  en: (a) => `A ${label("Parameter", a.parameter, "en")} of ${a.value} rows is not allowed: a collective decision may change it but never below 2, or one output group could show one source row (R1, R24).`,
  zh: (a) => `${label("Parameter", a.parameter, "zh")}不能设为 ${a.value} 行：集体决策可以调整，但不得低于 2 行，否则一个输出分组可能只显示一行源数据（R1、R24）。`,
};

export const DATASET_REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
  DatasetDigestMissing: {
    en: (a) => `A dataset version of resource ${a.resourceId} needs its content digest: without it no one can check what the node serves (Art. 6-8, R2).`,
    zh: (a) => `数据资源 ${a.resourceId} 的数据集版本须附内容摘要：否则无人能核验节点提供的数据（第六至八条，R2）。`,
  },
  DatasetEmpty: {
    en: (a) => `A dataset version of resource ${a.resourceId} must hold at least one row (Art. 6-8, R2).`,
    zh: (a) => `数据资源 ${a.resourceId} 的数据集版本至少须有一行数据（第六至八条，R2）。`,
  },
  DatasetUnchanged: {
    en: (a) => `Resource ${a.resourceId}'s dataset version ${a.datasetVersion} already has this content digest: a new version must change the data (R2).`,
    zh: (a) => `数据资源 ${a.resourceId} 的第 ${a.datasetVersion} 个数据集版本已是该内容摘要：新版本须有数据变化（R2）。`,
  },
  DatasetVersionUnknown: {
    en: (a) => `Resource ${a.resourceId} has no dataset version ${a.datasetVersion}.`,
    zh: (a) => `数据资源 ${a.resourceId} 没有第 ${a.datasetVersion} 个数据集版本。`,
  },
};
