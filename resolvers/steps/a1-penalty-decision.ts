import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { clocks, leads, penaltyDecisions } from '../../db/schema.ts';
import {
  AGREEMENT_ACTIONS,
  graphqlMeta,
  PENALTY_ARTICLES,
  PENALTY_OUTCOMES,
  type PenaltyArticle,
  type PenaltyOutcome,
  type Stage,
  type SubjectKind,
} from '../../domain/codes.ts';
import { invalid, wrongState } from '../../domain/errors.ts';
import { fromCents, toCents, zMoney, zReasons, zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

const CITATION = '行政处罚法 第六十条';

/**
 * The criminal path's stages in which the bureau holds the case and may decide on it: before a transfer (a penalty does
 * not bar one; its copy goes with T3), and once the police or the procuratorate have handed it back or let it go.
 */
export const BUREAU_HOLDS: Stage[] = [
  'CASE_OPEN',
  'REPORT_SUBMITTED',
  'TRANSFER_REFUSED',
  'TRANSFER_APPROVED',
  'NOT_FILED',
  'RECONSIDERATION_UPHELD',
  'NON_FILING_UPHELD',
  'WITHDRAWN',
  'NOT_PROSECUTED',
  'BACK_TRANSFERRED',
  'ADMINISTRATIVELY_CLOSED',
];

/** What each article of 《医疗保障基金使用监督管理条例》 allows: whom, the fine (a multiple or a sum) and the suspension. */
interface ArticleRule {
  subject: SubjectKind;
  multiple?: [number, number];
  fixedFine?: [bigint, bigint];
  serviceSuspensionMonths?: [number, number];
  settlementSuspensionMonths?: [number, number];
}

export const ARTICLE_RULES: Record<Exclude<PenaltyArticle, 'OTHER_LAW'>, ArticleRule> = {
  REGULATION_38: { subject: 'INSTITUTION', multiple: [1, 2], serviceSuspensionMonths: [6, 12] },
  REGULATION_39: { subject: 'INSTITUTION', fixedFine: [1_000_000n, 5_000_000n] },
  REGULATION_40: { subject: 'INSTITUTION', multiple: [2, 5], serviceSuspensionMonths: [6, 12] },
  REGULATION_41: { subject: 'PERSON', multiple: [2, 5], settlementSuspensionMonths: [3, 12] },
};

const zMultiple = z
  .string()
  .regex(/^[1-9](\.\d{1,2})?$|^0\.(\d[1-9]|[1-9]\d?)$/, 'must be a multiple such as "2" or "2.5", at most two decimals')
  .describe('罚款倍数: the fine as a multiple of lossAmount, e.g. "2.5".');

/** One outcome as the union's discriminator, read by GraphQL as the PenaltyOutcome enum. */
const outcome = <const V extends PenaltyOutcome>(value: V) =>
  PENALTY_OUTCOMES.schema
    .extract([value])
    .register(graphqlMeta, { name: PENALTY_OUTCOMES.name, labels: PENALTY_OUTCOMES.labels });

const penalised = z.object({
  outcome: outcome('PENALISED'),
  article: PENALTY_ARTICLES.schema,
  otherBasis: zText(200).nullish().describe('With OTHER_LAW: the law and article (e.g. 社会保险法第八十七条).'),
  lossAmount: zMoney.nullish().describe('The fund’s loss or the amount obtained by fraud (损失金额/骗取金额).'),
  orderedReturn: zMoney.nullish().describe('责令退回: what the subject must return to the fund; at most lossAmount.'),
  fineMultiple: zMultiple.nullish(),
  fixedFine: zMoney.nullish().describe('A fine set as a sum (条例第三十九条: 1万元以上5万元以下).'),
  mitigated: z
    .boolean()
    .nullish()
    .describe('减轻处罚 (行政处罚法 art. 32): a fine or suspension below the article’s range is allowed.'),
  serviceSuspensionMonths: z
    .number()
    .int()
    .min(1)
    .max(24)
    .nullish()
    .describe('暂停相关责任部门涉及医保基金使用的医药服务 (institutions), in months.'),
  settlementSuspensionMonths: z
    .number()
    .int()
    .min(1)
    .max(24)
    .nullish()
    .describe('暂停医疗费用联网结算 (insured persons), in months.'),
  reasons: zReasons.describe('The facts found and the grounds of the decision.'),
});

export const penaltyDecisionInput = z.discriminatedUnion('outcome', [
  penalised,
  z.object({
    outcome: outcome('NOT_PENALISED'),
    reasons: zReasons.describe('Why no penalty (行政处罚法 arts. 30–33).'),
  }),
  z.object({
    outcome: outcome('AGREEMENT'),
    agreementActions: z
      .array(AGREEMENT_ACTIONS.schema)
      .min(1, 'must name at least one measure under the service agreement')
      .describe('What the service agreement’s handling does (约谈、拒付、解除协议 …).'),
    refusedAmount: zMoney.nullish().describe('拒付或追回的费用.'),
    reasons: zReasons.describe('The agreement’s clause and the facts.'),
  }),
]);

export type PenaltyDecisionInput = z.output<typeof penaltyDecisionInput>;
type Penalised = z.output<typeof penalised>;

const within = (value: number, [low, high]: [number, number], mitigated: boolean) =>
  value <= high && (mitigated || value >= low);

/**
 * A penalty's sanctions checked against its article and computed exactly: the fine is lossAmount × the multiple,
 * rounded half up to the fen. Throws naming the field that breaks the article.
 */
export function sanctionsOf(input: Penalised, subject: SubjectKind) {
  const mitigated = !!input.mitigated;
  if (input.article === 'OTHER_LAW' && !input.otherBasis)
    throw invalid('input.otherBasis', 'must name the law and article when the basis is OTHER_LAW');
  const rule = input.article === 'OTHER_LAW' ? null : ARTICLE_RULES[input.article];
  if (rule && rule.subject !== subject) {
    throw invalid(
      'input.article',
      `${input.article} applies to ${rule.subject === 'PERSON' ? 'an individual' : 'a designated institution'}; the subject is ${subject === 'PERSON' ? 'an individual' : 'an institution or unit'}`,
    );
  }
  const loss = input.lossAmount ? toCents(input.lossAmount) : null;
  if (input.orderedReturn && (loss === null || toCents(input.orderedReturn) > loss))
    throw invalid('input.orderedReturn', 'must not exceed lossAmount, which must be given with it');
  let fine: bigint | null = null;
  if (input.fineMultiple) {
    if (loss === null) throw invalid('input.lossAmount', 'must be given: the fine is a multiple of it');
    if (rule && !rule.multiple)
      throw invalid('input.fineMultiple', `${input.article} sets the fine as a sum, not a multiple`);
    const multiple = Number(input.fineMultiple);
    if (rule?.multiple && !within(multiple, rule.multiple, mitigated)) {
      throw invalid(
        'input.fineMultiple',
        `${input.article} fines ${rule.multiple[0]} to ${rule.multiple[1]} times the amount${mitigated ? '' : ' (below it only when mitigated, 行政处罚法 art. 32)'}`,
      );
    }
    // The multiple in hundredths, read from its decimal text like an amount: exact, no binary fraction.
    fine = (loss * toCents(input.fineMultiple) + 50n) / 100n;
  }
  if (input.fixedFine) {
    if (fine !== null) throw invalid('input.fixedFine', 'give a fine as a multiple or as a sum, not both');
    if (rule && !rule.fixedFine)
      throw invalid('input.fixedFine', `${input.article} sets the fine as a multiple of the amount`);
    fine = toCents(input.fixedFine);
    if (rule?.fixedFine && (fine > rule.fixedFine[1] || (!mitigated && fine < rule.fixedFine[0]))) {
      throw invalid(
        'input.fixedFine',
        `${input.article} fines ${fromCents(rule.fixedFine[0])} to ${fromCents(rule.fixedFine[1])} yuan`,
      );
    }
  }
  const months = (field: 'serviceSuspensionMonths' | 'settlementSuspensionMonths', who: string) => {
    const value = input[field];
    if (value == null) return null;
    const range = rule?.[field];
    if (rule && !range) throw invalid(`input.${field}`, `${input.article} has no such suspension: it is for ${who}`);
    if (range && !within(value, range, mitigated))
      throw invalid(`input.${field}`, `${input.article} suspends for ${range[0]} to ${range[1]} months`);
    return value;
  };
  const service = months('serviceSuspensionMonths', 'institutions');
  const settlement = months('settlementSuspensionMonths', 'insured persons');
  if (subject === 'PERSON' && service !== null)
    throw invalid('input.serviceSuspensionMonths', 'suspends an institution’s services, not an individual');
  if (subject === 'INSTITUTION' && settlement !== null)
    throw invalid('input.settlementSuspensionMonths', 'suspends an insured person’s settlement, not an institution');
  if (fine === null && !input.orderedReturn && service === null && settlement === null)
    throw invalid('input', 'a penalty needs at least one sanction: orderedReturn, a fine, or a suspension');
  return {
    lossAmount: input.lossAmount ?? null,
    orderedReturn: input.orderedReturn ?? null,
    fineMultiple: input.fineMultiple ?? null,
    fine: fine === null ? null : fromCents(fine),
    serviceSuspensionMonths: service,
    settlementSuspensionMonths: settlement,
  };
}

/**
 * A1: the bureau decides its case within 90 days of opening it (行政处罚法 art. 60), or of getting it back from the
 * police or the procuratorate: a penalty under 条例 arts. 38–41 with each sanction's exact amount, no penalty with
 * reasons, or handling under the service agreement. The head approves; once, with reasons, the period is extended
 * by 30 days.
 */
export default defineStep({
  code: 'A1',
  label: '作出行政处理决定（行政处罚、不予处罚或协议处理）',
  clock: {
    side: 'MIB',
    rules: [
      { amount: 90, unit: 'DAYS', citation: CITATION },
      {
        amount: 120,
        unit: 'DAYS',
        citation: `${CITATION}; 医疗保障行政处罚程序暂行规定 (案情复杂，经负责人批准延长30日)`,
        variant: 'EXTENDED',
      },
    ],
  },
  actions: [
    action({
      name: 'decidePenalty',
      side: 'MIB',
      positions: ['MIB_HEAD'],
      from: BUREAU_HOLDS,
      administrative: ['INVESTIGATING'],
      input: penaltyDecisionInput,
      document: (input) =>
        input.outcome === 'PENALISED'
          ? 'PENALTY_DECISION'
          : input.outcome === 'NOT_PENALISED'
            ? 'NO_PENALTY_DECISION'
            : 'AGREEMENT_HANDLING',
      async run(s, input) {
        const [lead] = await s.tx
          .select({ subjectKind: leads.subjectKind })
          .from(leads)
          .where(eq(leads.id, s.matter.leadId));
        const sanctions = input.outcome === 'PENALISED' ? sanctionsOf(input, lead.subjectKind) : null;
        await s.tx.insert(penaltyDecisions).values({
          matterId: s.matter.id,
          stepId: s.stepId,
          outcome: input.outcome,
          article: input.outcome === 'PENALISED' ? input.article : null,
          otherBasis: input.outcome === 'PENALISED' && input.article === 'OTHER_LAW' ? input.otherBasis : null,
          subjectKind: lead.subjectKind,
          ...sanctions,
          decidedAt: s.occurredAt,
        });
        return {
          administrativeStage:
            input.outcome === 'PENALISED'
              ? 'DECIDED'
              : input.outcome === 'NOT_PENALISED'
                ? 'NOT_PENALISED'
                : 'AGREEMENT_HANDLED',
        };
      },
    }),
    action({
      name: 'extendPenaltyPeriod',
      side: 'MIB',
      positions: ['MIB_HEAD'],
      from: BUREAU_HOLDS,
      administrative: ['INVESTIGATING'],
      input: z.object({ reasons: zReasons.describe('Why the case cannot be decided in 90 days (案情复杂 …).') }),
      document: 'PENALTY_EXTENSION',
      async run(s, input) {
        const [running] = await s.tx
          .select({ startedAt: clocks.startedAt, variant: clocks.variant })
          .from(clocks)
          .where(and(eq(clocks.matterId, s.matter.id), eq(clocks.code, 'A1'), isNull(clocks.closedAt)));
        if (!running) throw wrongState('A1 has no running period to extend: the bureau does not hold the case now');
        if (running.variant === 'EXTENDED')
          throw wrongState(
            'the period was already extended once; a further extension is decided collectively and recorded outside the hub',
          );
        return { restartClock: { variant: 'EXTENDED', from: running.startedAt }, detail: { reasons: input.reasons } };
      },
    }),
  ],
});
