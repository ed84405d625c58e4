import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedOnce } from '../db/prepared.js';
import { agencies, people } from '../db/schema.js';
import type { Position } from '../domain/codes.js';
import { activeOn } from '../domain/registry.js';
import { shanghaiDay } from '../domain/time.js';
import type { AgencyRow, Viewer } from './context.js';
import { type TokenClaims, TokenError } from './tokens.js';

/**
 * Who a verified token's bearer is, from the registry (docs/security.md, principle 8): the person its issuer and subject name, acting
 * in their agency, in the registered position the token selects (or their only one). Asked on every request, so a
 * change to the registry is in force on every subgraph from the next request; one indexed look-up.
 */
/** On every request, at every hop: prepared. */
const byIdentity = (db: Db) =>
  preparedOnce(db, 'identity', () =>
    db
      .select({ person: people, agency: agencies })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(and(eq(people.issuer, sql.placeholder('issuer')), eq(people.subject, sql.placeholder('subject'))))
      .prepare('hub_identity'),
  );

export async function identify(db: Db, claims: TokenClaims, now = new Date()): Promise<Viewer> {
  const refuse = (reason: string): never => {
    throw new TokenError(reason, claims);
  };
  const [row] = await byIdentity(db).execute({ issuer: claims.issuer, subject: claims.subject });
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
