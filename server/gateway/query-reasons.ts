/**
 * Why a query was answered or not, beyond the policy's reasons (server/access/reasons.ts) and the query
 * guard's refusals (server/data/refusals.ts): the sentences of the data plane's own outcomes, in English
 * and Chinese, each naming the article it rests on.
 */
export type QueryOutcomeReason = "FIELD_LIST_NOT_AVAILABLE" | "NO_DATASET_VERSION" | "DATASET_VERSION_UNKNOWN" | "DATASET_NOT_ON_NODE" | "QUERY_TIME_LIMIT" | "QUERY_FAILED" | "GRANT_NAMES_NO_RESOURCES";

const SENTENCES: Readonly<Record<QueryOutcomeReason, { en: (name: string) => string; zh: (name: string) => string }>> = {
  FIELD_LIST_NOT_AVAILABLE: {
    en: (name) => `The field list of ${name} is not held by this node, so its fields cannot be checked: the query is refused (Art. 6–8, R2).`,
    zh: (name) => `本节点未持有${name}的字段清单，无法核对字段：拒绝查询（第六至八条，R2）。`,
  },
  NO_DATASET_VERSION: {
    en: (name) => `No dataset version of ${name} is recorded in the catalog yet: there is nothing to query (Art. 6–8, R2).`,
    zh: (name) => `目录中尚无${name}的数据版本：无可查询的数据（第六至八条，R2）。`,
  },
  DATASET_VERSION_UNKNOWN: {
    en: (name) => `The catalog records no ${name}: name a published version, or none for the latest (Art. 6–8, R2).`,
    zh: (name) => `目录中没有${name}：请指定已发布的版本，或不指定以查询最新版本（第六至八条，R2）。`,
  },
  DATASET_NOT_ON_NODE: {
    en: (name) => `The dataset version of ${name} the catalog records is not loaded on this node: ask the node that holds it (Art. 6–8, R2).`,
    zh: (name) => `目录登记的${name}数据版本未加载到本节点：请向持有该数据的节点查询（第六至八条，R2）。`,
  },
  QUERY_TIME_LIMIT: {
    en: (name) => `The query was stopped at its time limit of ${name} ms and answered nothing; the attempt is recorded (R1, Art. 3).`,
    zh: (name) => `查询达到 ${name} 毫秒的时限被终止，未返回任何结果；该尝试已记录（R1，第三条）。`,
  },
  QUERY_FAILED: {
    en: (name) => `The data engine failed the query (${name}); nothing was answered and the attempt is recorded.`,
    zh: (name) => `数据引擎执行查询失败（${name}）；未返回任何结果，该尝试已记录。`,
  },
  GRANT_NAMES_NO_RESOURCES: {
    en: (name) => `${name} names no data resources: queries run under a scenario grant, one scenario one authorization (Art. 17–18, R12).`,
    zh: (name) => `${name}未列明数据资源：查询须在场景授权下进行，一场景一授权（第十七至十八条，R12）。`,
  },
};

/** The English and Chinese sentences of an outcome; `name` is what the sentence names. */
export function outcomeSentences(reason: QueryOutcomeReason, name: string): { message: string; messageZh: string } {
  return { message: SENTENCES[reason].en(name), messageZh: SENTENCES[reason].zh(name) };
}
