import { canonicalJson, type DigestAlgorithm, digest } from './crypto.ts';
import { isDivisionCodeShape } from './validate.ts';

/**
 * A monthly report to superior departments (J 四(三)): sections of rows, each cell a count (a whole number), an
 * amount in yuan (an exact decimal string), or text. Frozen as it is, hashed over its canonical JSON.
 */
export type ColumnKind = 'TEXT' | 'COUNT' | 'MONEY';

export interface ReportColumn {
  key: string;
  header: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;

export interface ReportSection {
  key: string;
  title: string;
  columns: ReportColumn[];
  rows: Cell[][];
  /** The sums of COUNT and MONEY columns, when the section has a total. */
  totals: Cell[] | null;
}

export interface ReportContent {
  region: { code: string; name: string };
  month: string;
  /** The period, Asia/Shanghai days, both included. */
  from: string;
  to: string;
  sections: ReportSection[];
}

export interface ReportChange {
  section: string;
  row: string;
  column: string;
  before: string | null;
  after: string | null;
}

/** The digest a revision is known by: of its content's canonical JSON, with the suite's digest unless told. */
export const contentDigest = (content: ReportContent, algorithm?: DigestAlgorithm) =>
  digest(canonicalJson(content), algorithm);

/** The month a report covers: "YYYY-MM", already ended in Asia/Shanghai on `today`. Returns a problem or null. */
export function monthProblem(month: string, today: string): string | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return 'must be a month, YYYY-MM';
  if (month >= today.slice(0, 7)) return `${month} has not ended yet (today is ${today})`;
  if (month < '2000-01') return 'must be 2000-01 or later';
  return null;
}

export const regionProblem = (region: string) =>
  isDivisionCodeShape(region) ? null : 'is not a GB/T 2260 division code (six digits)';

/** The first and last day of a month. */
export function monthDays(month: string) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

const cellText = (cell: Cell) => (cell === null ? null : String(cell));

/** What changed from one revision to the next: every cell that differs, rows matched by their first column. */
export function changesBetween(before: ReportContent, after: ReportContent): ReportChange[] {
  const changes: ReportChange[] = [];
  for (const section of after.sections) {
    const old = before.sections.find((s) => s.key === section.key);
    const oldRows = new Map((old?.rows ?? []).map((r) => [String(r[0]), r]));
    const newRows = new Map(section.rows.map((r) => [String(r[0]), r]));
    for (const [key, row] of newRows) {
      const previous = oldRows.get(key);
      section.columns.forEach((column, i) => {
        if (i === 0 && previous) return;
        const a = previous ? cellText(previous[i]) : null;
        const b = cellText(row[i]);
        if (a !== b) changes.push({ section: section.key, row: key, column: column.key, before: a, after: b });
      });
    }
    for (const [key, row] of oldRows) {
      if (newRows.has(key)) continue;
      for (const [i, column] of section.columns.entries())
        changes.push({ section: section.key, row: key, column: column.key, before: cellText(row[i]), after: null });
    }
  }
  return changes;
}
