import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type AgencyRecord, agencyRecord, type PersonRecord, personRecord } from '../../domain/registry.ts';

/**
 * The registry's file format, for `npm run registry -- import FILE` (CSV in UTF-8, with or without BOM, or the first
 * sheet of an XLSX workbook): a header row, then one row per agency or person, told apart by `record`.
 * Positions are separated by `;`; each certificate is `NUMBER:VALID_FROM:VALID_TO`, also separated by `;`.
 */
export const REGISTRY_COLUMNS = [
  'record',
  'id',
  'kind',
  'level',
  'division_code',
  'parent_id',
  'name',
  'short_name',
  'agency_id',
  'issuer',
  'subject',
  'positions',
  'certificates',
  'active_from',
  'active_to',
] as const;
type Column = (typeof REGISTRY_COLUMNS)[number];

/** A bad row: its line in the file (the header is line 1) and the column at fault. */
export interface FileProblem {
  line: number;
  field: string;
  message: string;
}

export interface RegistryFile {
  agencies: { line: number; record: AgencyRecord }[];
  people: { line: number; record: PersonRecord }[];
  problems: FileProblem[];
}

/** Field names of the records, as the file's columns spell them. */
const COLUMN_OF: Record<string, Column> = {
  divisionCode: 'division_code',
  parentId: 'parent_id',
  shortName: 'short_name',
  agencyId: 'agency_id',
  activeFrom: 'active_from',
  activeTo: 'active_to',
};

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

async function sheetOf(path: string): Promise<ExcelJS.Worksheet> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  if (/\.xlsx$/i.test(path)) {
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error(`${path} has no sheet`);
    return sheet;
  }
  if (!/\.csv$/i.test(path)) throw new Error(`${path}: the registry is imported from .csv or .xlsx`);
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  // Every cell stays text: exceljs would otherwise turn 220000 into a number and 2026-01-01 into a date.
  return workbook.csv.read(Readable.from([text]), { map: (value: string) => value });
}

/** Reads and checks every row of a registry file; the rules between rows are checked later, with the registry. */
export async function readRegistryFile(path: string): Promise<RegistryFile> {
  const sheet = await sheetOf(path);
  const result: RegistryFile = { agencies: [], people: [], problems: [] };
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
  const missing = REGISTRY_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    result.problems.push({ line: 1, field: missing.join(', '), message: `the header lacks ${missing.join(', ')}` });
    return result;
  }
  const unknown = header.filter((c) => c && !REGISTRY_COLUMNS.includes(c as Column));
  if (unknown.length)
    result.problems.push({ line: 1, field: unknown.join(', '), message: `unknown column ${unknown.join(', ')}` });
  const seen = new Map<string, number>();
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    const cell = (column: Column) => cellText(values[header.indexOf(column)]).trim();
    if (REGISTRY_COLUMNS.every((c) => cell(c) === '')) return;
    const problem = (field: string, message: string) => result.problems.push({ line, field, message });
    const kind = cell('record');
    const id = cell('id');
    const earlier = seen.get(`${kind}:${id}`);
    if (id && earlier) {
      // The first row with an id stands for it in the checks between rows; a repeat is only reported.
      problem('id', `${id} is also on line ${earlier}`);
      return;
    }
    seen.set(`${kind}:${id}`, line);
    const parse = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> | undefined => {
      const parsed = schema.safeParse(input);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        const [first, ...rest] = issue.path.map(String);
        const column = COLUMN_OF[first] ?? first;
        problem([column, ...rest].join('.'), issue.message);
      }
      return undefined;
    };
    if (kind === 'agency') {
      const record = parse(agencyRecord, {
        id,
        kind: cell('kind'),
        level: cell('level'),
        divisionCode: cell('division_code'),
        parentId: cell('parent_id') || null,
        name: cell('name'),
        shortName: cell('short_name'),
      });
      if (record) result.agencies.push({ line, record });
    } else if (kind === 'person') {
      const certificates = cell('certificates')
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean)
        .map((text) => {
          const [number, validFrom, validTo, ...rest] = text.split(':');
          return rest.length ? { number: text, validFrom: '', validTo: '' } : { number, validFrom, validTo };
        });
      const record = parse(personRecord, {
        id,
        agencyId: cell('agency_id'),
        name: cell('name'),
        issuer: cell('issuer'),
        subject: cell('subject'),
        positions: cell('positions')
          .split(';')
          .map((p) => p.trim())
          .filter(Boolean),
        certificates,
        activeFrom: cell('active_from'),
        activeTo: cell('active_to') || null,
      });
      if (record) result.people.push({ line, record });
    } else problem('record', `must be agency or person, not "${kind}"`);
  });
  return result;
}
