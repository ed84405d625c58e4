import { type CodeOf, type ConsultationKind, codeList } from './codes.ts';
import type { DigestAlgorithm } from './crypto.ts';

/** What the audit log records: every change, every read of a sensitive field, every denial. */
export const AUDIT_ACTIONS = codeList('AuditAction', {
  LEAD_CREATED: '登记线索',
  LEAD_UPDATED: '修改线索',
  CASE_OPENED: '行政案件立案',
  STEP_TAKEN: '办理程序步骤',
  NOTIFICATION_ACKNOWLEDGED: '确认收到结果通知',
  CONSULTATION_ASKED: '提出会商或损失核算请求',
  CONSULTATION_ANSWERED: '答复会商或损失核算请求',
  INFORMANT_READ: '查看举报人信息',
  ID_NUMBER_READ: '查看身份证号码',
  ACCESS_DENIED: '拒绝访问',
  GATEWAY_DENIED: '网关拒绝请求（不允许内省）',
  IDENTITY_REFUSED: '拒绝身份（令牌无效或与登记不符），按来源和时段计数',
  REGISTRY_CHANGED: '变更机构人员登记',
  REPORT_FROZEN: '生成并固定月度报表',
  DOCUMENT_FILE_UPLOADED: '上传文书文件',
  DOCUMENT_FILE_DOWNLOADED: '下载文书文件',
  DOCUMENT_FILE_CORRUPTED: '文书文件与其哈希不符',
  EXPOSURE_DRAFTED: '起草曝光或典型案例',
  EXPOSURE_APPROVED: '批准曝光或典型案例',
  EXPOSURE_PUBLISHED: '发布曝光或典型案例',
  EXPOSURE_CORRECTED: '更正曝光或典型案例',
  EXPOSURE_RETRACTED: '撤回曝光或典型案例',
  WEBHOOK_REGISTERED: '登记结果通知推送地址',
  WEBHOOK_REMOVED: '删除结果通知推送地址',
});
export type AuditAction = CodeOf<typeof AUDIT_ACTIONS>;

/** The closed set of audit events, each with its target and typed details. */
export type AuditEvent =
  | { action: 'LEAD_CREATED'; targetType: 'Lead'; targetId: string }
  | { action: 'LEAD_UPDATED'; targetType: 'Lead'; targetId: string; detail: { fields: string[] } }
  | { action: 'CASE_OPENED'; targetType: 'Matter'; targetId: string; detail: { leadId: string } }
  | {
      action: 'STEP_TAKEN';
      targetType: 'Matter';
      targetId: string;
      detail: { code: string; step: string; stepId: string };
    }
  | { action: 'NOTIFICATION_ACKNOWLEDGED'; targetType: 'OutcomeNotification'; targetId: string }
  | {
      action: 'CONSULTATION_ASKED';
      targetType: 'Consultation';
      targetId: string;
      detail: { matterId: string; kind: ConsultationKind };
    }
  | { action: 'CONSULTATION_ANSWERED'; targetType: 'Consultation'; targetId: string }
  | { action: 'INFORMANT_READ'; targetType: 'Lead'; targetId: string }
  | { action: 'ID_NUMBER_READ'; targetType: 'Lead'; targetId: string }
  | { action: 'ACCESS_DENIED'; detail: { code: string; path: string | null; message: string } }
  | {
      action:
        | 'EXPOSURE_DRAFTED'
        | 'EXPOSURE_APPROVED'
        | 'EXPOSURE_PUBLISHED'
        | 'EXPOSURE_CORRECTED'
        | 'EXPOSURE_RETRACTED';
      targetType: 'Exposure';
      targetId: string;
      detail: { version: number };
    }
  | {
      action: 'DOCUMENT_FILE_UPLOADED' | 'DOCUMENT_FILE_DOWNLOADED' | 'DOCUMENT_FILE_CORRUPTED';
      targetType: 'Document';
      targetId: string;
      detail: { matterId: string; digest: string; digestAlgorithm: DigestAlgorithm };
    }
  | {
      action: 'IDENTITY_REFUSED';
      targetType: 'Identity';
      detail: {
        /** The address the tokens came from, as the refusing process saw it. */
        source: string;
        reason: string;
        /** How many tokens were refused for this source and reason from `firstAt` to `lastAt`. */
        count: number;
        firstAt: string;
        lastAt: string;
        /** The identity the last of them claimed, when its signature held. */
        issuer: string | null;
        subject: string | null;
      };
    }
  | {
      /** `npm run reseal` moved sealed values to the current suite and data key, a batch at a time. */
      action: 'DATA_RESEALED';
      targetType: 'Hub';
      detail: { what: 'ID numbers' | 'webhook secrets'; count: number; suite: 'INTL' | 'GM' };
    }
  | {
      action: 'REGISTRY_CHANGED';
      targetType: 'Agency' | 'Person';
      targetId: string;
      detail: { change: 'ADDED' | 'CHANGED' | 'DEACTIVATED'; fields: string[]; via: 'API' | 'IMPORT' };
    }
  | {
      action: 'REPORT_FROZEN';
      targetType: 'MonthlyReport';
      targetId: string;
      detail: {
        region: string;
        month: string;
        revision: number;
        digest: string;
        digestAlgorithm: DigestAlgorithm;
        /** Each delivered file's digest. */
        files?: { xlsx: string; csv: string };
      };
    }
  | { action: 'WEBHOOK_REGISTERED'; targetType: 'Webhook'; targetId: string; detail: { url: string } }
  | { action: 'WEBHOOK_REMOVED'; targetType: 'Webhook'; targetId: string }
  | {
      action: 'GATEWAY_DENIED';
      targetType: 'Gateway';
      detail: { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; reason: string; personId: string | null; requestId: string };
    };
