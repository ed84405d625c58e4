import { and, eq, isNull, notExists, sql } from 'drizzle-orm';
import { type Job, type JobResult, PgBoss } from 'pg-boss';
import type { Context, Services, Settings } from '../../auth/context.ts';
import { assertCan } from '../../auth/policy.ts';
import type { Database, Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { agencies, reports } from '../../db/schema.ts';
import { divisionPrefix, isWithinDivision } from '../../domain/divisions.ts';
import { invalid } from '../../domain/errors.ts';
import { shanghaiDay } from '../../domain/time.ts';
import { isDivisionCodeShape } from '../../domain/validate.ts';
import { CalendarMissingError, HolidayCalendar } from '../procedure/calendar.ts';
import { deliver, OUTCOMES_CHANNEL, sweepWebhooks, WEBHOOK_QUEUE, WEBHOOK_SWEEP_QUEUE } from '../webhooks.ts';
import { freezeReport } from './monthly.ts';

/**
 * The monthly reports run as jobs in PostgreSQL with pg-boss: a daily schedule (`month-end`) checks whether today is
 * the configured working day after a month ended, and if so queues one `monthly-report` job per region that has an
 * agency; each job freezes its region's report, retried on failure. On PGlite the same queue runs in this process
 * through the embedded database. pg-boss rather than graphile-worker: it keeps cron schedules in the database too (no
 * timer of ours), and takes a database adapter, which is what lets it run on PGlite unchanged.
 */

export const JOB_SCHEMA = 'jobs';
export const MONTH_END_QUEUE = 'month-end';
export const REPORT_QUEUE = 'monthly-report';

const bossOf = (database: Database, options: Record<string, unknown>) =>
  new PgBoss({ ...(database.jobConnection as object), schema: JOB_SCHEMA, ...options } as ConstructorParameters<
    typeof PgBoss
  >[0]);

/**
 * Creates the queue's schema, its two queues and the daily schedule. Run by the database's owner with the migrations
 * (`npm run db:migrate`); the services' role only uses them.
 */
export async function installJobs(database: Database) {
  const boss = bossOf(database, { migrate: true, supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (const name of [MONTH_END_QUEUE, REPORT_QUEUE, WEBHOOK_QUEUE, WEBHOOK_SWEEP_QUEUE]) {
      // A report or a delivery is queued by every worker that finds it due: 'exclusive' keeps one job per key
      // waiting or running. Queues made before with another policy are made again; what they held is found due again
      // by the next sweep or start.
      const policy = name === REPORT_QUEUE || name === WEBHOOK_QUEUE ? 'exclusive' : 'standard';
      const existing = await boss.getQueue(name);
      if (existing && existing.policy !== policy) await boss.deleteQueue(name);
      if (!existing || existing.policy !== policy)
        await boss.createQueue(name, {
          policy,
          retryLimit: 3,
          retryDelay: 60,
          retryBackoff: true,
          expireInSeconds: 900,
        });
    }
    await boss.schedule(MONTH_END_QUEUE, '0 8 * * *', {}, { tz: 'Asia/Shanghai' });
    // Webhooks: every minute, a delivery for each outcome notification an endpoint has not received.
    await boss.schedule(WEBHOOK_SWEEP_QUEUE, '* * * * *', {});
  } finally {
    await boss.stop({ graceful: false });
  }
}

/** The `n`th working day after `month` ends (Asia/Shanghai, the holiday calendar; Monday to Friday where none is published). */
export async function reportDay(db: Db, month: string, n: number): Promise<string> {
  const calendar = await HolidayCalendar.load(db);
  const [y, m] = month.split('-').map(Number);
  let day = new Date(Date.UTC(y, m, 1));
  let counted = 0;
  for (;;) {
    const text = day.toISOString().slice(0, 10);
    let working: boolean;
    try {
      working = calendar.kindOf(text) === 'WORKDAY';
    } catch (error) {
      if (!(error instanceof CalendarMissingError)) throw error;
      working = day.getUTCDay() !== 0 && day.getUTCDay() !== 6;
    }
    if (working && ++counted >= Math.max(1, n)) return text;
    day = new Date(day.getTime() + 86_400_000);
  }
}

const previousMonth = (today: string) => {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Queues the reports of the month just ended once its report day has come: on the day itself by the daily schedule,
 * or at the next start when the hub was down that day. A region whose report for the month exists already is left
 * alone, and a job freezes only a month that has no report yet, so two workers make each report once. `force` queues
 * every region's again (a correction makes a new revision). How many were queued.
 */
export async function queueMonthEnd(db: Db, boss: PgBoss, settings: Settings, today: string, force = false) {
  const month = previousMonth(today);
  if (!force && (await reportDay(db, month, settings.reportWorkday)) > today) return 0;
  const divisions = await db
    .selectDistinct({ code: agencies.divisionCode })
    .from(agencies)
    .where(
      force
        ? isNull(agencies.deactivatedAt)
        : and(
            isNull(agencies.deactivatedAt),
            notExists(
              db
                .select({ id: reports.id })
                .from(reports)
                .where(and(eq(reports.regionCode, agencies.divisionCode), eq(reports.month, month))),
            ),
          ),
    );
  for (const { code } of divisions)
    await boss.send(REPORT_QUEUE, { region: code, month, again: force }, { singletonKey: `${code}:${month}` });
  return divisions.length;
}

/**
 * A queue worked as fast as its jobs come: pg-boss waits its polling interval (2 s) after every fetch, so one job a
 * fetch would make a month-end of N regions take 2N seconds, and a burst of outcomes reach the bureau one every 2 s.
 * A full batch is fetched again at once; the first short one ends the burst.
 */
const AS_THEY_COME = { batchSize: 8, burstWhenBatchFull: true, perJobResults: true } as const;

/** A batch's jobs one after another, each completed or failed (and retried) on its own. */
const eachJob =
  <T>(work: (job: Job<T>) => Promise<unknown>) =>
  async (batch: Job<T>[]): Promise<JobResult[]> => {
    const results: JobResult[] = [];
    for (const job of batch) {
      try {
        results.push({ id: job.id, status: 'completed', output: await work(job) });
      } catch (error) {
        const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
        results.push({ id: job.id, status: 'failed', output: { name, message, stack } });
      }
    }
    return results;
  };

export interface JobRunner {
  boss: PgBoss;
  /** What the minute's webhook schedule does: queues the deliveries due; how many. */
  sweepWebhooks(): Promise<number>;
  /** What the daily schedule does, for `today` (tests, and an operator's catch-up with `force`). */
  monthEnd(today?: string, force?: boolean): Promise<number>;
  stop(): Promise<void>;
}

/** Works the queues in this process until stopped. */
export async function startJobs(
  database: Database,
  { settings, sealer, signer }: Pick<Services, 'settings' | 'sealer' | 'signer'>,
  onError: (error: unknown) => void,
): Promise<JobRunner> {
  const boss = bossOf(database, { migrate: false, supervise: true, schedule: true });
  boss.on('error', onError);
  await boss.start();
  const db = database.db;
  const reportWorker = await boss.work<{ region: string; month: string; again?: boolean }>(
    REPORT_QUEUE,
    AS_THEY_COME,
    eachJob(async (job) => {
      const { report, created } = await freezeReport(
        db,
        { settings, signer },
        { job: true },
        job.data.region,
        job.data.month,
        {
          onlyFirst: !job.data.again,
        },
      );
      return { reportId: report.id, revision: report.revision, created };
    }),
  );
  const deliveryWorker = await boss.work<{ webhookId: string; notificationId: string }>(
    WEBHOOK_QUEUE,
    AS_THEY_COME,
    eachJob((job) => deliver(db, sealer, job.data, job.retryCount + 1)),
  );
  // What is queued here is worked at once, not at the worker's next poll.
  const monthEnd = async (today = shanghaiDay(new Date()), force = false) => {
    const queued = await queueMonthEnd(db, boss, settings, today, force);
    if (queued) boss.notifyWorker(reportWorker);
    return queued;
  };
  const sweep = async () => {
    const queued = await sweepWebhooks(db, boss);
    if (queued) boss.notifyWorker(deliveryWorker);
    return queued;
  };
  await boss.work(MONTH_END_QUEUE, async () => {
    await monthEnd();
  });
  await boss.work(WEBHOOK_SWEEP_QUEUE, async () => {
    await sweep();
  });
  // An outcome told is swept for at once (the minute's schedule stays, for what an outage made this miss); outcomes
  // told during a sweep are swept for once more after it.
  let sweeping: Promise<unknown> | null = null;
  let again = false;
  const sweepNow = () => {
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = sweep()
      .catch(onError)
      .finally(() => {
        sweeping = null;
        if (again) {
          again = false;
          sweepNow();
        }
      });
  };
  const unlisten = await database.listen(OUTCOMES_CHANNEL, sweepNow);
  // A report day that passed while the hub was down: its reports are made now.
  await monthEnd();
  return {
    boss,
    sweepWebhooks: sweep,
    monthEnd,
    stop: async () => {
      await unlisten();
      await sweeping;
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}

export interface ReportJob {
  id: string;
  region: string;
  month: string;
  state: string;
  retries: number;
  createdAt: Date;
  completedAt: Date | null;
  reportId: string | null;
}

/** The report jobs of the regions under `region`, newest first: their state, retries and the report they made. */
export async function reportJobs(ctx: Context, region: string): Promise<ReportJob[]> {
  const viewer = ctx.viewer;
  assertCan(viewer, 'report:read');
  if (!isDivisionCodeShape(region)) throw invalid('region', 'is not a GB/T 2260 division code (six digits)');
  if (!isWithinDivision(region, viewer.agency.divisionCode))
    throw invalid('region', `${region} is outside ${viewer.agency.name}'s division ${viewer.agency.divisionCode}`);
  const rows = await rowsOf<Record<string, unknown>>(
    ctx.db,
    sql`select id::text, data->>'region' as region, data->>'month' as month, state::text, retry_count as retries,
          created_on, completed_on, output->>'reportId' as report_id
        from ${sql.raw(JOB_SCHEMA)}.job where name = ${REPORT_QUEUE} and data->>'region' like ${`${divisionPrefix(region)}%`}
        order by created_on desc limit 200`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    region: String(r.region),
    month: String(r.month),
    state: String(r.state),
    retries: Number(r.retries),
    createdAt: new Date(r.created_on as string),
    completedAt: r.completed_on ? new Date(r.completed_on as string) : null,
    reportId: (r.report_id as string | null) ?? null,
  }));
}
