/**
 * Why a dataset version is refused (Art. 6–8, R2): a version must match its resource's field list, so the
 * department that is the resource's one source publishes what the catalog describes and nothing else. A
 * refusal is a TdlError DATASET_INVALID whose details carry the first bad `row` (1-based data rows; 0 for the
 * file as a whole or its header), the `column` (a field name, or null), the `reason` code and the Chinese
 * sentence `zh`. The previous version stays live.
 */
import { TdlError } from "../errors";

export type DatasetRefusalReason = "EMPTY_FILE" | "NOT_UTF8" | "COLUMNS_MISMATCH" | "VALUE_NOT_CASTABLE" | "UNREADABLE";

interface Where {
  readonly row: number;
  readonly column: string | null;
  /** What the sentence adds: the expected type, the columns found, the engine's message. */
  readonly detail: string;
}

/** Where, for a user: data rows counted from 1 after a CSV's header (empty lines are not rows), or the header. */
const at = (w: Where): string => {
  const column = w.column === null ? "" : `, column "${w.column}"`;
  if (w.row > 0) return ` at data row ${w.row}${column}`;
  return w.column === null ? "" : ` in the header${column}`;
};
const zhAt = (w: Where): string => {
  const column = w.column === null ? "" : `“${w.column}”列`;
  if (w.row > 0) return `第 ${w.row} 行数据${column}`;
  return w.column === null ? "" : `表头${column}`;
};
const RULE_EN = "a dataset version must match its resource's field list (Art. 6–8, R2)";
const RULE_ZH = "数据集版本须与数据资源的字段清单一致（第六至八条，R2）";

const SENTENCES: Readonly<Record<DatasetRefusalReason, { en: (w: Where) => string; zh: (w: Where) => string }>> = {
  EMPTY_FILE: {
    en: (w) => `the dataset file is empty (${w.detail}); ${RULE_EN}`,
    zh: (w) => `数据集文件为空（${w.detail}）；${RULE_ZH}`,
  },
  NOT_UTF8: {
    en: (w) => `the dataset file has a byte that is not UTF-8${at(w)} (${w.detail}); ${RULE_EN}`,
    zh: (w) => `数据集文件${zhAt(w)}含有非 UTF-8 字节（${w.detail}）；${RULE_ZH}`,
  },
  COLUMNS_MISMATCH: {
    en: (w) => `the dataset's columns are not the field list's${at(w)}: ${w.detail}; ${RULE_EN}`,
    zh: (w) => `数据集${zhAt(w)}与字段清单不符：${w.detail}；${RULE_ZH}`,
  },
  VALUE_NOT_CASTABLE: {
    en: (w) => `the value${at(w)} is not a ${w.detail}; ${RULE_EN}`,
    zh: (w) => `${zhAt(w)}的值不是 ${w.detail} 类型；${RULE_ZH}`,
  },
  UNREADABLE: {
    en: (w) => `the dataset file cannot be read${at(w)}: ${w.detail}; ${RULE_EN}`,
    zh: (w) => `数据集文件${zhAt(w)}无法读取：${w.detail}；${RULE_ZH}`,
  },
};

/** The error the dataset store throws: DATASET_INVALID naming the first bad row and column. */
export function datasetInvalid(reason: DatasetRefusalReason, where: Where, cause?: unknown): TdlError<"DATASET_INVALID"> {
  const sentences = SENTENCES[reason];
  return new TdlError("DATASET_INVALID", sentences.en(where), {
    details: { row: where.row, column: where.column, reason, zh: sentences.zh(where) },
    cause,
  });
}
