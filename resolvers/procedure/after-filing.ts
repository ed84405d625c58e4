import { z } from 'zod';
import { CHARGES, NON_PROSECUTION_KINDS, PROCEEDS_KINDS, type Charge } from '../codes.js';
import { invalid } from '../errors.js';
import { toCents, zEnum, zMoney, zName, zText } from '../validate.js';
import { defineStep, type StepContext } from './engine.js';
import { matterAmounts } from './matters.js';
import { agencyOf, attachments, POLICE, reasons, sameLevel } from './steps.js';

/**
 * After filing, domain.md §3.2: investigation, prosecution or not, back-transfer to the bureau, judgment, appeal,
 * effect, proceeds and their return to the fund. Every outcome is told to the bureau (G §24 ¶2).
 */

const caseNumber = zText(60).min(1, 'must not be empty');
/** A court case number such as (2026)吉0102刑初123号. */
const courtCaseNumber = z.string().regex(/^[（(]\d{4}[)）][\u4e00-\u9fa5]\d{1,4}刑(初|终)\d+号$/, 'must look like (2026)吉0102刑初123号');

export const INVESTIGATION_PROGRESS = defineStep({
  code: 'INVESTIGATION',
  action: 'reportInvestigationProgress',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['FILED'],
  input: z.object({ progress: zText(4000).min(1, 'must not be empty'), suspectsDetained: z.number().int().min(0).max(10000).nullish() }),
  document: 'INVESTIGATION_REPORT',
  notifiesMib: true,
  run: (_s, input) => ({ detail: { progress: input.progress, suspectsDetained: input.suspectsDetained ?? null } }),
});

export const SEND_FOR_PROSECUTION = defineStep({
  code: 'SEND_FOR_PROSECUTION',
  action: 'sendForProsecution',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['FILED'],
  input: z.object({ suspects: z.array(zName).min(1, 'must name at least one suspect').max(500), amountDefrauded: zMoney }),
  document: 'PROSECUTION_OPINION',
  notifiesMib: true,
  async run(s, input) {
    const police = await agencyOf(s.tx, s.matter.policeAgencyId!);
    const procuratorate = await sameLevel(s.tx, 'PROCURATORATE', police.divisionCode);
    if (!procuratorate) throw invalid('matter', `no procuratorate at the level of ${police.name} is registered`);
    return { stage: 'SENT_FOR_PROSECUTION', patch: { procuratorateAgencyId: procuratorate.id }, detail: { suspects: input.suspects, amountDefrauded: input.amountDefrauded } };
  },
});

export const WITHDRAWAL = defineStep({
  code: 'WITHDRAWAL',
  action: 'withdrawCase',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['FILED'],
  input: z.object({ reasons }),
  document: 'WITHDRAWAL_DECISION',
  notifiesMib: true,
  run: (_s, input) => ({ stage: 'WITHDRAWN', detail: { reasons: input.reasons } }),
});

export const PROSECUTION = defineStep({
  code: 'PROSECUTION',
  action: 'prosecute',
  side: 'PROCURATORATE',
  positions: ['PROSECUTOR'],
  from: ['SENT_FOR_PROSECUTION'],
  input: z.object({ procuratorateCaseNumber: caseNumber, defendants: z.array(zName).min(1, 'must name at least one defendant').max(500), charges: z.array(zEnum(CHARGES)).min(1, 'must name a charge') }),
  document: 'INDICTMENT',
  notifiesMib: true,
  async run(s, input) {
    const procuratorate = await agencyOf(s.tx, s.matter.procuratorateAgencyId!);
    const court = await sameLevel(s.tx, 'COURT', procuratorate.divisionCode);
    if (!court) throw invalid('matter', `no court at the level of ${procuratorate.name} is registered`);
    return {
      stage: 'PROSECUTED',
      patch: { courtAgencyId: court.id, procuratorateCaseNumber: input.procuratorateCaseNumber },
      detail: { defendants: input.defendants, charges: input.charges },
    };
  },
});

export const NON_PROSECUTION = defineStep({
  code: 'NON_PROSECUTION',
  action: 'declineProsecution',
  side: 'PROCURATORATE',
  positions: ['PROSECUTOR'],
  from: ['SENT_FOR_PROSECUTION'],
  input: z.object({ procuratorateCaseNumber: caseNumber, kind: zEnum(NON_PROSECUTION_KINDS), reasons }),
  document: 'NON_PROSECUTION_DECISION',
  notifiesMib: true,
  run: (_s, input) => ({ stage: 'NOT_PROSECUTED', patch: { procuratorateCaseNumber: input.procuratorateCaseNumber }, detail: { kind: input.kind, reasons: input.reasons } }),
});

/** G §23 ¶3: a person not prosecuted who should be punished administratively goes back to the bureau with an opinion. */
export const BACK_TRANSFER = defineStep({
  code: 'BACK_TRANSFER',
  action: 'backTransferToBureau',
  side: 'PROCURATORATE',
  positions: ['PROSECUTOR'],
  from: ['NOT_PROSECUTED'],
  input: z.object({ opinion: zText(8000).min(1, 'must give the procuratorial opinion') }),
  document: 'PROCURATORIAL_OPINION',
  notifiesMib: true,
  run: (_s, input) => ({ stage: 'BACK_TRANSFERRED', detail: { opinion: input.opinion } }),
});

export const ADMINISTRATIVE_FOLLOW_UP = defineStep({
  code: 'ADMINISTRATIVE_FOLLOW_UP',
  action: 'recordAdministrativeFollowUp',
  side: 'MIB',
  positions: ['MIB_OFFICER'],
  from: ['BACK_TRANSFERRED'],
  input: z.discriminatedUnion('penalised', [
    z.object({ penalised: z.literal(true), penaltyDecisionNumber: caseNumber, penaltyAmount: zMoney }),
    z.object({ penalised: z.literal(false), reasons }),
  ]),
  document: 'ADMINISTRATIVE_PENALTY',
  run: (_s, input) => ({ stage: 'ADMINISTRATIVELY_CLOSED', detail: input }),
});

const defendant = z
  .object({
    name: zName,
    verdict: z.enum(['GUILTY', 'NOT_GUILTY', 'EXEMPT_FROM_PUNISHMENT']),
    charges: z.array(zEnum(CHARGES)).max(10),
    imprisonmentMonths: z.number().int().min(0).max(300).nullish(),
    probationMonths: z.number().int().min(0).max(60).nullish(),
    fundActivityBan: z.boolean().nullish(),
    fine: zMoney.nullish(),
    confiscation: zMoney.nullish(),
    toRecover: zMoney.nullish(),
  })
  .superRefine((d, issue) => {
    const add = (path: string, message: string) => issue.addIssue({ code: 'custom', path: [path], message });
    if (d.verdict !== 'NOT_GUILTY' && d.charges.length === 0) add('charges', 'a conviction names at least one charge');
    if (d.verdict === 'NOT_GUILTY' && (d.imprisonmentMonths || d.fine || d.probationMonths)) add('verdict', 'an acquittal carries no sentence');
    if (d.probationMonths && !d.imprisonmentMonths) add('probationMonths', 'probation suspends a term of imprisonment, so one must be given');
    if (d.fundActivityBan && !d.probationMonths) add('fundActivityBan', 'the ban from fund-related activity goes with probation (G §13)');
  });

export const JUDGMENT = defineStep({
  code: 'JUDGMENT',
  action: 'recordJudgment',
  side: 'COURT',
  positions: ['JUDGE'],
  from: ['PROSECUTED', 'APPEALED'],
  input: z.object({ courtCaseNumber, defendants: z.array(defendant).min(1, 'must judge at least one defendant').max(500) }),
  document: 'JUDGMENT',
  notifiesMib: true,
  run: (s: StepContext, input) => ({
    stage: 'JUDGED',
    patch: { courtCaseNumber: input.courtCaseNumber },
    detail: { instance: s.matter.stage === 'APPEALED' ? 'SECOND' : 'FIRST', defendants: input.defendants, charges: [...new Set(input.defendants.flatMap((d) => d.charges as Charge[]))] },
  }),
});

/** An appeal or protest moves the matter to the next-higher court, which tries the second instance. */
export const APPEAL = defineStep({
  code: 'APPEAL',
  action: 'recordAppeal',
  side: 'COURT',
  positions: ['JUDGE'],
  from: ['JUDGED'],
  input: z.object({ by: z.enum(['DEFENDANT', 'PROCURATORATE']), note: zText(2000).nullish() }),
  document: 'APPEAL_NOTICE',
  notifiesMib: true,
  async run(s, input) {
    const court = await agencyOf(s.tx, s.matter.courtAgencyId!);
    if (!court.parentId) throw invalid('matter', `${court.name} has no higher court registered for the second instance`);
    return { stage: 'APPEALED', patch: { courtAgencyId: court.parentId }, detail: { ...input, from: court.id, to: court.parentId } };
  },
});

export const JUDGMENT_EFFECTIVE = defineStep({
  code: 'JUDGMENT_EFFECTIVE',
  action: 'recordJudgmentEffective',
  side: 'COURT',
  positions: ['JUDGE'],
  from: ['JUDGED'],
  input: z.object({ effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD') }),
  document: 'EFFECTIVE_NOTICE',
  notifiesMib: true,
  run: (_s, input) => ({ stage: 'JUDGMENT_EFFECTIVE', detail: input }),
});

const proceedsInput = z.object({ kind: zEnum(PROCEEDS_KINDS), amount: zMoney, description: zText(2000).min(1, 'must describe the property') });

/** G §20–§22: what the police seize, freeze or recover while investigating. */
export const POLICE_PROCEEDS = defineStep({
  code: 'PROCEEDS',
  action: 'recordProceeds',
  side: 'POLICE',
  positions: [...POLICE],
  from: ['FILED', 'SENT_FOR_PROSECUTION', 'PROSECUTED', 'JUDGED', 'JUDGMENT_EFFECTIVE'],
  input: proceedsInput,
  document: 'PROCEEDS_RECORD',
  notifiesMib: true,
  run: (_s, input) => ({ detail: input }),
});

/** Recovery the court orders and enforces after judgment (G §21). */
export const COURT_RECOVERY = defineStep({
  code: 'PROCEEDS',
  action: 'recordRecovery',
  side: 'COURT',
  positions: ['JUDGE'],
  from: ['JUDGED', 'APPEALED', 'JUDGMENT_EFFECTIVE'],
  input: proceedsInput.extend({ kind: z.enum(['RECOVERED', 'EQUIVALENT_RECOVERED']) }),
  document: 'PROCEEDS_RECORD',
  notifiesMib: true,
  run: (_s, input) => ({ detail: input }),
});

/** J 四(二): recovered fund money goes back to the fund's special account; the bureau confirms it. */
export const RETURN_TO_FUND = defineStep({
  code: 'RETURN_TO_FUND',
  action: 'confirmReturnToFund',
  side: 'MIB',
  positions: ['MIB_OFFICER', 'MIB_HEAD'],
  from: ['FILED', 'SENT_FOR_PROSECUTION', 'PROSECUTED', 'JUDGED', 'JUDGMENT_EFFECTIVE', 'WITHDRAWN', 'NOT_PROSECUTED', 'BACK_TRANSFERRED', 'ADMINISTRATIVELY_CLOSED'],
  input: z.object({ amount: zMoney, voucher: zText(100).min(1, 'must give the voucher number'), attachments: attachments.nullish() }),
  document: 'FUND_RETURN',
  async run(s, input) {
    const amounts = await matterAmounts(s.tx, s.matter.id);
    if (toCents(amounts.returned) + toCents(input.amount) > toCents(amounts.recovered)) throw invalid('input.amount', `exceeds what was recovered and not yet returned (recovered ${amounts.recovered}, returned ${amounts.returned})`);
    return { detail: { amount: input.amount, voucher: input.voucher } };
  },
});
