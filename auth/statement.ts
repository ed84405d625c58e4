import { POSITIONS, type Position } from '../domain/codes.ts';
import type { Signer } from '../domain/crypto.ts';
import type { AgencyRow, Viewer } from './context.ts';

/**
 * The header in which the gateway tells a subgraph whom the registry said the caller is, for this request: the
 * subgraph still verifies the token itself (docs/security.md, principle 5) but need not ask the registry a second
 * time (principle 8 holds: the answer is this request's, read after it arrived).
 */
export const STATEMENT_HEADER = 'x-hub-viewer';

/** A statement is good for this long after the gateway made it, and only with its own token and request id. */
const VALID_MS = 30_000;

const bound = (authorization: string, requestId: string, payload: string) =>
  `${authorization}\n${requestId}\n${payload}`;

export function stateViewer(
  signer: Signer,
  viewer: Viewer,
  authorization: string,
  requestId: string,
  now = Date.now(),
): string {
  const payload = Buffer.from(JSON.stringify({ viewer, until: now + VALID_MS })).toString('base64url');
  return `${payload}.${signer.tag(bound(authorization, requestId, payload))}`;
}

/**
 * The viewer a statement names, when its tag holds for this token and request id and it is in time; otherwise null,
 * and the subgraph asks the registry itself (a statement from a client, a stale one, or one under another key).
 */
export function readStatement(
  signer: Signer,
  statement: string | string[] | undefined,
  authorization: string | undefined,
  requestId: string,
  now = Date.now(),
): Viewer | null {
  if (typeof statement !== 'string' || !authorization) return null;
  const [payload, tag, ...rest] = statement.split('.');
  if (!payload || !tag || rest.length || !signer.tagged(bound(authorization, requestId, payload), tag)) return null;
  const { viewer, until } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    viewer: Viewer;
    until: number;
  };
  if (!(now <= until) || !(viewer.position in POSITIONS.labels)) return null;
  const agency: AgencyRow = { ...viewer.agency, deactivatedAt: null };
  return {
    personId: viewer.personId,
    name: viewer.name,
    position: viewer.position as Position,
    positions: viewer.positions,
    agency,
  };
}
