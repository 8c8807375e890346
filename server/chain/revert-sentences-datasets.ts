/*
 * Sentences, in English and in Chinese, for the errors of DataCatalog's dataset versions (Art. 6-8, R2):
 * a source department records each published version of its resource; nothing is edited in place.
 * Spread into REVERT_TEXTS by revert-sentences.ts.
 */

import type { RevertText } from "./revert-sentences";

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
