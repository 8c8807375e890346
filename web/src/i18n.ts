/*
 * Chinese by default, English on request; both texts of every label sit side by side, so a label
 * cannot exist in one language only. The words are the plan's own (REQUIREMENTS.md).
 */

import { QUERY_TEXT } from "./texts-queries";
import { VERIFY_TEXT } from "./texts-verify";

export type Lang = "zh" | "en";

const BASE_TEXT = {
  appTitle: ["可信数据账本", "Trusted Data Ledger"],
  appSubtitle: ["公共数据授权运营 · 链上记录与可验证访问日志", "Authorized operation of public data · on-chain record and verifiable access log"],
  switchLanguage: ["English", "中文"],
  switchLanguageLabel: ["切换到英文", "Switch to Chinese"],
  skipToContent: ["跳到正文", "Skip to content"],
  mainNav: ["主导航", "Main navigation"],
  navDisclosure: ["公开披露", "Public disclosure"],
  navGrants: ["授权树", "Grant tree"],
  navTimeline: ["历史时间线", "Timelines"],
  navHealth: ["日志健康", "Log health"],
  navVerify: ["验证条目", "Verify an entry"],
  loading: ["正在加载…", "Loading…"],
  errorPrefix: ["出错了：", "Something went wrong: "],
  retry: ["重试", "Retry"],
  none: ["无", "none"],
  yes: ["是", "yes"],
  no: ["否", "no"],
  more: ["显示更多", "Show more"],
  shownOf: ["显示 {shown} / 共 {total} 条", "showing {shown} of {total}"],
  snapshotAt: ["链上快照：区块 #{block}（{time}）", "Chain snapshot: block #{block} ({time})"],
  copy: ["复制", "Copy"],

  // session
  session: ["监管登录", "Supervisor sign-in"],
  sessionSignedIn: ["已登录：单位 {org}（{kind}）", "Signed in: organisation {org} ({kind})"],
  sessionNone: ["未登录（公开视图无需登录）", "Not signed in (public views need none)"],
  sessionToken: ["会话令牌", "Session token"],
  sessionTokenHelp: ["粘贴节点签发的会话令牌（tdl 登录或钱包签名获得）", "Paste a session token issued by this node (from tdl sign-in or a wallet signature)"],
  sessionSave: ["使用令牌", "Use token"],
  sessionWallet: ["用浏览器钱包签名登录", "Sign in with a browser wallet"],
  sessionSignOut: ["退出", "Sign out"],
  sessionNeeded: ["此内容仅对实施机构与监管部门开放：请先在页首“监管登录”。", "This is for the bureau and supervisors: sign in first (Supervisor sign-in, at the top)."],
  sessionRefused: ["节点拒绝了该令牌：{message}", "The node refused the token: {message}"],
  sessionNoWallet: ["未检测到浏览器钱包。", "No browser wallet found."],

  // disclosure
  disclosureTitle: ["公开披露", "Public disclosure"],
  disclosureIntro: [
    "实施机构依第三十一条向社会公开：获得授权的主体、授权内容、范围与期限；运营主体公开产品和服务清单与数据目录。以下内容直接读自链上，无需登录。",
    "Under Art. 31 the bureau discloses who is authorized, for what, in what scope and until when; operators disclose their products and services and the catalog. Read straight from the chain; no sign-in.",
  ],
  search: ["搜索", "Search"],
  searchPlaceholder: ["名称、登记号、编号…", "name, registration number, id…"],
  filterKind: ["主体类型", "Kind"],
  filterGrantStatus: ["授权状态", "Grant status"],
  filterProductState: ["产品状态", "Product state"],
  filterAll: ["全部", "all"],
  organizations: ["授权主体与参与单位", "Authorized parties and participants"],
  grants: ["授权（内容、范围、期限）", "Grants (content, scope, term)"],
  products: ["产品和服务清单", "Products and services"],
  catalog: ["数据目录", "Data catalog"],
  colId: ["编号", "Id"],
  colName: ["名称", "Name"],
  colKind: ["类型", "Kind"],
  colStatus: ["状态", "Status"],
  colQualification: ["资格", "Qualification"],
  colTerm: ["期限", "Term"],
  colGrantor: ["授权方", "Grantor"],
  colGrantee: ["被授权方", "Grantee"],
  colScenario: ["场景", "Scenario"],
  colPurpose: ["用途", "Purpose"],
  colScope: ["范围（资源·字段）", "Scope (resources · fields)"],
  colDeveloper: ["开发主体", "Developer"],
  colForm: ["形态", "Form"],
  colRegistration: ["登记号", "Registration no."],
  colExchange: ["交易所登记号", "Exchange no."],
  colGrant: ["授权", "Grant"],
  colSources: ["数据来源", "Sources"],
  colCode: ["目录编码（哈希）", "Catalog code (hash)"],
  colSource: ["数源部门", "Source department"],
  colClassification: ["分级", "Level"],
  colVersion: ["版本", "Version"],
  colInScope: ["纳入授权运营", "In operation scope"],
  colOpen: ["开放开发", "Open for development"],
  colFields: ["字段数", "Fields"],
  colUpdated: ["更新于", "Updated"],
  wholeCatalog: ["整体授权（全目录）", "Whole catalog"],
  qualifiedUntil: ["{state}，至 {until}", "{state} until {until}"],
  qualifiedNow: ["当前有效", "qualified now"],
  fieldsOf: ["资源 #{id}：{n}/{total} 字段", "resource #{id}: {n}/{total} fields"],
  fieldsOfNamed: ["资源 #{id}（{source}）：{n}/{total} 字段", "resource #{id} ({source}): {n}/{total} fields"],
  truncated: ["节点共有 {total} 条，此处载入了前 {loaded} 条。", "The node holds {total}; the first {loaded} are loaded here."],
  noMatches: ["没有符合条件的记录。", "Nothing matches."],
  tableScroll: ["{name}（可横向滚动）", "{name} (scrolls sideways)"],

  // grant tree
  grantTreeTitle: ["授权树", "Grant tree"],
  grantTreeIntro: [
    "两级授权（第九条）：实施机构对一级运营主体的整体授权，以及运营主体按“一场景一授权”对开发主体的场景授权。点击任一授权查看其链上历史。",
    "Two levels of authorization (Art. 9): the bureau's whole grant to the operator, and every scenario grant the operator issued to developers (one scenario, one grant). Click a grant for its on-chain history.",
  ],
  legend: ["图例", "Legend"],
  statusLive: ["有效", "live"],
  statusSuspended: ["已暂停", "suspended"],
  statusExpired: ["已过期", "expired"],
  statusRevoked: ["已撤销", "revoked"],
  statusNotLive: ["未生效", "not live"],
  grantNode: ["授权 #{id}", "Grant #{id}"],
  grantDetails: ["授权 #{id} 详情", "Grant #{id}"],
  grantHistory: ["链上历史", "On-chain history"],
  selectGrant: ["选择一项授权，查看其详情与链上历史。", "Pick a grant to see its details and on-chain history."],
  notLiveBecause: ["原因：{reason}", "because: {reason}"],
  agreementHash: ["协议哈希", "Agreement hash"],
  feeTermsHash: ["收费条款哈希", "Fee terms hash"],
  application: ["数据申请", "Application"],
  openTimeline: ["在时间线中打开", "Open in timelines"],
  noGrants: ["链上尚无授权。", "No grants on chain yet."],

  // timelines
  timelineTitle: ["历史时间线", "Timelines"],
  timelineIntro: [
    "主体、资源、产品或授权在链上的完整历史（最新在前）。每个事件都可在链上核对其交易与区块。",
    "The full on-chain history of an organisation, resource, product or grant, newest first. Each event can be checked on chain by its transaction and block.",
  ],
  subjectKind: ["对象类型", "Subject"],
  subjectId: ["编号", "Id"],
  show: ["查询", "Show"],
  kindOrganization: ["主体", "organisation"],
  kindResource: ["数据资源", "resource"],
  kindProduct: ["产品", "product"],
  kindGrant: ["授权", "grant"],
  kindApplication: ["数据申请", "application"],
  kindQualification: ["资格", "qualification"],
  kindKey: ["密钥", "key"],
  kindLog: ["访问日志", "access log"],
  kindOrder: ["整改通知", "rectification order"],
  kindIncident: ["安全事件", "incident"],
  kindEvaluation: ["检查评估", "evaluation"],
  kindDecision: ["集体决策", "decision"],
  olderEvents: ["加载更早的事件", "Load older events"],
  noEvents: ["没有链上事件。", "No events on chain."],
  endOfHistory: ["已到最早的事件。", "That is the oldest event."],
  firstApplication: ["首次申请（非续期）", "a first application (not a renewal)"],
  renewalPending: ["续期申请 #{id}（{state}）", "renewal application #{id} ({state})"],
  eventCount: ["已显示 {n} 个事件", "{n} events shown"],
  colTime: ["时间", "Time"],
  colEvent: ["事件", "Event"],
  colDetails: ["内容", "Details"],
  colBlock: ["区块", "Block"],
  colTx: ["交易", "Transaction"],
  checkOnChain: ["链上核对", "Check on chain"],
  checkedOnChain: ["已核对：交易在区块 #{block} 中执行成功，区块哈希一致，事件在日志位置 {logIndex}；gas {gas}。", "Checked: the transaction succeeded in block #{block}, the block hash matches, the event is at log index {logIndex}; gas {gas}."],
  checkFailed: ["核对失败：{reason}", "Check failed: {reason}"],
  indexedHead: ["索引至区块 #{block}", "indexed up to block #{block}"],

  // log health
  healthTitle: ["日志健康", "Log health"],
  healthIntro: [
    "本节点访问日志的状态：条目数、最新签名检查点（签名在浏览器中验证）、链上锚定进度与成本，以及访问决定的统计。",
    "The state of this node's access log: entries, the latest signed checkpoint (its signature checked in your browser), anchoring progress and cost, and the gateway's decisions.",
  ],
  entries: ["日志条目", "Log entries"],
  checkpoint: ["最新签名检查点", "Latest signed checkpoint"],
  checkpointSigned: ["签名已用链上为日志 {logId} 登记的第 {index} 号公钥验证（{key}，区块 {block} 登记）", "signature verified with the chain's key {index} of log {logId} ({key}, set in block {block})"],
  checkpointBad: ["签名未通过验证：{reason}", "signature does NOT verify: {reason}"],
  anchored: ["已锚定大小", "Anchored size"],
  anchorLag: ["锚定滞后", "Anchoring lag"],
  lagValue: ["{entries} 条 / {seconds} 秒", "{entries} entries / {seconds} s"],
  anchorState: ["锚定状态", "Anchoring state"],
  anchorCost: ["最近一次锚定成本", "Cost of the last anchor"],
  anchorCostValue: ["gas {gas} × {price} gwei = {cost} ETH", "gas {gas} × {price} gwei = {cost} ETH"],
  notAnchoring: ["本节点不锚定", "this node does not anchor"],
  root: ["根哈希", "Root"],
  decisionsChart: ["访问决定（允许 / 按原因拒绝）随时间变化", "Decisions over time (allowed / denied by reason)"],
  chartSignIn: ["访问决定的明细仅对授权当事方、实施机构与监管部门开放：登录后显示图表；下方累计数来自 /metrics。", "The decisions behind the chart are for the parties of each grant, the bureau and supervisors: sign in to see it; the totals below come from /metrics."],
  decisionsChartDesc: ["最近 {n} 条日志条目，按时间分桶", "the latest {n} log entries, bucketed by time"],
  decisionsTotals: ["累计（/metrics）", "Totals (/metrics)"],
  allowed: ["允许", "allowed"],
  denied: ["拒绝", "denied"],
  noEntries: ["日志中还没有条目。", "The log has no entries yet."],
  alerts: ["未处理的风险预警", "Open risk alerts"],
  noAlerts: ["没有风险预警。", "No risk alerts."],
  alertAggregation: ["关联汇聚风险", "aggregation risk"],
  alertRate: ["访问频率异常", "access rate spike"],
  alertLinkage: ["跨资源关联识别风险", "linkage across resources"],

} as const satisfies Record<string, readonly [string, string]>;
const TEXT = { ...BASE_TEXT, ...QUERY_TEXT, ...VERIFY_TEXT };

export type TextKey = keyof typeof TEXT;

const STORAGE_KEY = "tdl.lang";
let current: Lang = readStoredLang();
const listeners = new Set<(lang: Lang) => void>();

function readStoredLang(): Lang {
  try {
    const fromUrl = new URLSearchParams(location.search).get("lang");
    if (fromUrl === "en" || fromUrl === "zh") return fromUrl;
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener: (lang: Lang) => void): void {
  listeners.add(listener);
}

export function t(key: TextKey, vars?: Record<string, string | number>): string {
  const text: string = TEXT[key][current === "zh" ? 0 : 1];
  return vars === undefined ? text : text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A word from a per-language table, falling back to the raw value (e.g. an enum name a newer contract added). */
export function word(table: Readonly<Record<string, readonly [string, string]>>, value: string): string {
  const entry = table[value];
  return entry === undefined ? value : entry[current === "zh" ? 0 : 1];
}

export function locale(): string {
  return current === "zh" ? "zh-CN" : "en-GB";
}

/** A date from chain seconds, in the reader's time zone. */
export function formatDate(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(seconds * 1000));
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(ms));
}

export function formatNumber(n: number | bigint): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/**
 * On-chain names carry both languages, "区市场监管局 District Market Regulation Bureau": show the
 * reader's part, keep the whole as the title.
 */
export function displayName(name: string | null | undefined): string {
  if (!name) return "—";
  const match = /^([^\u0000-\u007f][^]*?)\s+([A-Za-z][\u0000-\u007f]*)$/.exec(name);
  if (match === null) return name;
  return current === "zh" ? match[1] : match[2];
}
