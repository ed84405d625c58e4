import { type SQL, sql } from 'drizzle-orm';
import { batched, type Context } from '../../auth/context.ts';
import { anyOf } from '../../db/any-of.ts';
import type { Db } from '../../db/client.ts';
import { steps } from '../../db/schema.ts';
import type { CodeOf, PROCEEDS_KINDS } from '../../domain/codes.ts';
import type { ProceedsRecord } from './proceeds.ts';
import type { FundReturnRecord } from './return-to-fund.ts';
import type { ProsecutionOpinionRecord } from './send-for-prosecution.ts';

/**
 * The money a matter's steps record, read back from their records in one place: the amount defrauded as the police
 * send it for prosecution (send-for-prosecution.ts), the property recovered (proceeds.ts, G §20–§22) and the money
 * returned to the fund (return-to-fund.ts, J 四(二)). The keys are the records' own types: renaming a stored field
 * fails the type check here. Matters, statistics and the monthly report all read the amounts through this module.
 */

export const MONEY_STEPS = ['SEND_FOR_PROSECUTION', 'PROCEEDS', 'RETURN_TO_FUND'] as const;

/** Recovered property that counts as money recovered; seized, frozen and the like do not. */
const RECOVERED: CodeOf<typeof PROCEEDS_KINDS>[] = ['RECOVERED', 'EQUIVALENT_RECOVERED'];

/** Where a query finds a step's code, record and time: drizzle's columns, or an alias's in hand-written SQL. */
export interface StepColumns {
  code: SQL | typeof steps.code;
  detail: SQL | typeof steps.detail;
  takenAt: SQL | typeof steps.takenAt;
}

const STEPS: StepColumns = { code: steps.code, detail: steps.detail, takenAt: steps.takenAt };

/** `alias.code`, `alias.detail`, `alias.taken_at` (no alias: the bare column names). */
export const stepColumns = (alias?: string): StepColumns => {
  const at = alias ? `${alias}.` : '';
  return { code: sql.raw(`${at}code`), detail: sql.raw(`${at}detail`), takenAt: sql.raw(`${at}taken_at`) };
};

const stored = <R>(s: StepColumns, key: keyof R & string) => sql`(${s.detail}->>${sql.raw(`'${key}'`)})`;

/** SQL aggregates over a matter's (or a month's) steps: exact numerics, zero where nothing was recorded. */
export function moneyAggregates(s: StepColumns = STEPS) {
  const recovered = sql.join(
    RECOVERED.map((kind) => sql.raw(`'${kind}'`)),
    sql`, `,
  );
  return {
    /** The latest amount sent for prosecution, as recorded (text), or null. */
    latestDefrauded: sql`(array_agg(${stored<ProsecutionOpinionRecord>(s, 'amountDefrauded')} order by ${s.takenAt} desc) filter (where ${s.code} = 'SEND_FOR_PROSECUTION'))[1]`,
    /** Every amount sent for prosecution, summed. */
    defrauded: sql`coalesce(sum(${stored<ProsecutionOpinionRecord>(s, 'amountDefrauded')}::numeric) filter (where ${s.code} = 'SEND_FOR_PROSECUTION'), 0)`,
    recovered: sql`coalesce(sum(${stored<ProceedsRecord>(s, 'amount')}::numeric) filter (where ${s.code} = 'PROCEEDS' and ${stored<ProceedsRecord>(s, 'kind')} in (${recovered})), 0)`,
    returned: sql`coalesce(sum(${stored<FundReturnRecord>(s, 'amount')}::numeric) filter (where ${s.code} = 'RETURN_TO_FUND'), 0)`,
    /** The steps that record money, for a where clause. */
    steps: sql`${s.code} in (${sql.join(
      MONEY_STEPS.map((code) => sql.raw(`'${code}'`)),
      sql`, `,
    )})`,
  };
}

export interface Amounts {
  matterId: string;
  defrauded: string | null;
  recovered: string;
  returned: string;
}

/** Per matter, exact: amount defrauded (as last sent for prosecution), recovered, returned to the fund. */
export async function matterAmounts(db: Db, matterIds: readonly string[]): Promise<Amounts[]> {
  const money = moneyAggregates();
  const rows = await db
    .select({
      matterId: steps.matterId,
      defrauded: sql<string | null>`${money.latestDefrauded}`,
      recovered: sql<string>`round(${money.recovered}, 2)::text`,
      returned: sql<string>`round(${money.returned}, 2)::text`,
    })
    .from(steps)
    .where(anyOf(steps.matterId, matterIds))
    .groupBy(steps.matterId);
  return matterIds.map(
    (matterId) =>
      rows.find((r) => r.matterId === matterId) ?? { matterId, defrauded: null, recovered: '0.00', returned: '0.00' },
  );
}

export const amountsOf = (ctx: Context, matterId: string) =>
  batched<string, Amounts>(ctx, 'amounts', (ids) => matterAmounts(ctx.db, ids)).load(matterId);
