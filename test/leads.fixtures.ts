import { randomUUID } from 'node:crypto';
import { citizenId } from './world.ts';

/** A lead from a real-name report about a person, unique by its summary. */
export function reportLead(overrides: Record<string, unknown> = {}) {
  return {
    source: 'REPORT',
    regionCode: '220102',
    subject: { kind: 'PERSON', name: '张三丰', idNumber: citizenId('22010219800101123') },
    behaviours: ['IND_IMPERSONATION', 'IND_DRUG_RESALE'],
    suspectedAmount: '12345.67',
    summary: `冒用他人医保卡购药倒卖 ${randomUUID()}`,
    receivedAt: '2026-11-20T09:30:00+08:00',
    informant: { name: '李举报', phone: '13800000000', realName: true },
    ...overrides,
  };
}
