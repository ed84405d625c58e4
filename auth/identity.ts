import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { preparedOnce } from '../db/prepared.ts';
import { agencies, people } from '../db/schema.ts';
import type { Position } from '../domain/codes.ts';
import { activeOn } from '../domain/registry.ts';
import { shanghaiDay } from '../domain/time.ts';
import type { AgencyRow, Viewer } from './context.ts';
import { type TokenClaims, TokenError } from './tokens.ts';

/** On every request, at every hop: prepared, for one person and for the several of one turn of the event loop. */
const byIdentity = (db: Db) =>
  preparedOnce(db, 'identity', () =>
    db
      .select({ person: people, agency: agencies })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(and(eq(people.issuer, sql.placeholder('issuer')), eq(people.subject, sql.placeholder('subject'))))
      .prepare('hub_identity'),
  );
const byIdentities = (db: Db) =>
  preparedOnce(db, 'identities', () =>
    db
      .select({ person: people, agency: agencies })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(
        sql`(${people.issuer}, ${people.subject}) in (select * from unnest(${sql.placeholder('issuers')}::text[], ${sql.placeholder('subjects')}::text[]))`,
      )
      .prepare('hub_identities'),
  );

type IdentityRow = Awaited<ReturnType<ReturnType<typeof byIdentity>['execute']>>[number];
interface Asked {
  issuer: string;
  subject: string;
  answer: (row: IdentityRow | undefined) => void;
  fail: (error: unknown) => void;
}
const asking = new WeakMap<Db, Asked[]>();

/**
 * The registry's row for a token's person, read by a query that starts after the request asked: the requests that
 * arrive in one turn of the event loop are answered by one statement (setImmediate runs after the turn's I/O), so ten
 * callers at once cost one round trip, not ten, and no answer is older than its request.
 */
function lookUp(db: Db, issuer: string, subject: string) {
  return new Promise<IdentityRow | undefined>((answer, fail) => {
    let queue = asking.get(db);
    if (!queue) {
      queue = [];
      asking.set(db, queue);
      setImmediate(() => void answerAll(db));
    }
    queue.push({ issuer, subject, answer, fail });
  });
}

async function answerAll(db: Db) {
  const queue = asking.get(db) ?? [];
  asking.delete(db);
  const keys = [...new Map(queue.map((q) => [`${q.issuer}\n${q.subject}`, q])).values()];
  try {
    const rows =
      keys.length === 1
        ? await byIdentity(db).execute({ issuer: keys[0].issuer, subject: keys[0].subject })
        : await byIdentities(db).execute({
            issuers: keys.map((k) => k.issuer),
            subjects: keys.map((k) => k.subject),
          });
    for (const q of queue)
      q.answer(rows.find((row) => row.person.issuer === q.issuer && row.person.subject === q.subject));
  } catch (error) {
    for (const q of queue) q.fail(error);
  }
}

/**
 * Who a verified token's bearer is, from the registry (docs/security.md, principle 8): the person its issuer and subject name, acting
 * in their agency, in the registered position the token selects (or their only one). Asked on every request, so a
 * change to the registry is in force on every subgraph from the next request; one indexed look-up (shared by the
 * requests of one turn of the event loop).
 */
export async function identify(db: Db, claims: TokenClaims, now = new Date()): Promise<Viewer> {
  const refuse = (reason: string): never => {
    throw new TokenError(reason, claims);
  };
  const row = await lookUp(db, claims.issuer, claims.subject);
  if (!row) return refuse('unknown person');
  const { person, agency } = row;
  if (person.deactivatedAt) refuse('person deactivated');
  if (!activeOn(person, shanghaiDay(now))) refuse('person not active today');
  if (agency.deactivatedAt) refuse('agency deactivated');
  if (claims.agencyId !== undefined && claims.agencyId !== agency.id) refuse('agency contradicts the registry');
  let position: Position;
  if (claims.position !== undefined) {
    if (!person.positions.includes(claims.position)) refuse('position not held');
    position = claims.position;
  } else if (person.positions.length === 1) position = person.positions[0];
  else return refuse('the token must select one of the positions held');
  return { personId: person.id, name: person.name, position, positions: person.positions, agency: agency as AgencyRow };
}
