import { encodeFieldList, fieldListHash, type Field, type FieldList } from "../../server/data";

/*
 * The field lists of the demo district's five resources (Art. 6–8, R2), in the order of DEMO_RESOURCES:
 * field i is bit i of a grant's field mask. The scenario grants' masks (DEMO_SCENARIOS) reach only the
 * leading fields, so the sensitive ones (names of people, ID numbers, addresses, phones) sit at the end.
 */

type Marks = { sensitive?: boolean; quasiIdentifier?: boolean };
const field = (name: string, type: Field["type"], title: string, marks: Marks = {}): Field => ({
  name,
  type,
  title,
  sensitive: marks.sensitive ?? false,
  quasiIdentifier: marks.quasiIdentifier ?? false,
});
const creditCode = field("credit_code", "VARCHAR", "统一社会信用代码 unified social credit code", { quasiIdentifier: true });

const ENTERPRISE_REGISTRATION: Field[] = [
  creditCode,
  field("district", "VARCHAR", "所属街道 sub-district"),
  field("industry", "VARCHAR", "行业门类 industry (GB/T 4754)"),
  field("registered_capital", "DOUBLE", "注册资本（万元） registered capital, 10k yuan"),
  field("established_on", "DATE", "成立日期 established on"),
  field("enterprise_type", "VARCHAR", "企业类型 enterprise type"),
  field("status", "VARCHAR", "登记状态 registration status"),
  field("name", "VARCHAR", "企业名称 enterprise name", { quasiIdentifier: true }),
  field("legal_rep", "VARCHAR", "法定代表人 legal representative", { sensitive: true }),
  field("legal_rep_id", "VARCHAR", "法定代表人身份证号 legal representative's ID number", { sensitive: true }),
  field("address", "VARCHAR", "住所 registered address", { sensitive: true }),
  field("phone", "VARCHAR", "联系电话 phone", { sensitive: true }),
];

const ENTERPRISE_CREDIT: Field[] = [
  creditCode,
  field("tax_credit_rating", "VARCHAR", "纳税信用等级 tax credit rating (A, B, M, C, D)"),
  field("abnormal_operation", "BOOLEAN", "列入经营异常名录 listed for abnormal operation"),
  field("penalties_3y", "BIGINT", "近三年行政处罚次数 administrative penalties, last 3 years"),
  field("rating_year", "BIGINT", "评价年度 rating year"),
  field("dishonest_executee", "BOOLEAN", "失信被执行人 dishonest judgment debtor"),
  field("penalty_amount", "DOUBLE", "处罚金额（万元） penalty amount, 10k yuan"),
  field("contact_person", "VARCHAR", "信用联系人 credit contact person", { sensitive: true }),
];

const SOCIAL_INSURANCE: Field[] = [
  creditCode,
  field("period", "VARCHAR", "缴费所属期 contribution period (YYYY-MM)"),
  field("insured_headcount", "BIGINT", "参保人数 insured headcount"),
  field("contribution_base", "DOUBLE", "缴费基数合计（元） contribution base, yuan"),
  field("pension_paid", "DOUBLE", "养老保险缴费（元） pension contributions, yuan"),
  field("medical_paid", "DOUBLE", "医疗保险缴费（元） medical contributions, yuan"),
  field("unemployment_paid", "DOUBLE", "失业保险缴费（元） unemployment contributions, yuan"),
  field("in_arrears", "BOOLEAN", "是否欠缴 in arrears"),
  field("handler_name", "VARCHAR", "社保经办人 handler", { sensitive: true }),
  field("handler_phone", "VARCHAR", "经办人电话 handler's phone", { sensitive: true }),
];

const MEDICAL_SETTLEMENTS: Field[] = [
  field("settlement_id", "VARCHAR", "结算单号 settlement number", { quasiIdentifier: true }),
  field("hospital", "VARCHAR", "定点医疗机构 designated hospital"),
  field("settled_on", "DATE", "结算日期 settled on"),
  field("category", "VARCHAR", "就诊类别 visit category"),
  field("total_amount", "DOUBLE", "医疗费用总额（元） total cost, yuan"),
  field("fund_paid", "DOUBLE", "统筹基金支付（元） paid by the pooled fund, yuan"),
  field("self_paid", "DOUBLE", "个人自付（元） paid by the insured, yuan"),
  field("patient_name", "VARCHAR", "参保人姓名 insured person's name", { sensitive: true }),
  field("patient_id", "VARCHAR", "参保人身份证号 insured person's ID number", { sensitive: true }),
];

const ELECTRICITY_USAGE: Field[] = [
  creditCode,
  field("month", "VARCHAR", "用电月份 month (YYYY-MM)"),
  field("kwh", "DOUBLE", "用电量（千瓦时） electricity used, kWh"),
  field("bill_amount", "DOUBLE", "电费金额（元） bill, yuan"),
  field("paid_on_time", "BOOLEAN", "按期缴费 paid on time"),
  field("meter_address", "VARCHAR", "用电地址 meter address", { sensitive: true }),
];

/** The five field lists, in DEMO_RESOURCES order. */
export const DEMO_FIELD_LISTS: readonly FieldList[] = [ENTERPRISE_REGISTRATION, ENTERPRISE_CREDIT, SOCIAL_INSURANCE, MEDICAL_SETTLEMENTS, ELECTRICITY_USAGE].map(
  (fields) => ({ version: 1, fields }),
);

/** Each field list's document bytes and the hash the catalog records for it. */
export const DEMO_FIELD_DOCUMENTS: readonly { bytes: Uint8Array; hash: string }[] = DEMO_FIELD_LISTS.map((list) => {
  const bytes = encodeFieldList(list);
  return { bytes, hash: fieldListHash(bytes) };
});
