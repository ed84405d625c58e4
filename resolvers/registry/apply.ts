import { eq, sql } from 'drizzle-orm';
import { anyOf } from '../../db/any-of.ts';
import { type AuditActor, recordAudit } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { agencies, certificates, people, regions } from '../../db/schema.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import {
  type AgencyRecord,
  checkRegistry,
  type PersonRecord,
  type RegistryProblem,
  type RegistryView,
} from '../../domain/registry.ts';

export interface RegistryChange {
  agencies: AgencyRecord[];
  people: PersonRecord[];
}

export interface PlannedChange {
  type: 'Agency' | 'Person';
  id: string;
  change: 'ADDED' | 'CHANGED' | 'UNCHANGED';
  /** What changes, for a CHANGED record. */
  fields: string[];
}

export interface RegistryPlan {
  problems: RegistryProblem[];
  changes: PlannedChange[];
  incoming: RegistryChange;
}

type AgencyRow = typeof agencies.$inferSelect;
type PersonRow = typeof people.$inferSelect;
type CertificateRow = typeof certificates.$inferSelect;

export const agencyRecordOf = (row: AgencyRow): AgencyRecord & { deactivated: boolean } => ({
  id: row.id,
  kind: row.kind,
  level: row.level,
  divisionCode: row.divisionCode,
  parentId: row.parentId,
  name: row.name,
  shortName: row.shortName,
  deactivated: !!row.deactivatedAt,
});

export const personRecordOf = (
  row: PersonRow,
  held: readonly CertificateRow[],
): PersonRecord & { deactivated: boolean } => ({
  id: row.id,
  agencyId: row.agencyId,
  name: row.name,
  issuer: row.issuer,
  subject: row.subject,
  positions: row.positions,
  certificates: held
    .filter((c) => c.personId === row.id)
    .map((c) => ({ number: c.number, validFrom: c.validFrom, validTo: c.validTo }))
    .sort((a, b) => (a.number < b.number ? -1 : 1)),
  activeFrom: row.activeFrom,
  activeTo: row.activeTo,
  deactivated: !!row.deactivatedAt,
});

/**
 * The part of the registry a change can clash with: every agency (a few thousand nationally), and the people the
 * change names, shares an identity with or shares a certificate with.
 */
async function registryAround(db: Db, change: RegistryChange): Promise<RegistryView> {
  const agencyRows = await db.select().from(agencies);
  const ids = change.people.map((p) => p.id);
  const subjects = change.people.map((p) => p.subject);
  const numbers = change.people.flatMap((p) => p.certificates.map((c) => c.number));
  const personRows = await db
    .select()
    .from(people)
    .where(
      sql`${anyOf(people.id, ids)} or ${anyOf(people.subject, subjects)} or ${people.id} in (select ${certificates.personId} from ${certificates} where ${anyOf(certificates.number, numbers)})`,
    );
  const held = await db
    .select()
    .from(certificates)
    .where(
      anyOf(
        certificates.personId,
        personRows.map((p) => p.id),
      ),
    );
  return {
    agencies: new Map(agencyRows.map((row) => [row.id, agencyRecordOf(row)])),
    people: new Map(personRows.map((row) => [row.id, personRecordOf(row, held)])),
  };
}

function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as (keyof T)[])
    .filter((key) => key !== 'deactivated' && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map(String);
}

const isPerson = (record: object): record is PersonRecord => 'certificates' in record;

/** What `change` would do to the registry, and every rule it would break. Writes nothing. */
export async function planRegistry(db: Db, change: RegistryChange): Promise<RegistryPlan> {
  const view = await registryAround(db, change);
  const changes: PlannedChange[] = [];
  const plan = <R extends { id: string }>(type: PlannedChange['type'], map: Map<string, R>, record: R) => {
    const before = map.get(record.id);
    const normalised = isPerson(record)
      ? { ...record, certificates: [...record.certificates].sort((a, b) => (a.number < b.number ? -1 : 1)) }
      : record;
    const fields = before ? changedFields(before, normalised) : [];
    changes.push({ type, id: record.id, change: before ? (fields.length ? 'CHANGED' : 'UNCHANGED') : 'ADDED', fields });
    map.set(record.id, { ...before, ...normalised });
  };
  for (const agency of change.agencies) plan('Agency', view.agencies, agency);
  for (const person of change.people) plan('Person', view.people, person);
  const codes = [...new Set(change.agencies.map((a) => a.divisionCode))];
  const known = new Set(
    (await db.select({ code: regions.code }).from(regions).where(anyOf(regions.code, codes))).map((r) => r.code),
  );
  const ids = new Set(changes.filter((c) => c.change !== 'UNCHANGED').map((c) => c.id));
  const problems = checkRegistry(view, (code) => known.has(code), ids);
  return { problems, changes, incoming: change };
}

/** Writes a plan that has no problems, with one audit entry per record it adds or changes. Call it in a transaction. */
export async function writeRegistry(tx: Db, plan: RegistryPlan, actor: AuditActor | null, via: 'API' | 'IMPORT') {
  if (plan.problems.length) throw new Error('a registry plan with problems is never written');
  const changed = (type: PlannedChange['type'], id: string) =>
    plan.changes.some((c) => c.type === type && c.id === id && c.change !== 'UNCHANGED');
  // Parents first, so that a file may list an agency before or after its parent.
  const order = (a: AgencyRecord) => ({ PROVINCE: 0, CITY: 1, COUNTY: 2 })[a.level];
  for (const agency of [...plan.incoming.agencies].sort((a, b) => order(a) - order(b))) {
    if (!changed('Agency', agency.id)) continue;
    await tx.insert(agencies).values(agency).onConflictDoUpdate({ target: agencies.id, set: agency });
  }
  for (const person of plan.incoming.people) {
    if (!changed('Person', person.id)) continue;
    const { certificates: held, ...row } = person;
    await tx.insert(people).values(row).onConflictDoUpdate({ target: people.id, set: row });
    await tx.delete(certificates).where(eq(certificates.personId, person.id));
    if (held.length) await tx.insert(certificates).values(held.map((c) => ({ ...c, personId: person.id })));
  }
  const events: AuditEvent[] = plan.changes
    .filter((c) => c.change !== 'UNCHANGED')
    .map((c) => ({
      action: 'REGISTRY_CHANGED',
      targetType: c.type,
      targetId: c.id,
      detail: { change: c.change === 'ADDED' ? 'ADDED' : 'CHANGED', fields: c.fields, via },
    }));
  await recordAudit(tx, actor, events);
}

/** Deactivates an agency or a person: refused from their next request on, kept for the record. */
export async function deactivate(tx: Db, type: 'Agency' | 'Person', id: string, actor: AuditActor, at = new Date()) {
  const table = type === 'Agency' ? agencies : people;
  const [row] = await tx
    .update(table)
    .set({ deactivatedAt: at })
    .where(sql`${table.id} = ${id} and ${table.deactivatedAt} is null`)
    .returning({ id: table.id });
  if (row)
    await recordAudit(tx, actor, [
      {
        action: 'REGISTRY_CHANGED',
        targetType: type,
        targetId: id,
        detail: { change: 'DEACTIVATED', fields: [], via: 'API' },
      },
    ]);
  return !!row;
}
