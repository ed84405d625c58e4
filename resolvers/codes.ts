/** Code lists of the procedure, each code with its Chinese label (domain.md §1–§3). */

const labelled = <K extends string>(labels: Record<K, string>) => ({
  labels,
  values: Object.keys(labels) as K[],
});

export const AGENCY_KINDS = labelled({
  MIB: '医疗保障行政部门',
  POLICE: '公安机关',
  PROCURATORATE: '人民检察院',
  COURT: '人民法院',
  SUPERIOR: '上级主管部门',
});
export type AgencyKind = keyof typeof AGENCY_KINDS.labels;

export const AGENCY_LEVELS = labelled({ PROVINCE: '省级', CITY: '市级', COUNTY: '县级' });
export type AgencyLevel = keyof typeof AGENCY_LEVELS.labels;

export const POSITIONS = labelled({
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
});
export type Position = keyof typeof POSITIONS.labels;

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
};

export const LEAD_SOURCES = labelled({
  REPORT: '举报',
  ROUTINE_INSPECTION: '日常监督检查',
  FLIGHT_INSPECTION: '飞行检查',
  BIG_DATA_SCREENING: '大数据筛查',
  EARLY_WARNING_MODEL: '智能监控预警',
  SUPERIOR_ASSIGNMENT: '上级交办',
  REFERRAL: '移送',
});
export type LeadSource = keyof typeof LEAD_SOURCES.labels;

export const SUBJECT_KINDS = labelled({ INSTITUTION: '定点医药机构或单位', PERSON: '个人' });
export type SubjectKind = keyof typeof SUBJECT_KINDS.labels;

/** Fraud taxonomy, domain.md §2 (G §5–§9, J 二). */
export const BEHAVIOURS = labelled({
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
