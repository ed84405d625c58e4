import { type SQL, sql } from 'drizzle-orm';
import type { Settings } from '../../auth/context.ts';
import type { Db } from '../../db/client.ts';
import { rowsOf, timestamptz } from '../../db/rows.ts';
import { STAGES } from '../../domain/codes.ts';
import type { Cell, ReportColumn, ReportContent, ReportSection } from '../../domain/reports.ts';
import { monthDays } from '../../domain/reports.ts';
import { fromCents, toCents } from '../../domain/validate.ts';
import {
  clockStatistics,
  notificationStatistics,
  type PenaltyInsteadHandling,
  penaltyInsteadOfProsecution,
  penaltyStatistics,
  type StatContext,
  type StatScope,
  scopeOf,
  statCounts,
} from '../statistics.ts';
import { moneyAggregates, stepColumns } from '../steps/amounts.ts';
import { judgmentRecord } from '../steps/judgment.ts';

/**
 * The monthly report of a region (J 四(三)): what happened in its divisions in the month, section by section. The
 * sections that statistics also answer (leads, cases, clocks, notifications) are built by the same functions, with no
 * disclosure control: the report goes to superior departments, and names matters by control number, never a person.
 */

const col = (key: string, header: string, kind: ReportColumn['kind'] = 'TEXT'): ReportColumn => ({ key, header, kind });

const iso = timestamptz;

/** Exact sums of the COUNT and MONEY columns; TEXT columns are blank but the first, which says 合计. */
function totalsOf(columns: ReportColumn[], rows: Cell[][]): Cell[] {
  return columns.map((column, i) => {
    if (column.kind === 'COUNT') return rows.reduce<number>((sum, row) => sum + Number(row[i] ?? 0), 0);
    if (column.kind === 'MONEY') {
      return fromCents(rows.reduce((sum, row) => sum + toCents(String(row[i] ?? '0')), 0n));
    }
    return i === 0 ? '合计' : null;
  });
}

function section(
  key: string,
  title: string,
  columns: ReportColumn[],
  rows: Cell[][],
  withTotals = true,
): ReportSection {
  return { key, title, columns, rows, totals: withTotals ? totalsOf(columns, rows) : null };
}

/** Which steps of the month a row of the procedure section counts: by action, and by the stage it left. */
const PROCEDURE_ROWS: { label: string; action?: string; stage?: string }[] = [
  { label: '移送公安机关', action: 'transferToPolice' },
  { label: '公安机关接受移送', action: 'acceptTransfer' },
  { label: '要求补正材料', action: 'requestSupplement' },
  { label: '移送有管辖权的公安机关', action: 'forwardTransfer' },
  { label: '决定立案', stage: 'FILING_DECIDED' },
  { label: '决定不予立案', stage: 'NON_FILING_DECIDED' },
  { label: '书面通知医保部门（立案、不予立案）', action: 'notifyFilingDecision' },
  { label: '申请复议', action: 'requestReconsideration' },
  { label: '复议维持不予立案', action: 'decideReconsideration', stage: 'RECONSIDERATION_UPHELD' },
  { label: '复议后立案', action: 'decideReconsideration', stage: 'FILED' },
  { label: '提请立案监督', action: 'requestFilingSupervision' },
  { label: '检察院要求说明不立案理由', action: 'requestNonFilingReasons' },
  { label: '检察院认为不立案理由成立', action: 'upholdNonFilingReasons' },
  { label: '检察院通知立案', action: 'orderFiling' },
  { label: '通知立案后立案', action: 'fileAfterOrder' },
  { label: '移送审查起诉', action: 'sendForProsecution' },
  { label: '提起公诉', action: 'prosecute' },
  { label: '不起诉', action: 'declineProsecution' },
  { label: '撤销案件', action: 'withdrawCase' },
  { label: '移送医保部门行政处理', action: 'backTransferToBureau' },
  { label: '医保部门后续行政处理', action: 'recordAdministrativeFollowUp' },
  { label: '一审、二审判决', action: 'recordJudgment' },
  { label: '判决生效', action: 'recordJudgmentEffective' },
];

type StepRow = { action: string; stage_after: string | null; n: number; suspected: string };

/** Builds the report of `region` for `month` from the live data. */
export async function buildMonthlyReport(
  db: Db,
  settings: Settings,
  region: { code: string; name: string },
  month: string,
): Promise<ReportContent> {
  const { from, to } = monthDays(month);
  const scope: StatScope = scopeOf(region.code, from, to);
  const stats: StatContext = { db, settings: { ...settings, sdcThreshold: 0 } };
  const sections: ReportSection[] = [];
  const inRegion = sql`m.region_code like ${scope.prefix}`;
  const inMonth = (column: SQL) => sql`${column} >= ${iso(scope.fromAt)} and ${column} < ${iso(scope.toAt)}`;

  const bySource = await statCounts(stats, scope, 'LEADS', ['SOURCE']);
  sections.push(
    section(
      'leads_by_source',
      '一、线索来源',
      [col('source', '线索来源'), col('leads', '线索数', 'COUNT'), col('suspected', '涉嫌金额（元）', 'MONEY')],
      bySource.map((r) => [r.keys[0].label, r.count.value, r.suspected]),
    ),
  );
  const byBehaviour = await statCounts(stats, scope, 'LEADS', ['BEHAVIOUR']);
  sections.push(
    section(
      'leads_by_behaviour',
      '二、线索涉及的骗保行为（一条线索可涉及多种行为，不合计）',
      [col('behaviour', '骗保行为'), col('leads', '线索数', 'COUNT'), col('suspected', '涉嫌金额（元）', 'MONEY')],
      byBehaviour.map((r) => [r.keys[0].label, r.count.value, r.suspected]),
      false,
    ),
  );
  const cases = await statCounts(stats, scope, 'MATTERS', ['REGION']);
  sections.push(
    section(
      'cases_opened',
      '三、行政立案',
      [col('region', '地区'), col('cases', '立案数', 'COUNT'), col('suspected', '涉嫌金额（元）', 'MONEY')],
      cases.map((r) => [r.keys[0].label, r.count.value, r.suspected]),
    ),
  );

  const steps = await rowsOf<StepRow>(
    db,
    sql`select s.action, s.stage_after, count(*)::int as n, coalesce(sum(l.suspected_amount), 0)::numeric(20,2)::text as suspected
        from shared.steps s join shared.matters m on m.id = s.matter_id join mib.leads l on l.id = m.lead_id
        where ${inRegion} and ${inMonth(sql`s.taken_at`)} group by s.action, s.stage_after`,
  );
  sections.push(
    section(
      'procedure',
      '四、移送、受理、立案、复议、立案监督、起诉与审判环节（本月办理）',
      [col('step', '环节'), col('count', '件数', 'COUNT'), col('suspected', '涉嫌金额（元）', 'MONEY')],
      PROCEDURE_ROWS.map(({ label, action, stage }) => {
        const hits = steps.filter((s) => (!action || s.action === action) && (!stage || s.stage_after === stage));
        const cents = hits.reduce((sum, h) => sum + toCents(h.suspected), 0n);
        return [label, hits.reduce((n, h) => n + h.n, 0), fromCents(cents)];
      }),
      false,
    ),
  );

  const judgments = await rowsOf<{ court: string; detail: unknown }>(
    db,
    sql`select a.name as court, s.detail from shared.steps s join shared.matters m on m.id = s.matter_id
        join shared.agencies a on a.id = s.agency_id
        where s.action = 'recordJudgment' and ${inRegion} and ${inMonth(sql`s.taken_at`)} order by a.name`,
  );
  const courts = new Map<
    string,
    { judgments: number; defendants: number; guilty: number; months: number; fines: bigint }
  >();
  for (const j of judgments) {
    const c = courts.get(j.court) ?? { judgments: 0, defendants: 0, guilty: 0, months: 0, fines: 0n };
    c.judgments += 1;
    for (const d of judgmentRecord.read(j.detail).defendants) {
      c.defendants += 1;
      if (d.verdict !== 'NOT_GUILTY') c.guilty += 1;
      c.months += d.imprisonmentMonths ?? 0;
      c.fines += d.fine ? toCents(d.fine) : 0n;
    }
    courts.set(j.court, c);
  }
  sections.push(
    section(
      'judgments',
      '五、判决',
      [
        col('court', '人民法院'),
        col('judgments', '判决件数', 'COUNT'),
        col('defendants', '被告人数', 'COUNT'),
        col('guilty', '判决有罪人数', 'COUNT'),
        col('months', '判处有期徒刑合计（月）', 'COUNT'),
        col('fines', '罚金合计（元）', 'MONEY'),
      ],
      [...courts].map(([court, c]) => [court, c.judgments, c.defendants, c.guilty, c.months, fromCents(c.fines)]),
    ),
  );

  const money = moneyAggregates(stepColumns('s'));
  const amounts = await rowsOf<{
    region: string;
    name: string;
    defrauded: string;
    recovered: string;
    returned: string;
  }>(
    db,
    sql`select m.region_code as region, r.name,
          ${money.defrauded}::numeric(20,2)::text as defrauded,
          ${money.recovered}::numeric(20,2)::text as recovered,
          ${money.returned}::numeric(20,2)::text as returned
        from shared.steps s join shared.matters m on m.id = s.matter_id join shared.regions r on r.code = m.region_code
        where ${inRegion} and ${inMonth(sql`s.taken_at`)} and ${money.steps}
        group by m.region_code, r.name order by m.region_code`,
  );
  sections.push(
    section(
      'amounts',
      '六、认定骗取、追回和退回基金的金额（本月记录）',
      [
        col('region', '地区'),
        col('defrauded', '移送审查起诉认定骗取金额（元）', 'MONEY'),
        col('recovered', '追回金额（元）', 'MONEY'),
        col('returned', '退回基金专户金额（元）', 'MONEY'),
      ],
      amounts.map((a) => [a.name, a.defrauded, a.recovered, a.returned]),
    ),
  );

  const clocks = await clockStatistics(stats, scope, ['STEP', 'AGENCY'], scope.toAt);
  sections.push(
    section(
      'clocks',
      '七、法定期限执行情况（本月起算，截至月末）',
      [
        col('step', '程序步骤'),
        col('agency', '承办机关'),
        col('total', '期限数', 'COUNT'),
        col('met', '按期办结', 'COUNT'),
        col('missed', '超期', 'COUNT'),
        col('open', '在办未到期', 'COUNT'),
      ],
      clocks.map((c) => [
        `${c.keys[0].value} ${c.keys[0].label}`,
        c.keys[1].label,
        c.total.value,
        c.met.value,
        c.missed.value,
        c.open.value,
      ]),
    ),
  );
  const overdue = await rowsOf<{
    control_number: string;
    code: string;
    agency: string;
    due_at: Date | string;
    days: number;
  }>(
    db,
    sql`select m.control_number, c.code, a.name as agency, c.due_at,
          floor(extract(epoch from ${iso(scope.toAt)} - c.due_at) / 86400)::int as days
        from shared.clocks c join shared.matters m on m.id = c.matter_id join shared.agencies a on a.id = c.agency_id
        where ${inRegion} and not c.optional and c.due_at < ${iso(scope.toAt)}
          and (c.closed_at is null or c.closed_at >= ${iso(scope.toAt)})
        order by c.due_at, m.control_number`,
  );
  sections.push(
    section(
      'overdue',
      '八、截至月末逾期未办的职责',
      [
        col('matter', '案件编号'),
        col('step', '程序步骤'),
        col('agency', '承办机关'),
        col('due', '期限（北京时间）'),
        col('days', '逾期天数', 'COUNT'),
      ],
      overdue.map((o) => [
        o.control_number,
        o.code,
        o.agency,
        new Date(new Date(o.due_at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
        o.days,
      ]),
      false,
    ),
  );

  const notifications = await notificationStatistics(stats, scope);
  sections.push(
    section(
      'notifications',
      '九、办理结果通知医保部门情况',
      [
        col('agency', '通知机关'),
        col('delivered', '送达', 'COUNT'),
        col('acknowledged', '已确认收到', 'COUNT'),
        col('unacknowledged', '未确认', 'COUNT'),
        col('late', '超过法定期限', 'COUNT'),
      ],
      notifications.map((n) => [
        n.agency.label,
        n.delivered.value,
        n.acknowledged.value,
        n.unacknowledged.value,
        n.late.value,
      ]),
    ),
  );

  const stageAtEnd = (matter: SQL) =>
    sql`(select s.stage_after from shared.steps s where s.matter_id = ${matter} and s.taken_at < ${iso(scope.toAt)} and s.stage_after is not null order by s.taken_at desc limit 1)`;
  const dual = await rowsOf<{
    control_number: string;
    title: string;
    stage: string | null;
    listed: Date | string;
    steps: number;
  }>(
    db,
    sql`select m.control_number, m.title, ${stageAtEnd(sql`m.id`)} as stage, m.dual_listed_at as listed,
          (select count(*)::int from shared.steps s where s.matter_id = m.id and ${inMonth(sql`s.taken_at`)}) as steps
        from shared.matters m where ${inRegion} and m.dual_listed_at < ${iso(scope.toAt)} order by m.dual_listed_at`,
  );
  sections.push(
    section(
      'dual_listed',
      '十、双挂牌督办案件及进展',
      [
        col('matter', '案件编号'),
        col('title', '案件名称'),
        col('stage', '月末所处阶段'),
        col('listed', '挂牌日期'),
        col('steps', '本月办理步骤', 'COUNT'),
      ],
      dual.map((d) => [
        d.control_number,
        d.title,
        d.stage ? STAGES.labels[d.stage as keyof typeof STAGES.labels] : null,
        new Date(new Date(d.listed).getTime() + 8 * 3600_000).toISOString().slice(0, 10),
        d.steps,
      ]),
      false,
    ),
  );

  const instead = await penaltyInsteadOfProsecution(db, scope);
  const handlingLabel: Record<PenaltyInsteadHandling, string> = {
    PENALISED: '已作出行政处罚决定',
    AGREEMENT: '已按服务协议处理',
    TRANSFER_REFUSED: '负责人不批准移送',
  };
  sections.push(
    section(
      'penalty_instead_of_prosecution',
      '十一、以罚代刑预警：涉嫌金额达到入罪标准、未移送即作行政处理的案件（J 一）',
      [
        col('matter', '案件编号'),
        col('title', '案件名称'),
        col('agency', '医保部门'),
        col('suspected', '涉嫌金额（元）', 'MONEY'),
        col('threshold', '本省入罪标准（元）', 'MONEY'),
        col('handling', '行政处理情况'),
      ],
      instead.map((i) => [i.controlNumber, i.title, i.agency, i.suspected, i.threshold, handlingLabel[i.handling]]),
      false,
    ),
  );

  const penalties = await penaltyStatistics(stats, scope);
  sections.push(
    section(
      'administrative_penalties',
      '十二、医保部门行政处理（本月作出的决定；本月缴纳的罚款和退回基金的金额）',
      [
        col('region', '地区'),
        col('penalised', '行政处罚决定', 'COUNT'),
        col('not_penalised', '不予行政处罚', 'COUNT'),
        col('agreement', '协议处理', 'COUNT'),
        col('fined', '罚款金额（元）', 'MONEY'),
        col('ordered_return', '责令退回金额（元）', 'MONEY'),
        col('fine_paid', '罚款缴纳（元）', 'MONEY'),
        col('returned', '退回基金（元）', 'MONEY'),
      ],
      penalties.map((p) => [
        p.region.label,
        p.penalised.value,
        p.notPenalised.value,
        p.agreement.value,
        p.fined,
        p.orderedReturn,
        p.finePaid,
        p.returned,
      ]),
    ),
  );
  return { region, month, from, to, sections };
}
