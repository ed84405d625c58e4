import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Context, Viewer } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import { agencies, clockRules, clocks, documentCounters, documents, matters, outcomeNotifications, steps } from '../../db/schema.js';
import { isWithinDivision } from '../agencies.js';
import { recordAudit } from '../audit.js';
import { DOCUMENT_KINDS, POSITIONS, STAGES, STEP_CODES, type AgencyKind, type DocumentKind, type Position, type Stage, type StepCode } from '../codes.js';
import { forbidden, HubError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validate.js';
import { currentCalendar, type HolidayCalendar } from './calendar.js';
import { deadline, shanghaiDay } from './deadline.js';

export type MatterRow = typeof matters.$inferSelect;
export type Side = Extract<AgencyKind, 'MIB' | 'POLICE' | 'PROCURATORATE' | 'COURT'>;

/** How a viewer stands to a matter: a party on one side of the procedure, or a supervisor of the region. */
export type MatterAccess = { side: AgencyKind; role: 'PARTY' | 'SUPERVISOR' };

const SIDE_AGENCY: Record<Side, (m: MatterRow) => string | null> = {
  MIB: (m) => m.mibAgencyId,
  POLICE: (m) => m.policeAgencyId,
  PROCURATORATE: (m) => m.procuratorateAgencyId,
  COURT: (m) => m.courtAgencyId,
};

/** Police and procuratorates see a matter once it is transferred, courts once it is prosecuted to one of them. */
const REACHED: Record<Side, (m: MatterRow) => boolean> = {
  MIB: () => true,
  POLICE: (m) => !!m.policeAgencyId,
  PROCURATORATE: (m) => !!m.policeAgencyId,
  COURT: (m) => !!m.courtAgencyId,
};

export function matterAccess(viewer: Viewer | null, matter: MatterRow): MatterAccess | null {
  if (!viewer) return null;
  const kind = viewer.agency.kind;
  if (kind === 'SUPERIOR') {
    const oversees = viewer.position === 'SUPERIOR_REVIEWER' && isWithinDivision(matter.regionCode, viewer.agency.divisionCode);
    return oversees ? { side: 'SUPERIOR', role: 'SUPERVISOR' } : null;
  }
  if (kind !== 'MIB' && kind !== 'POLICE' && kind !== 'PROCURATORATE' && kind !== 'COURT') return null;
  if (viewer.agency.id === matter.dualListingPoliceAgencyId) return { side: 'POLICE', role: 'SUPERVISOR' };
  if (!REACHED[kind](matter)) return null;
  const partyAgency = SIDE_AGENCY[kind](matter);
  if (partyAgency === viewer.agency.id) return { side: kind, role: 'PARTY' };
  if (viewer.agency.level !== 'COUNTY' && isWithinDivision(matter.regionCode, viewer.agency.divisionCode)) return { side: kind, role: 'SUPERVISOR' };
  return null;
}

/** Steps that open a window the actor may use rather than a duty: never reported overdue. */
const OPTIONAL: StepCode[] = ['T5', 'T7', 'T12', 'T14'];

export interface OpenClock {
  code: StepCode;
  agencyId: string;
  variant?: string;
  /** When the period starts; defaults to the step's own time. */
  from?: Date;
}

export interface StepEffect {
  stage?: Stage;
  patch?: Partial<Pick<MatterRow, 'policeAgencyId' | 'procuratorateAgencyId' | 'courtAgencyId' | 'basis' | 'policeCaseNumber' | 'procuratorateCaseNumber' | 'courtCaseNumber' | 'dualListingPoliceAgencyId' | 'dualListingMibHeadId' | 'dualListingPoliceHeadId' | 'dualListedAt'>>;
  open?: OpenClock[];
  /** Codes of open clocks this step ends, besides its own. */
  close?: StepCode[];
  detail?: Record<string, unknown>;
}

export interface StepContext {
  tx: Db;
  ctx: Context;
  viewer: Viewer;
  matter: MatterRow;
  now: Date;
  calendar: HolidayCalendar;
}

export interface StepDef<I extends z.ZodType = z.ZodType> {
  code: StepCode;
  /** The mutation's name, also the step's name in the timeline and the audit log. */
  action: string;
  side: Side;
  positions: Position[];
  from: Stage[];
  input: I;
  /** The document the step issues, numbered in the acting agency's series. */
  document?: DocumentKind | ((input: z.output<I>) => DocumentKind);
  /** The clock whose deadline the step meets or misses, when it is not the step's own (T9 decides within T8). */
  dueBy?: StepCode;
  /** An outcome the MIB that transferred the matter must be told of (G §24 ¶2). */
  notifiesMib?: boolean;
  /** Replaces the default actor check (the acting agency is the matter's party on `side`). */
  actorAllowed?: (s: StepContext) => boolean;
  run: (s: StepContext, input: z.output<I>) => Promise<StepEffect> | StepEffect;
}

/** Keeps each step's input type, so `run` sees the parsed input. */
export const defineStep = <I extends z.ZodType>(def: StepDef<I>) => def as unknown as StepDef;

const stageList = (stages: Stage[]) => stages.map((s) => `${s} (${STAGES.labels[s]})`).join(' or ');

/** The period of a clock from the rule table: the matter's legal basis first, then the standard one. */
export async function clockRule(tx: Db, code: StepCode, basis: MatterRow['basis'], variant = 'STANDARD') {
  const rows = await tx
    .select()
    .from(clockRules)
    .where(and(eq(clockRules.code, code), eq(clockRules.variant, variant), inArray(clockRules.basis, [basis, 'STANDARD'])));
  return rows.find((r) => r.basis === basis) ?? rows.find((r) => r.basis === 'STANDARD');
}

async function openClocks(s: StepContext, opens: OpenClock[], basis: MatterRow['basis']) {
  for (const open of opens) {
    const rule = await clockRule(s.tx, open.code, basis, open.variant);
    if (!rule) throw new Error(`no clock rule for ${open.code}/${open.variant ?? 'STANDARD'}`);
    const from = open.from ?? s.now;
    await s.tx.insert(clocks).values({
      matterId: s.matter.id,
      code: open.code,
      agencyId: open.agencyId,
      startedAt: from,
      dueAt: rule.amount === null ? null : deadline(from, { amount: rule.amount, unit: rule.unit }, s.calendar),
      citation: rule.citation,
      optional: OPTIONAL.includes(open.code),
    });
  }
}

/** The next number in an agency's series for a kind of document and a year: no gaps, no duplicates. */
export async function allocateDocumentNumber(tx: Db, agencyId: string, kind: DocumentKind, at: Date) {
  const year = Number(shanghaiDay(at).slice(0, 4));
  const [counter] = await tx
    .insert(documentCounters)
    .values({ agencyId, year, kind, last: 1 })
    .onConflictDoUpdate({ target: [documentCounters.agencyId, documentCounters.year, documentCounters.kind], set: { last: sql`${documentCounters.last} + 1` } })
    .returning({ last: documentCounters.last });
  const [agency] = await tx.select({ shortName: agencies.shortName }).from(agencies).where(eq(agencies.id, agencyId));
  return `${agency.shortName}${DOCUMENT_KINDS.mark[kind]}〔${year}〕${counter.last}号`;
}

/**
 * Takes one step of the procedure: the actor, the state and the input are checked, then in one transaction the step,
 * its document, its clocks, the matter's new stage, the notification to the bureau and the audit entry are written,
 * or nothing is.
 */
export async function takeStep<I extends z.ZodType>(ctx: Context, def: StepDef<I>, matterId: string, rawInput: unknown, idempotencyKey?: string | null) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('matter');
  if (idempotencyKey != null && !/^[\w-]{8,100}$/.test(idempotencyKey)) throw invalid('idempotencyKey', 'must be 8–100 letters, digits, "-" or "_"');
  const calendar = await currentCalendar(ctx.db);
  return ctx.db.transaction(async (tx) => {
    if (idempotencyKey) {
      const [earlier] = await tx
        .select({ matterId: steps.matterId, action: steps.action })
        .from(steps)
        .where(and(eq(steps.agencyId, viewer.agency.id), eq(steps.idempotencyKey, idempotencyKey)));
      if (earlier && (earlier.matterId !== matterId || earlier.action !== def.action)) {
        throw new HubError('CONFLICT', 'idempotencyKey was already used for another step; use a new key for a new request');
      }
      if (earlier) return (await tx.select().from(matters).where(eq(matters.id, earlier.matterId)))[0];
    }
    const [matter] = /^[0-9a-f-]{36}$/i.test(matterId) ? await tx.select().from(matters).where(eq(matters.id, matterId)).for('update') : [];
    if (!matter || !matterAccess(viewer, matter)) throw notFound('matter');
    const now = new Date();
    const s: StepContext = { tx, ctx, viewer, matter, now, calendar };
    const actorOk = def.actorAllowed ? def.actorAllowed(s) : viewer.agency.kind === def.side && SIDE_AGENCY[def.side](matter) === viewer.agency.id;
    if (!actorOk || !def.positions.includes(viewer.position)) {
      throw forbidden(`${def.code} (${STEP_CODES.labels[def.code]}) is taken by ${def.positions.map((p) => POSITIONS.labels[p]).join(' or ')} of the matter's ${def.side} party, not by ${viewer.agency.name} ${POSITIONS.labels[viewer.position]}`);
    }
    if (!def.from.includes(matter.stage)) {
      throw new HubError('WRONG_STATE', `${def.code} (${STEP_CODES.labels[def.code]}) follows ${stageList(def.from)}; the matter is ${matter.stage} (${STAGES.labels[matter.stage]})`);
    }
    const input = parseInput(def.input, rawInput);
    const effect = await def.run(s, input as z.output<I>);
    const documentKind = typeof def.document === 'function' ? def.document(input as z.output<I>) : def.document;
    let documentId: string | null = null;
    if (documentKind) {
      const number = await allocateDocumentNumber(tx, viewer.agency.id, documentKind, now);
      [{ id: documentId }] = await tx.insert(documents).values({ matterId, kind: documentKind, number, agencyId: viewer.agency.id, issuedAt: now }).returning({ id: documents.id });
    }
    const closing = await tx
      .select()
      .from(clocks)
      .where(and(eq(clocks.matterId, matterId), isNull(clocks.closedAt), inArray(clocks.code, [def.code, ...(effect.close ?? [])])));
    const own = closing.find((c) => c.code === (def.dueBy ?? def.code));
    const [step] = await tx
      .insert(steps)
      .values({
        matterId,
        code: def.code,
        action: def.action,
        agencyId: viewer.agency.id,
        personId: viewer.personId,
        takenAt: now,
        dueAt: own?.dueAt ?? null,
        detail: effect.detail ?? {},
        documentId,
        idempotencyKey: idempotencyKey ?? null,
      })
      .returning();
    if (closing.length) await tx.update(clocks).set({ closedAt: now, closedByStepId: step.id }).where(inArray(clocks.id, closing.map((c) => c.id)));
    const basis = effect.patch?.basis ?? matter.basis;
    await openClocks(s, effect.open ?? [], basis);
    const [updated] = await tx
      .update(matters)
      .set({ ...effect.patch, stage: effect.stage ?? matter.stage, updatedAt: now })
      .where(eq(matters.id, matterId))
      .returning();
    if (def.notifiesMib) {
      await tx.insert(outcomeNotifications).values({ matterId, stepId: step.id, fromAgencyId: viewer.agency.id, toAgencyId: matter.mibAgencyId, documentId, createdAt: now });
    }
    await recordAudit(tx, viewer, [{ action: `step.${def.action}`, targetType: 'Matter', targetId: matterId, detail: { code: def.code, stepId: step.id } }]);
    return updated;
  });
}
