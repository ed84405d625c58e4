import { z } from 'zod';

/**
 * The code lists of the procedure (docs/procedure.md), each code with its Chinese label. Every list is written once,
 * here; its GraphQL enum and its zod enum come from it.
 */

/** What the GraphQL layer needs to know of a zod schema: the name of its enum or input type, or its scalar. */
export interface GraphQLMeta {
  name?: string;
  /** A person's name: shown in full to the parties of a matter, masked (张某某) to supervisors and analysts. */
  personal?: boolean;
  /** An enum's values with their labels. */
  labels?: Record<string, string>;
  scalar?: 'ID' | 'Money' | 'DateTime';
}
export const graphqlMeta = z.registry<GraphQLMeta>();

export interface CodeList<K extends string> {
  /** The GraphQL enum's name. */
  name: string;
  labels: Record<K, string>;
  values: K[];
  schema: z.ZodEnum<{ [P in K]: P }>;
}

export function codeList<const K extends string>(name: string, labels: Record<K, string>): CodeList<K> {
  const values = Object.keys(labels) as K[];
  const schema: z.ZodEnum<{ [P in K]: P }> = z.enum(values as [K, ...K[]]).register(graphqlMeta, { name, labels });
  return { name, labels, values, schema };
}

export type CodeOf<L> = L extends CodeList<infer K> ? K : never;

export const AGENCY_KINDS = codeList('AgencyKind', {
  MIB: '医疗保障行政部门',
  POLICE: '公安机关',
  PROCURATORATE: '人民检察院',
  COURT: '人民法院',
  SUPERIOR: '上级主管部门',
});
export type AgencyKind = keyof typeof AGENCY_KINDS.labels;

export const AGENCY_LEVELS = codeList('AgencyLevel', { PROVINCE: '省级', CITY: '市级', COUNTY: '县级' });
export type AgencyLevel = keyof typeof AGENCY_LEVELS.labels;

export const POSITIONS = codeList('Position', {
  MIB_OFFICER: '医保行政执法人员',
  MIB_HEAD: '医保部门主要负责人',
  MIB_ANALYST: '医保数据分析人员',
  POLICE_OFFICER: '公安民警',
  POLICE_HEAD: '县级以上公安机关负责人',
  PROSECUTOR: '检察官',
  JUDGE: '法官或书记员',
  SUPERIOR_REVIEWER: '上级主管部门审核人员',
  ANALYST: '跨部门分析人员',
  REPORTING_JOB: '报表作业',
  REGISTRY_ADMIN: '机构人员登记管理员',
});
export type Position = keyof typeof POSITIONS.labels;

export const POLICE_POSITIONS: Position[] = ['POLICE_OFFICER', 'POLICE_HEAD'];

export const POSITION_AGENCY_KIND: Record<Position, AgencyKind> = {
  MIB_OFFICER: 'MIB',
  MIB_HEAD: 'MIB',
  MIB_ANALYST: 'MIB',
  POLICE_OFFICER: 'POLICE',
  POLICE_HEAD: 'POLICE',
  PROSECUTOR: 'PROCURATORATE',
  JUDGE: 'COURT',
  SUPERIOR_REVIEWER: 'SUPERIOR',
  ANALYST: 'SUPERIOR',
  REPORTING_JOB: 'SUPERIOR',
  REGISTRY_ADMIN: 'SUPERIOR',
};

export const LEAD_SOURCES = codeList('LeadSource', {
  REPORT: '举报',
  ROUTINE_INSPECTION: '日常监督检查',
  FLIGHT_INSPECTION: '飞行检查',
  BIG_DATA_SCREENING: '大数据筛查',
  EARLY_WARNING_MODEL: '智能监控预警',
  SUPERIOR_ASSIGNMENT: '上级交办',
  REFERRAL: '移送',
});
export type LeadSource = keyof typeof LEAD_SOURCES.labels;

export const SUBJECT_KINDS = codeList('SubjectKind', { INSTITUTION: '定点医药机构或单位', PERSON: '个人' });
export type SubjectKind = keyof typeof SUBJECT_KINDS.labels;

/** Fraud taxonomy, docs/procedure.md (G §5–§9, J 二). */
export const BEHAVIOURS = codeList('Behaviour', {
  INST_IMPERSONATION: '诱导协助冒名或虚假就医购药、提供虚假证明、串通虚开票据',
  INST_FORGERY: '伪造变造隐匿涂改销毁医学文书、会计凭证、电子信息、检测报告',
  INST_FICTITIOUS_SERVICE: '虚构医药服务项目、虚开费用单据',
  INST_SPLIT_OR_GHOST_ADMISSION: '分解住院、挂床住院',
  INST_OVERCHARGING: '重复收费、超标准收费、分解项目收费',
  INST_SUBSTITUTION: '串换药品、医用耗材、诊疗项目和服务设施',
  INST_OUT_OF_SCOPE_BILLING: '将非医保费用纳入结算、为非定点或暂停机构结算',
  INST_OVERTREATMENT: '过度诊疗、过度检查、分解处方、超量开药、重复开药',
  INST_RESALE_FACILITATION: '协助参保人套取药品倒卖牟利',
  INST_CARD_SKIMMING: '盗刷参保人医保凭证',
  IND_FORGERY: '伪造变造隐匿涂改销毁医学文书等材料',
  IND_IMPERSONATION: '冒用他人医保凭证就医购药',
  IND_LENDING_CREDENTIAL: '将本人医保凭证交由他人冒名使用',
  IND_FICTITIOUS_SERVICE: '虚构医药服务项目、虚开费用单据',
  IND_DOUBLE_BENEFIT: '重复享受医疗保障待遇',
  IND_DRUG_RESALE: '利用享受待遇的机会转卖药品耗材，接受返还现金实物或获得其他非法利益',
  STAFF_EMBEZZLEMENT: '医保部门或经办机构工作人员利用职务便利骗取、侵吞医保基金',
  STAFF_DATA_ABUSE: '经办机构工作人员泄露、篡改、毁损、贩卖个人信息或商业秘密',
  CARD_PURCHASE: '收购他人医保凭证骗取医保基金',
  CARD_THEFT: '盗窃他人医保凭证并使用其个人账户',
  DRUG_RECEIVING: '明知是骗取医保基金所得药品而收购、销售',
  OTHER: '其他骗取医保基金的行为',
});
export type BehaviourCode = keyof typeof BEHAVIOURS.labels;

export const STAGES = codeList('Stage', {
  CASE_OPEN: '行政案件办理中',
  REPORT_SUBMITTED: '移送报告待审批',
  TRANSFER_REFUSED: '不批准移送',
  TRANSFER_APPROVED: '批准移送',
  TRANSFERRED: '已移送，待公安机关接受',
  ACCEPTED: '公安机关已接受，立案审查中',
  SUPPLEMENT_REQUESTED: '待补正材料',
  FILING_DECIDED: '已决定立案，待书面通知医保部门',
  NON_FILING_DECIDED: '已决定不予立案，待书面通知医保部门',
  FILED: '已立案',
  NOT_FILED: '不予立案',
  RECONSIDERATION_REQUESTED: '复议中',
  RECONSIDERATION_UPHELD: '复议维持不予立案',
  SUPERVISION_REQUESTED: '已提请立案监督',
  REASONS_REQUESTED: '检察院要求说明不立案理由',
  REASONS_GIVEN: '公安机关已说明不立案理由',
  NON_FILING_REASONS_ACCEPTED: '检察院认为不立案理由成立，待告知医保部门',
  NON_FILING_UPHELD: '不立案理由成立',
  ORDERED_TO_FILE: '检察院通知立案',
  SENT_FOR_PROSECUTION: '已移送审查起诉',
  WITHDRAWN: '已撤案',
  PROSECUTED: '已提起公诉',
  NOT_PROSECUTED: '不起诉',
  BACK_TRANSFERRED: '已移送医保部门行政处理',
  ADMINISTRATIVELY_CLOSED: '医保部门行政处理完毕',
  JUDGED: '已判决',
  APPEALED: '上诉或抗诉中',
  JUDGMENT_EFFECTIVE: '判决已生效',
});

/**
 * The bureau's own administrative case (docs/procedure.md §A), beside the stage of the criminal path: a penalty decided
 * does not stop a transfer, and a matter back from the police can still be penalised.
 */
export const ADMINISTRATIVE_STAGES = codeList('AdministrativeStage', {
  INVESTIGATING: '立案调查中，待作出处理决定',
  DECIDED: '已作出行政处罚决定，待送达',
  SERVED: '行政处罚决定已送达，待执行',
  ENFORCED: '行政处罚决定执行完毕',
  NOT_PENALISED: '决定不予行政处罚',
  AGREEMENT_HANDLED: '已按服务协议处理',
  CLOSED: '已结案',
  TRANSFERRED: '涉嫌犯罪已移送，行政案件结案（退回后重新办理）',
});
export type AdministrativeStage = CodeOf<typeof ADMINISTRATIVE_STAGES>;

/** What A1 decides: a penalty, no penalty (with reasons), or handling under the service agreement. */
export const PENALTY_OUTCOMES = codeList('PenaltyOutcome', {
  PENALISED: '给予行政处罚',
  NOT_PENALISED: '不予行政处罚',
  AGREEMENT: '按服务协议处理（协议处理）',
});
export type PenaltyOutcome = CodeOf<typeof PENALTY_OUTCOMES>;

/** The article a penalty decision rests on: 《医疗保障基金使用监督管理条例》 arts. 38–41, or another law named. */
export const PENALTY_ARTICLES = codeList('PenaltyArticle', {
  REGULATION_38: '条例第三十八条（定点医药机构违规造成基金损失：责令退回，处损失金额1倍以上2倍以下罚款）',
  REGULATION_39: '条例第三十九条（定点医药机构管理、报送等违规：处1万元以上5万元以下罚款）',
  REGULATION_40: '条例第四十条（定点医药机构骗取基金：责令退回，处骗取金额2倍以上5倍以下罚款）',
  REGULATION_41: '条例第四十一条（个人违规或骗取基金：责令退回，暂停联网结算3至12个月，骗取的处2倍以上5倍以下罚款）',
  OTHER_LAW: '其他法律、法规（须写明条款）',
});
export type PenaltyArticle = CodeOf<typeof PENALTY_ARTICLES>;

/** What the service agreement lets the handling agency do (协议处理). */
export const AGREEMENT_ACTIONS = codeList('AgreementAction', {
  INTERVIEW: '约谈',
  RECTIFICATION: '限期整改',
  REFUSE_PAYMENT: '拒付费用',
  LIQUIDATED_DAMAGES: '按协议扣除违约金',
  SUSPEND_AGREEMENT: '中止服务协议',
  TERMINATE_AGREEMENT: '解除服务协议',
});

/** How a decision reached the party (行政处罚法 art. 61; 民事诉讼法's ways of service). */
export const SERVICE_MEANS = codeList('ServiceMeans', {
  ON_THE_SPOT: '宣告后当场交付',
  DIRECT: '直接送达',
  RETAINED: '留置送达',
  ENTRUSTED: '委托送达',
  POSTAL: '邮寄送达',
  ELECTRONIC: '经当事人同意的电子送达',
  PUBLIC_NOTICE: '公告送达',
});

/** A3: what happened to what the decision ordered (行政处罚法 arts. 66–67, 72). */
export const ENFORCEMENT_KINDS = codeList('EnforcementKind', {
  FINE_PAID: '罚款已缴纳',
  RETURNED_TO_FUND: '责令退回的基金已退回基金专户',
  INSTALMENTS_APPROVED: '批准延期或分期缴纳罚款',
  COMPULSORY_REQUESTED: '申请人民法院强制执行',
});
export type EnforcementKind = CodeOf<typeof ENFORCEMENT_KINDS>;

/** A4: why the administrative case is closed (结案). */
export const CLOSING_REASONS = codeList('ClosingReason', {
  ENFORCED: '处罚决定执行完毕',
  NOT_PENALISED: '决定不予行政处罚',
  AGREEMENT_HANDLED: '协议处理完毕',
  TRANSFERRED: '涉嫌犯罪已移送公安机关',
  COMPULSORY_ENFORCEMENT: '已申请人民法院强制执行',
});
export type ClosingReason = CodeOf<typeof CLOSING_REASONS>;

/** Charges a judgment names, with their Criminal Law articles (docs/procedure.md). */
export const CHARGES = codeList('Charge', {
  FRAUD: '诈骗罪（刑法第266条）',
  EMBEZZLEMENT: '贪污罪（刑法第382、383条）',
  THEFT: '盗窃罪（刑法第264条）',
  CONCEALING_PROCEEDS: '掩饰、隐瞒犯罪所得罪（刑法第312条）',
  TRADING_ID_DOCUMENTS: '买卖身份证件罪（刑法第280条）',
  USING_FALSE_ID: '使用虚假身份证件、盗用身份证件罪（刑法第280条之一）',
});

export const NON_PROSECUTION_KINDS = codeList('NonProsecutionKind', {
  STATUTORY: '法定不起诉',
  DISCRETIONARY: '酌定不起诉',
  INSUFFICIENT_EVIDENCE: '证据不足不起诉',
});

export const PROCEEDS_KINDS = codeList('ProceedsKind', {
  SEIZED: '查封、扣押',
  FROZEN: '冻结',
  RECOVERED: '追缴',
  EQUIVALENT_RECOVERED: '追缴等值财产',
});
export type Stage = keyof typeof STAGES.labels;

/** Which rule table applies to the clocks: the general rules, or the economic-crime filing rules (3, at most 10, then 30 + 30 days). */
export const LEGAL_BASES = codeList('LegalBasis', {
  STANDARD: '吉医保联〔2023〕28号 三(四)',
  ECONOMIC_CRIME: '公安机关经济犯罪案件立案审查规定',
});
export type LegalBasis = keyof typeof LEGAL_BASES.labels;

/** Documents the procedure issues, with the character used in their numbers (长医保移〔2026〕12号). */
const DOCUMENT_LABELS = {
  CASE_OPENING: '行政案件立案审批表',
  TRANSFER_REPORT: '涉嫌犯罪案件移送报告',
  TRANSFER_DECISION: '移送审批意见',
  TRANSFER_LETTER: '涉嫌犯罪案件移送书',
  RECEIPT: '接受案件回执',
  SUPPLEMENT_NOTICE: '补正材料通知书',
  SUPPLEMENT: '补正材料',
  FORWARDING_NOTICE: '移送案件告知书',
  DESIGNATION_REQUEST: '提请指定管辖报告',
  DESIGNATION: '指定管辖决定书',
  REVIEW_EXTENSION: '延长立案审查期限审批表',
  FILING_DECISION: '立案决定书',
  NON_FILING_DECISION: '不予立案决定书',
  FILING_NOTICE: '立案通知书',
  NON_FILING_NOTICE: '不予立案通知书',
  HANDOVER_LIST: '涉案物品移交清单',
  RECONSIDERATION_REQUEST: '复议申请书',
  RECONSIDERATION_DECISION: '复议决定书',
  SUPERVISION_REQUEST: '提请立案监督函',
  REASONS_REQUEST: '要求说明不立案理由通知书',
  REASONS_STATEMENT: '不立案理由说明书',
  REASONS_UPHELD_NOTICE: '不立案理由审查意见通知书',
  FILING_ORDER: '通知立案书',
  INVESTIGATION_REPORT: '侦查进展情况通报',
  PROSECUTION_OPINION: '起诉意见书',
  WITHDRAWAL_DECISION: '撤销案件决定书',
  INDICTMENT: '起诉书',
  NON_PROSECUTION_DECISION: '不起诉决定书',
  PROCURATORIAL_OPINION: '检察意见书',
  ADMINISTRATIVE_PENALTY: '行政处理结果',
  PENALTY_DECISION: '行政处罚决定书',
  NO_PENALTY_DECISION: '不予行政处罚决定书',
  AGREEMENT_HANDLING: '协议处理决定书',
  PENALTY_EXTENSION: '延长行政处罚案件办理期限审批表',
  SERVICE_RECEIPT: '送达回证',
  ENFORCEMENT_RECORD: '行政处罚执行情况记录',
  INSTALMENT_APPROVAL: '延期（分期）缴纳罚款批准书',
  COMPULSORY_ENFORCEMENT_REQUEST: '强制执行申请书',
  CASE_CLOSING: '结案审批表',
  JUDGMENT: '刑事判决书',
  APPEAL_NOTICE: '上诉、抗诉情况通报',
  EFFECTIVE_NOTICE: '判决生效通知',
  PROCEEDS_RECORD: '涉案财物处理文书',
  FUND_RETURN: '基金专户退回凭证',
} as const;

export const DOCUMENT_KINDS = codeList('DocumentKind', DOCUMENT_LABELS);
export type DocumentKind = keyof typeof DOCUMENT_LABELS;

/** The character a document's number carries after the agency's short name: 长医保移〔2026〕12号. */
export const DOCUMENT_MARKS: Record<DocumentKind, string> = {
  CASE_OPENING: '立案',
  TRANSFER_REPORT: '移报',
  TRANSFER_DECISION: '移批',
  TRANSFER_LETTER: '移',
  RECEIPT: '回执',
  SUPPLEMENT_NOTICE: '补通',
  SUPPLEMENT: '补',
  FORWARDING_NOTICE: '转',
  DESIGNATION_REQUEST: '报指',
  DESIGNATION: '指',
  REVIEW_EXTENSION: '延',
  FILING_DECISION: '立决',
  NON_FILING_DECISION: '不立决',
  FILING_NOTICE: '立',
  NON_FILING_NOTICE: '不立',
  HANDOVER_LIST: '交',
  RECONSIDERATION_REQUEST: '复申',
  RECONSIDERATION_DECISION: '复决',
  SUPERVISION_REQUEST: '监申',
  REASONS_REQUEST: '要说',
  REASONS_STATEMENT: '说',
  REASONS_UPHELD_NOTICE: '不立理',
  FILING_ORDER: '通立',
  INVESTIGATION_REPORT: '侦通',
  PROSECUTION_OPINION: '诉意',
  WITHDRAWAL_DECISION: '撤',
  INDICTMENT: '刑诉',
  NON_PROSECUTION_DECISION: '不诉',
  PROCURATORIAL_OPINION: '检意',
  ADMINISTRATIVE_PENALTY: '罚',
  PENALTY_DECISION: '罚决',
  NO_PENALTY_DECISION: '不罚',
  AGREEMENT_HANDLING: '协处',
  PENALTY_EXTENSION: '罚延',
  SERVICE_RECEIPT: '送',
  ENFORCEMENT_RECORD: '执',
  INSTALMENT_APPROVAL: '分缴',
  COMPULSORY_ENFORCEMENT_REQUEST: '强执',
  CASE_CLOSING: '结',
  JUDGMENT: '刑判',
  APPEAL_NOTICE: '诉通',
  EFFECTIVE_NOTICE: '生效',
  PROCEEDS_RECORD: '财',
  FUND_RETURN: '退',
};

/** T8's extensions of the filing review, by the matter's legal basis (J 三(四); economic crime: 2017 rules art. 16). */
export const REVIEW_EXTENSIONS = codeList('ReviewExtension', {
  VERIFY: '线索需要查证：7日（经济犯罪：最长10日）',
  MAJOR: '重大疑难复杂，经县级以上公安机关负责人批准：30日',
  MAJOR_EXTENDED: '经济犯罪案件再延长30日',
});

export const VERDICTS = codeList('Verdict', { GUILTY: '有罪', NOT_GUILTY: '无罪', EXEMPT_FROM_PUNISHMENT: '定罪免刑' });

export const APPELLANTS = codeList('Appellant', { DEFENDANT: '被告人上诉', PROCURATORATE: '检察院抗诉' });

/** What a court recovers after judgment (G §21): the recovering kinds of PROCEEDS_KINDS. */
export const RECOVERY_KINDS = codeList('RecoveryKind', {
  RECOVERED: PROCEEDS_KINDS.labels.RECOVERED,
  EQUIVALENT_RECOVERED: PROCEEDS_KINDS.labels.EQUIVALENT_RECOVERED,
});

export const CONSULTATION_KINDS = codeList('ConsultationKind', {
  CONSULTATION: '咨询立案追诉标准、证据固定等问题 (G §23 ¶1)',
  LOSS_CALCULATION: '医保基金损失核算、专业认定 (G §25)',
});
export type ConsultationKind = CodeOf<typeof CONSULTATION_KINDS>;

/** Materials that go with a transfer, a supplement or a hand-over (J 三(二)). */
export const ATTACHMENT_KINDS = codeList('AttachmentKind', {
  INVESTIGATION_REPORT: '案件调查报告',
  ITEM_LIST: '涉案物品清单',
  EVIDENCE: '书证、物证等证据材料',
  EXPERT_OPINION: '检验报告或者鉴定意见',
  PENALTY_DECISION: '行政处罚决定书（副本）',
  SUPPLEMENT: '补正材料',
  OTHER: '其他材料',
});

/** What an exposure entry is about (J 五(三); G §26). */
export const EXPOSURE_KINDS = codeList('ExposureKind', {
  INSTITUTION: '定点医药机构欺诈骗保曝光',
  PERSON: '参保人欺诈骗保曝光',
  TYPICAL_CASE: '典型案例',
});
export type ExposureKind = CodeOf<typeof EXPOSURE_KINDS>;

/** What of a matter's record an exposure entry may carry: the drafter chooses among these, never the identity. */
export const EXPOSURE_PARTS = codeList('ExposurePart', {
  BEHAVIOURS: '骗保行为',
  PENALTY: '行政处罚（依据和各项处罚及金额）',
  AMOUNT: '追回和退回基金的金额',
  POLICE_RESULT: '公安机关立案后的办理结果',
  COURT_RESULT: '生效判决',
});
export type ExposurePart = CodeOf<typeof EXPOSURE_PARTS>;
