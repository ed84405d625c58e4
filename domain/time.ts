const SHANGHAI = 8 * 3600_000;

/** The Asia/Shanghai calendar date of an instant, "YYYY-MM-DD". */
export const shanghaiDay = (instant: Date) => new Date(instant.getTime() + SHANGHAI).toISOString().slice(0, 10);

/** A statutory period's unit; WORKING_DAYS are the penalty law's "二日、三日、五日、七日" (行政处罚法 art. 85). */
export const PERIOD_UNITS = ['HOURS', 'DAYS', 'WORKING_DAYS', 'MONTHS'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
