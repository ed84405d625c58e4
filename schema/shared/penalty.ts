import {
  ADMINISTRATIVE_STAGES,
  CLOSING_REASONS,
  PENALTY_ARTICLES,
  PENALTY_OUTCOMES,
  SUBJECT_KINDS,
} from '../../domain/codes.ts';
import { type PenaltyRow, penaltyOf } from '../../resolvers/procedure/penalties.ts';
import { guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/**
 * The bureau's own case on a matter: its stage, and the decision (A1) with its sanctions and what was paid (A3). Seen
 * by whoever sees the matter: the court sees a fine already paid beside the judgment's (行政处罚法 art. 35).
 */
export function addPenalty(builder: HubBuilder, { Matter }: SharedRefs) {
  const Penalty = builder.objectRef<PenaltyRow>('PenaltyDecision').implement({
    description: 'The bureau’s decision on its case (A1), served (A2), enforced (A3) and closed (A4). Amounts in yuan.',
    fields: (t) => ({
      outcome: t.expose('outcome', { type: enumOf(builder, PENALTY_OUTCOMES) }),
      article: t.expose('article', { type: enumOf(builder, PENALTY_ARTICLES), nullable: true }),
      otherBasis: t.exposeString('otherBasis', { nullable: true }),
      subjectKind: t.expose('subjectKind', { type: enumOf(builder, SUBJECT_KINDS) }),
      documentNumber: t.exposeString('documentNumber', { nullable: true }),
      lossAmount: t.expose('lossAmount', { type: 'Money', nullable: true }),
      orderedReturn: t.expose('orderedReturn', { type: 'Money', nullable: true, description: '责令退回.' }),
      fineMultiple: t.exposeString('fineMultiple', { nullable: true }),
      fine: t.expose('fine', {
        type: 'Money',
        nullable: true,
        description: 'lossAmount × fineMultiple, or the sum set.',
      }),
      serviceSuspensionMonths: t.exposeInt('serviceSuspensionMonths', { nullable: true }),
      settlementSuspensionMonths: t.exposeInt('settlementSuspensionMonths', { nullable: true }),
      finePaid: t.expose('finePaid', { type: 'Money' }),
      returned: t.expose('returned', { type: 'Money', description: 'Returned to the fund under the decision.' }),
      decidedAt: t.expose('decidedAt', { type: 'DateTime' }),
      servedAt: t.expose('servedAt', { type: 'DateTime', nullable: true }),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
      closingReason: t.expose('closingReason', { type: enumOf(builder, CLOSING_REASONS), nullable: true }),
    }),
  });
  guardType(builder, 'PenaltyDecision', guardedByParent);
  builder.objectFields(Matter, (t) => ({
    administrativeStage: t.expose('administrativeStage', { type: enumOf(builder, ADMINISTRATIVE_STAGES) }),
    penalty: t.field({ type: Penalty, nullable: true, resolve: (m, _a, ctx) => penaltyOf(ctx, m.id) }),
  }));
}
