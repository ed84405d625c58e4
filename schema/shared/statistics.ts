import { AGENCY_LEVELS } from '../../domain/codes.ts';
import {
  CLOCK_DIMENSIONS,
  FUNNEL_STAGES,
  STAT_DIMENSIONS,
  STAT_SUBJECTS,
  type SuppressedCount,
} from '../../domain/statistics.ts';
import {
  type ClockStatRow,
  clockStatistics,
  type FunnelStep,
  funnel,
  type NotificationStatRow,
  notificationStatistics,
  type PenaltyInsteadStatRow,
  type PenaltyStatRow,
  penaltyInsteadStatistics,
  penaltyStatistics,
  type StatKey,
  type StatRow,
  type StatScope,
  statCounts,
  statScope,
} from '../../resolvers/statistics.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { allowed, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/**
 * Statistics for analysts, supervisors and the reporting job (domain/statistics.ts): counts and amounts under a region
 * the caller oversees, never a person; a group of fewer than HUB_SDC_THRESHOLD matters or leads shows "<5".
 */
export function addStatistics(builder: HubBuilder, _refs: SharedRefs) {
  const Dimension = enumOf(builder, STAT_DIMENSIONS);
  const ClockDimension = enumOf(builder, CLOCK_DIMENSIONS);
  const StatCount = builder.objectRef<SuppressedCount>('StatCount').implement({
    description: 'A count, or "<5" (display) with no value for a group too small to show.',
    fields: (t) => ({
      value: t.exposeInt('value', { nullable: true }),
      display: t.exposeString('display'),
      suppressed: t.exposeBoolean('suppressed'),
    }),
  });
  const StatKeyRef = builder.objectRef<StatKey>('StatKey').implement({
    fields: (t) => ({
      dimension: t.expose('dimension', { type: Dimension }),
      value: t.exposeString('value'),
      label: t.exposeString('label'),
    }),
  });
  const Row = builder.objectRef<StatRow>('StatRow').implement({
    description: 'One group: its keys, its count and its amounts in yuan (null where suppressed, or for leads).',
    fields: (t) => ({
      keys: t.field({ type: [StatKeyRef], resolve: (r) => r.keys }),
      count: t.field({ type: StatCount, resolve: (r) => r.count }),
      suspected: t.expose('suspected', { type: 'Money', nullable: true }),
      defrauded: t.expose('defrauded', { type: 'Money', nullable: true }),
      recovered: t.expose('recovered', { type: 'Money', nullable: true }),
      returned: t.expose('returned', { type: 'Money', nullable: true }),
    }),
  });
  const Funnel = builder.objectRef<FunnelStep>('FunnelStep').implement({
    fields: (t) => ({
      stage: t.expose('stage', { type: enumOf(builder, FUNNEL_STAGES) }),
      count: t.field({ type: StatCount, resolve: (f) => f.count }),
      conversion: t.exposeFloat('conversion', { nullable: true, description: 'Share of the stage before, 0–1.' }),
      medianDays: t.exposeFloat('medianDays', { nullable: true, description: 'Median days from the stage before.' }),
    }),
  });
  const ClockKey = builder.objectRef<ClockStatRow['keys'][number]>('ClockStatKey').implement({
    fields: (t) => ({
      dimension: t.expose('dimension', { type: ClockDimension }),
      value: t.exposeString('value'),
      label: t.exposeString('label'),
    }),
  });
  const ClockRow = builder.objectRef<ClockStatRow>('ClockStatRow').implement({
    fields: (t) => ({
      keys: t.field({ type: [ClockKey], resolve: (r) => r.keys }),
      total: t.field({ type: StatCount, resolve: (r) => r.total }),
      met: t.field({ type: StatCount, resolve: (r) => r.met }),
      missed: t.field({ type: StatCount, resolve: (r) => r.missed }),
      open: t.field({ type: StatCount, resolve: (r) => r.open }),
    }),
  });
  const NotificationRow = builder.objectRef<NotificationStatRow>('NotificationStatRow').implement({
    fields: (t) => ({
      agencyId: t.id({ resolve: (r) => r.agency.id }),
      agencyName: t.string({ resolve: (r) => r.agency.label }),
      delivered: t.field({ type: StatCount, resolve: (r) => r.delivered }),
      acknowledged: t.field({ type: StatCount, resolve: (r) => r.acknowledged }),
      unacknowledged: t.field({ type: StatCount, resolve: (r) => r.unacknowledged }),
      late: t.field({ type: StatCount, resolve: (r) => r.late }),
    }),
  });
  const PenaltyRow = builder.objectRef<PenaltyStatRow>('PenaltyStatRow').implement({
    description: 'The bureau’s decisions (A1) in a county, and what was paid and returned under decisions (A3).',
    fields: (t) => ({
      regionCode: t.string({ resolve: (r) => r.region.code }),
      regionName: t.string({ resolve: (r) => r.region.label }),
      penalised: t.field({ type: StatCount, resolve: (r) => r.penalised }),
      notPenalised: t.field({ type: StatCount, resolve: (r) => r.notPenalised }),
      agreement: t.field({ type: StatCount, resolve: (r) => r.agreement }),
      fined: t.expose('fined', { type: 'Money', nullable: true }),
      orderedReturn: t.expose('orderedReturn', { type: 'Money', nullable: true }),
      finePaid: t.expose('finePaid', { type: 'Money', nullable: true }),
      returned: t.expose('returned', { type: 'Money', nullable: true }),
    }),
  });
  const PenaltyInsteadRow = builder.objectRef<PenaltyInsteadStatRow>('PenaltyInsteadStatRow').implement({
    description:
      '以罚代刑 in a county: matters at or above the province’s threshold, penalised, handled under the agreement or refused a transfer, and never transferred, at the end of the period.',
    fields: (t) => ({
      regionCode: t.string({ resolve: (r) => r.region.code }),
      regionName: t.string({ resolve: (r) => r.region.label }),
      matters: t.field({ type: StatCount, resolve: (r) => r.matters }),
    }),
  });
  const Statistics = builder.objectRef<StatScope>('Statistics').implement({
    description: 'Statistics of the divisions under `region`, from `from` to `to` (Asia/Shanghai days, both included).',
    fields: (t) => ({
      region: t.exposeString('region'),
      from: t.exposeString('from'),
      to: t.exposeString('to'),
      counts: t.field({
        type: [Row],
        description: 'Leads by the day received, or matters by the day opened, grouped by up to three dimensions.',
        args: {
          of: t.arg({ type: enumOf(builder, STAT_SUBJECTS), required: true }),
          groupBy: t.arg({ type: [Dimension], required: true }),
          regionLevel: t.arg({ type: enumOf(builder, AGENCY_LEVELS), description: 'For REGION: COUNTY unless set.' }),
        },
        resolve: (scope, args, ctx) => statCounts(ctx, scope, args.of, args.groupBy, args.regionLevel ?? 'COUNTY'),
      }),
      funnel: t.field({ type: [Funnel], resolve: (scope, _a, ctx) => funnel(ctx, scope) }),
      clocks: t.field({
        type: [ClockRow],
        description: 'Statutory clocks started in the period: met, missed and open, by step and/or agency.',
        args: { groupBy: t.arg({ type: [ClockDimension], required: true }) },
        resolve: (scope, args, ctx) => clockStatistics(ctx, scope, args.groupBy),
      }),
      notifications: t.field({
        type: [NotificationRow],
        description: 'Outcome notifications sent in the period, by the sending agency.',
        resolve: (scope, _a, ctx) => notificationStatistics(ctx, scope),
      }),
      penalties: t.field({
        type: [PenaltyRow],
        description:
          'The bureau’s decisions dated in the period by county, their fines and amounts ordered back; fines paid and money returned in the period.',
        resolve: (scope, _a, ctx) => penaltyStatistics(ctx, scope),
      }),
      penaltyInsteadOfProsecution: t.field({
        type: [PenaltyInsteadRow],
        description:
          'The 以罚代刑 indicator by county: matters at or above the threshold dealt with administratively and never transferred.',
        resolve: (scope, _a, ctx) => penaltyInsteadStatistics(ctx, scope),
      }),
    }),
  });
  for (const type of [
    'StatCount',
    'StatKey',
    'StatRow',
    'FunnelStep',
    'ClockStatKey',
    'ClockStatRow',
    'NotificationStatRow',
    'PenaltyStatRow',
    'PenaltyInsteadStatRow',
    'Statistics',
  ])
    guardType(builder, type, guardedByParent);
  builder.queryField('statistics', (t) =>
    t.field({
      type: Statistics,
      args: {
        region: t.arg.string({ required: true }),
        from: t.arg.string({ required: true }),
        to: t.arg.string({ required: true }),
      },
      resolve: (_r, args, ctx) => statScope(ctx, args),
    }),
  );
  guardFields(builder, 'Query', { statistics: allowed('statistics:read') });
}
