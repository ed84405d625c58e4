const SHANGHAI = 8 * 3600_000;

/** The Asia/Shanghai calendar date of an instant, "YYYY-MM-DD". */
export const shanghaiDay = (instant: Date) => new Date(instant.getTime() + SHANGHAI).toISOString().slice(0, 10);
