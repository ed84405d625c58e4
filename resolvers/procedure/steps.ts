import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { agencies, people } from '../../db/schema.js';
import { isWithinDivision } from '../agencies.js';
import type { StepCode } from '../codes.js';
import { invalid } from '../errors.js';
import { zText } from '../validate.js';
import type { Db } from '../../db/client.js';
import { defineStep } from './engine.js';

/**
 * The transfer procedure, domain.md §3.1: one definition per step, in the order of the table there.
 * Each names its actor, the stages it follows, its input, its document, whether the bureau is told, and its clocks.
 */

export const reasons = zText(4000).min(1, 'must give the reasons');
const ATTACHMENT_KINDS = ['INVESTIGATION_REPORT', 'ITEM_LIST', 'EVIDENCE', 'EXPERT_OPINION', 'PENALTY_DECISION', 'SUPPLEMENT', 'OTHER'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const attachments = z.array(z.object({ kind: z.enum(ATTACHMENT_KINDS), title: zText(200).min(1, 'must not be empty'), reference: zText(100).nullish() })).max(200);

const REQUIRED_WITH_TRANSFER: Record<string, string> = {
  INVESTIGATION_REPORT: '案件调查报告',
  ITEM_LIST: '涉案物品清单',
  EVIDENCE: '有关检验报告或者鉴定意见等证据材料',
};

export async function agencyOf(db: Db, id: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

/** The same-level (同级) agency of a kind: the one with the same division code. */
export async function sameLevel(db: Db, kind: 'POLICE' | 'PROCURATORATE' | 'COURT', divisionCode: string) {
  const [row] = await db.select().from(agencies).where(and(eq(agencies.kind, kind), eq(agencies.divisionCode, divisionCode)));
  return row;
}

const policeReviewClocks = (policeAgencyId: string): { code: StepCode; agencyId: string }[] => [
  { code: 'T5', agencyId: policeAgencyId },
  { code: 'T7', agencyId: policeAgencyId },
  { code: 'T8', agencyId: policeAgencyId },
];
const POLICE_REVIEW_CLOCKS: StepCode[] = ['T4', 'T5', 'T6', 'T7', 'T8'];
export const POLICE = ['POLICE_OFFICER', 'POLICE_HEAD'] as const;

export const T1_SUBMIT_TRANSFER_REPORT = defineStep({
  code: 'T1',
  action: 'submitTransferReport',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['CASE_OPEN', 'TRANSFER_REFUSED'],
  input: z.object({ officerIds: z.array(z.string()).min(2, 'a case team needs at least two enforcement officers'), report: zText(20000).min(1, 'must not be empty') }),
  document: 'TRANSFER_REPORT',
  async run(s, input) {
    const team = await s.tx.select().from(people).where(inArray(people.id, input.officerIds));
    for (const [i, id] of input.officerIds.entries()) {
      const officer = team.find((p) => p.id === id);
      if (!officer || officer.agencyId !== s.matter.mibAgencyId || officer.position !== 'MIB_OFFICER') throw invalid(`input.officerIds.${i}`, `${id} is not an enforcement officer of this bureau`);
      if (!officer.certificateNo) throw invalid(`input.officerIds.${i}`, `${officer.name} holds no enforcement certificate`);
    }
    if (new Set(input.officerIds).size < 2) throw invalid('input.officerIds', 'a case team needs at least two different enforcement officers');
    return {
      stage: 'REPORT_SUBMITTED',
      open: [{ code: 'T2', agencyId: s.matter.mibAgencyId }],
      detail: { team: team.map((p) => ({ id: p.id, name: p.name, certificateNo: p.certificateNo })) },
    };
  },
});

export const T2_DECIDE_TRANSFER = defineStep({
  code: 'T2',
  action: 'decideTransfer',
  side: 'MIB',
  positions: ['MIB_HEAD'],
  from: ['REPORT_SUBMITTED'],
  input: z.discriminatedUnion('approved', [z.object({ approved: z.literal(true), reasons: reasons.nullish() }), z.object({ approved: z.literal(false), reasons })]),
  document: 'TRANSFER_DECISION',
  run: (s, input) =>
    input.approved
      ? { stage: 'TRANSFER_APPROVED', open: [{ code: 'T3', agencyId: s.matter.mibAgencyId }], detail: { approved: true } }
      : { stage: 'TRANSFER_REFUSED', detail: { approved: false, reasons: input.reasons } },
});

/** T3 with T3a: the transfer goes to the same-level police and is copied to the same-level procuratorate. */
export const T3_TRANSFER = defineStep({
  code: 'T3',
  action: 'transferToPolice',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['TRANSFER_APPROVED'],
  input: z.object({ attachments }),
  document: 'TRANSFER_LETTER',
  async run(s, input) {
    for (const [kind, name] of Object.entries(REQUIRED_WITH_TRANSFER)) {
      if (!input.attachments.some((a) => a.kind === kind)) throw invalid('input.attachments', `the transfer lacks the ${name} (${kind})`);
    }
    const mib = await agencyOf(s.tx, s.matter.mibAgencyId);
    const police = await sameLevel(s.tx, 'POLICE', mib.divisionCode);
    const procuratorate = await sameLevel(s.tx, 'PROCURATORATE', mib.divisionCode);
    if (!police) throw invalid('matter', `no police agency at the level of ${mib.name} is registered`);
    return {
      stage: 'TRANSFERRED',
      patch: { policeAgencyId: police.id, procuratorateAgencyId: procuratorate?.id ?? null },
      open: [{ code: 'T4', agencyId: police.id }],
      detail: { attachments: input.attachments, to: police.id, copiedTo: procuratorate?.id ?? null },
    };
  },
});

export const T4_ACCEPT_TRANSFER = defineStep({
  code: 'T4',
  action: 'acceptTransfer',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['TRANSFERRED'],
  input: z.object({ note: zText(2000).nullish() }),
  document: 'RECEIPT',
  notifiesMib: true,
  run: (s, input) => ({ stage: 'ACCEPTED', open: policeReviewClocks(s.matter.policeAgencyId!), detail: { note: input.note ?? null } }),
});

export const T5_REQUEST_SUPPLEMENT = defineStep({
  code: 'T5',
  action: 'requestSupplement',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['ACCEPTED'],
  input: z.object({ missing: zText(4000).min(1, 'must say what is missing') }),
  document: 'SUPPLEMENT_NOTICE',
  notifiesMib: true,
  run: (s, input) => ({ stage: 'SUPPLEMENT_REQUESTED', open: [{ code: 'T6', agencyId: s.matter.mibAgencyId }], detail: { missing: input.missing } }),
});

export const T6_SUPPLEMENT = defineStep({
  code: 'T6',
  action: 'supplementMaterial',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['SUPPLEMENT_REQUESTED'],
  input: z.object({ attachments: attachments.min(1, 'must attach the supplement') }),
  document: 'SUPPLEMENT',
  run: (_s, input) => ({ stage: 'ACCEPTED', detail: { attachments: input.attachments } }),
});

/** T7, and T18 below: the matter moves to another police agency, which must accept it afresh (T4). */
export const T7_FORWARD = defineStep({
  code: 'T7',
  action: 'forwardTransfer',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['ACCEPTED', 'SUPPLEMENT_REQUESTED'],
  input: z.object({ toAgencyId: z.string().min(1), reasons }),
  document: 'FORWARDING_NOTICE',
  notifiesMib: true,
  async run(s, input) {
    const target = await agencyOf(s.tx, input.toAgencyId);
    if (!target || target.kind !== 'POLICE' || target.id === s.matter.policeAgencyId) throw invalid('input.toAgencyId', 'is not another police agency');
    return {
      stage: 'TRANSFERRED',
      patch: { policeAgencyId: target.id },
      close: POLICE_REVIEW_CLOCKS,
      open: [{ code: 'T4', agencyId: target.id }],
      detail: { from: s.matter.policeAgencyId, to: target.id, reasons: input.reasons },
    };
  },
});

export const T8_EXTEND_REVIEW = defineStep({
  code: 'T8',
  action: 'extendFilingReview',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['ACCEPTED', 'SUPPLEMENT_REQUESTED'],
  input: z.object({ variant: z.enum(['VERIFY', 'MAJOR', 'MAJOR_EXTENDED']), reasons }),
  document: 'REVIEW_EXTENSION',
  notifiesMib: true,
  async run(s, input) {
    if (input.variant !== 'VERIFY' && s.viewer.position !== 'POLICE_HEAD') {
      throw invalid('input.variant', 'a 30-day review needs the approval of a police head at county level or above (县级以上公安机关负责人)');
    }
    const accepted = await s.tx.query.steps.findFirst({ where: (t, { and, eq }) => and(eq(t.matterId, s.matter.id), eq(t.code, 'T4')), orderBy: (t, { desc }) => desc(t.takenAt) });
    return {
      close: ['T8'],
      open: [{ code: 'T8', agencyId: s.matter.policeAgencyId!, variant: input.variant, from: accepted?.takenAt }],
      detail: { variant: input.variant, reasons: input.reasons },
    };
  },
});

/** T9 with T10: the decision and its written notice to the bureau are one act here, so T10 is met when T9 is taken. */
export const T9_DECIDE_FILING = defineStep({
  code: 'T9',
  action: 'decideFiling',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['ACCEPTED'],
  dueBy: 'T8',
  input: z.discriminatedUnion('filed', [
    z.object({ filed: z.literal(true), policeCaseNumber: zText(60).min(1, 'must not be empty') }),
    z.object({ filed: z.literal(false), reasons, filesReturned: z.literal(true, { message: 'the case files must be returned with a non-filing decision' }) }),
  ]),
  document: (input) => (input.filed ? 'FILING_NOTICE' : 'NON_FILING_NOTICE'),
  notifiesMib: true,
  run: (s, input) =>
    input.filed
      ? {
          stage: 'FILED',
          patch: { policeCaseNumber: input.policeCaseNumber },
          close: POLICE_REVIEW_CLOCKS,
          open: [{ code: 'T11', agencyId: s.matter.mibAgencyId }],
          detail: { filed: true, policeCaseNumber: input.policeCaseNumber },
        }
      : {
          stage: 'NOT_FILED',
          close: POLICE_REVIEW_CLOCKS,
          open: [{ code: 'T12', agencyId: s.matter.mibAgencyId }],
          detail: { filed: false, reasons: input.reasons, filesReturned: true },
        },
});

export const T11_HAND_OVER_ITEMS = defineStep({
  code: 'T11',
  action: 'handOverItems',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['FILED'],
  input: z.object({ items: attachments.min(1, 'must list what is handed over') }),
  document: 'HANDOVER_LIST',
  async run(s, input) {
    const done = await s.tx.query.steps.findFirst({ where: (t, { and, eq }) => and(eq(t.matterId, s.matter.id), eq(t.code, 'T11')) });
    if (done) throw invalid('matter', 'the items were already handed over');
    return { detail: { items: input.items } };
  },
});

export const T12_REQUEST_RECONSIDERATION = defineStep({
  code: 'T12',
  action: 'requestReconsideration',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['NOT_FILED'],
  input: z.object({ reasons }),
  document: 'RECONSIDERATION_REQUEST',
  run: (s, input) => ({ stage: 'RECONSIDERATION_REQUESTED', open: [{ code: 'T13', agencyId: s.matter.policeAgencyId! }], detail: { reasons: input.reasons } }),
});

export const T13_DECIDE_RECONSIDERATION = defineStep({
  code: 'T13',
  action: 'decideReconsideration',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['RECONSIDERATION_REQUESTED'],
  input: z.discriminatedUnion('upheld', [
    z.object({ upheld: z.literal(true), reasons }),
    z.object({ upheld: z.literal(false), policeCaseNumber: zText(60).min(1, 'must not be empty') }),
  ]),
  document: 'RECONSIDERATION_DECISION',
  notifiesMib: true,
  run: (s, input) =>
    input.upheld
      ? { stage: 'RECONSIDERATION_UPHELD', open: [{ code: 'T14', agencyId: s.matter.mibAgencyId }], detail: { upheld: true, reasons: input.reasons } }
      : {
          stage: 'FILED',
          patch: { policeCaseNumber: input.policeCaseNumber },
          open: [{ code: 'T11', agencyId: s.matter.mibAgencyId }],
          detail: { upheld: false, policeCaseNumber: input.policeCaseNumber },
        },
});

/** T12's other branch (straight to supervision after non-filing) and T14 (after reconsideration upheld). */
export const T14_REQUEST_SUPERVISION = defineStep({
  code: 'T14',
  action: 'requestFilingSupervision',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['NOT_FILED', 'RECONSIDERATION_UPHELD'],
  input: z.object({ reasons }),
  document: 'SUPERVISION_REQUEST',
  async run(s, input) {
    if (!s.matter.procuratorateAgencyId) throw invalid('matter', 'no same-level procuratorate is registered');
    return { stage: 'SUPERVISION_REQUESTED', close: ['T12'], detail: { reasons: input.reasons } };
  },
});

/** The procuratorate's request that opens T15 for the police (SPP arts. 559–560). */
export const T15_REQUEST_REASONS = defineStep({
  code: 'T15',
  action: 'requestNonFilingReasons',
  side: 'PROCURATORATE',
  positions: ['PROSECUTOR'],
  from: ['SUPERVISION_REQUESTED'],
  input: z.object({ note: zText(2000).nullish() }),
  document: 'REASONS_REQUEST',
  notifiesMib: true,
  run: (s) => ({ stage: 'REASONS_REQUESTED', open: [{ code: 'T15', agencyId: s.matter.policeAgencyId! }], detail: {} }),
});

export const T15_EXPLAIN_NON_FILING = defineStep({
  code: 'T15',
  action: 'explainNonFiling',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['REASONS_REQUESTED'],
  input: z.object({ reasons }),
  document: 'REASONS_STATEMENT',
  notifiesMib: true,
  run: (s, input) => ({ stage: 'REASONS_GIVEN', open: [{ code: 'T16', agencyId: s.matter.procuratorateAgencyId! }], detail: { reasons: input.reasons } }),
});

export const T16_UPHOLD_REASONS = defineStep({
  code: 'T16',
  action: 'upholdNonFilingReasons',
  side: 'PROCURATORATE',
  positions: ['PROSECUTOR'],
  from: ['REASONS_GIVEN'],
  input: z.object({ reasons }),
  document: 'REASONS_UPHELD_NOTICE',
  notifiesMib: true,
  run: (_s, input) => ({ stage: 'NON_FILING_UPHELD', detail: { reasons: input.reasons } }),
});

/** The order to file (通知立案) ends the T16 review and opens T17 for the police. */
export const T16_ORDER_FILING = defineStep({
  code: 'T16',
  action: 'orderFiling',
  side: 'PROCURATORATE',
  positions: ['PROSECUTOR'],
  from: ['REASONS_GIVEN'],
  input: z.object({ reasons }),
  document: 'FILING_ORDER',
  notifiesMib: true,
  run: (s, input) => ({ stage: 'ORDERED_TO_FILE', open: [{ code: 'T17', agencyId: s.matter.policeAgencyId! }], detail: { reasons: input.reasons } }),
});

export const T17_FILE_AFTER_ORDER = defineStep({
  code: 'T17',
  action: 'fileAfterOrder',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['ORDERED_TO_FILE'],
  input: z.object({ policeCaseNumber: zText(60).min(1, 'must not be empty') }),
  document: 'FILING_NOTICE',
  notifiesMib: true,
  run: (s, input) => ({
    stage: 'FILED',
    patch: { policeCaseNumber: input.policeCaseNumber },
    open: [{ code: 'T11', agencyId: s.matter.mibAgencyId }],
    detail: { policeCaseNumber: input.policeCaseNumber },
  }),
});

/** T18: a jurisdiction dispute goes to the next-higher police over the region, which designates the competent police. */
export const T18_DESIGNATE_JURISDICTION = defineStep({
  code: 'T18',
  action: 'designateJurisdiction',
  side: 'POLICE',
  positions: ['POLICE_HEAD'],
  from: ['TRANSFERRED', 'ACCEPTED', 'SUPPLEMENT_REQUESTED'],
  input: z.object({ toAgencyId: z.string().min(1), reasons }),
  document: 'DESIGNATION',
  notifiesMib: true,
  actorAllowed: (s) => s.viewer.agency.kind === 'POLICE' && s.viewer.agency.level !== 'COUNTY' && isWithinDivision(s.matter.regionCode, s.viewer.agency.divisionCode),
  async run(s, input) {
    const target = await agencyOf(s.tx, input.toAgencyId);
    if (!target || target.kind !== 'POLICE' || !isWithinDivision(target.divisionCode, s.viewer.agency.divisionCode)) {
      throw invalid('input.toAgencyId', 'is not a police agency under the designating police');
    }
    return {
      stage: 'TRANSFERRED',
      patch: { policeAgencyId: target.id },
      close: POLICE_REVIEW_CLOCKS,
      open: [{ code: 'T4', agencyId: target.id }],
      detail: { from: s.matter.policeAgencyId, to: target.id, reasons: input.reasons },
    };
  },
});

export const STEPS = [
  T1_SUBMIT_TRANSFER_REPORT,
  T2_DECIDE_TRANSFER,
  T3_TRANSFER,
  T4_ACCEPT_TRANSFER,
  T5_REQUEST_SUPPLEMENT,
  T6_SUPPLEMENT,
  T7_FORWARD,
  T8_EXTEND_REVIEW,
  T9_DECIDE_FILING,
  T11_HAND_OVER_ITEMS,
  T12_REQUEST_RECONSIDERATION,
  T13_DECIDE_RECONSIDERATION,
  T14_REQUEST_SUPERVISION,
  T15_REQUEST_REASONS,
  T15_EXPLAIN_NON_FILING,
  T16_UPHOLD_REASONS,
  T16_ORDER_FILING,
  T17_FILE_AFTER_ORDER,
  T18_DESIGNATE_JURISDICTION,
];

export { ATTACHMENT_KINDS };
