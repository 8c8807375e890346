/**
 * Why the query guard refuses a developer's SQL: one reason code per rule, each with a sentence in English
 * and in Chinese naming the article it enforces. A refusal is a TdlError QUERY_REFUSED whose details carry
 * `reason`, `zh` and what the sentence names (`name`).
 */
import { TdlError } from "../errors";

export type QueryRefusalReason =
  | "MALFORMED_SQL"
  | "NOT_ONE_SELECT"
  | "RESOURCE_NOT_GRANTED"
  | "FIELD_NOT_GRANTED"
  | "FUNCTION_NOT_ALLOWED"
  | "CONSTRUCT_NOT_ALLOWED"
  | "ROW_LEVEL_OUTPUT"
  | "SQL_TOO_LONG";

interface RefusalText {
  readonly en: (name: string) => string;
  readonly zh: (name: string) => string;
}

const REFUSALS: Readonly<Record<QueryRefusalReason, RefusalText>> = {
  MALFORMED_SQL: {
    en: (name) => `the SQL does not parse (${name}); only one well-formed SELECT is answered (R1, Art. 3)`,
    zh: (name) => `SQL 无法解析（${name}）；只受理一条格式正确的 SELECT 查询（R1，第三条）`,
  },
  NOT_ONE_SELECT: {
    en: (name) => `only exactly one SELECT statement is answered, not ${name}; data never leaves the domain otherwise (R1, Art. 3)`,
    zh: (name) => `只受理恰好一条 SELECT 语句，而非${name}；原始数据不出域（R1，第三条）`,
  },
  RESOURCE_NOT_GRANTED: {
    en: (name) => `"${name}" is not a resource of this grant; a query reads only the grant's resources (R12, Art. 18)`,
    zh: (name) => `“${name}”不是本授权的数据资源；查询只能读取授权范围内的资源（R12，第十八条）`,
  },
  FIELD_NOT_GRANTED: {
    en: (name) => `the field "${name}" is not granted; a query sees only the grant's fields, the minimum necessary data (R12, Art. 18)`,
    zh: (name) => `字段“${name}”未获授权；查询只能使用授权字段，即最小必要数据（R12，第十八条）`,
  },
  FUNCTION_NOT_ALLOWED: {
    en: (name) => `the function "${name}" is not allowed; no file, network, settings, catalog or extension functions (R1, Art. 3)`,
    zh: (name) => `不允许使用函数“${name}”；禁止文件、网络、设置、目录查询与扩展类函数（R1，第三条）`,
  },
  CONSTRUCT_NOT_ALLOWED: {
    en: (name) => `${name} is not allowed in a query under a grant in this version (R1, Art. 3)`,
    zh: (name) => `本版本的授权查询不支持：${name}（R1，第三条）`,
  },
  ROW_LEVEL_OUTPUT: {
    en: (name) => `row-level output is refused (${name}): the answer must be aggregates, with GROUP BY or only aggregates selected; data usable but not visible (R1, Art. 3)`,
    zh: (name) => `拒绝逐行输出（${name}）：结果须为聚合值，须有 GROUP BY 或只选择聚合值；数据可用不可见（R1，第三条）`,
  },
  SQL_TOO_LONG: {
    en: (name) => `the SQL is ${name} characters long, over the limit (R1, Art. 3)`,
    zh: (name) => `SQL 长度为 ${name} 个字符，超过上限（R1，第三条）`,
  },
};

/** The English and Chinese sentences of a refusal. */
export function refusalSentences(reason: QueryRefusalReason, name: string): { en: string; zh: string } {
  return { en: REFUSALS[reason].en(name), zh: REFUSALS[reason].zh(name) };
}

/** The error the guard throws: QUERY_REFUSED with its reason, the Chinese sentence and what it names. */
export function queryRefused(reason: QueryRefusalReason, name: string): TdlError<"QUERY_REFUSED"> {
  const { en, zh } = refusalSentences(reason, name);
  return new TdlError("QUERY_REFUSED", en, { details: { reason, zh, name } });
}
