import type { Db } from '../../db/client.ts';
import { type PlannedChange, planRegistry, writeRegistry } from './apply.ts';
import { type FileProblem, readRegistryFile } from './file.ts';

export interface ImportResult {
  /** Every bad row, by line and column; when there is one, nothing was written. */
  problems: FileProblem[];
  changes: PlannedChange[];
  written: boolean;
}

/**
 * Imports a registry file: every row is checked, alone and against the registry as it would be after the import,
 * and either all of it is written, in one transaction with its audit entries, or none of it.
 */
export async function importRegistry(db: Db, path: string, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
  const file = await readRegistryFile(path);
  const incoming = { agencies: file.agencies.map((a) => a.record), people: file.people.map((p) => p.record) };
  const lines = new Map<string, number>([
    ...file.agencies.map((a) => [`Agency:${a.record.id}`, a.line] as const),
    ...file.people.map((p) => [`Person:${p.record.id}`, p.line] as const),
  ]);
  const plan = await planRegistry(db, incoming);
  const lineOf = (id: string) => lines.get(`Agency:${id}`) ?? lines.get(`Person:${id}`) ?? 0;
  const problems = [
    ...file.problems,
    ...plan.problems.map((p) => ({ line: lineOf(p.id), field: p.field, message: p.message })),
  ].sort((a, b) => a.line - b.line);
  if (problems.length || options.dryRun) return { problems, changes: plan.changes, written: false };
  await db.transaction((tx) => writeRegistry(tx, plan, null, 'IMPORT'));
  return { problems, changes: plan.changes, written: true };
}
