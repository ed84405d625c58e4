import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Signer } from '../domain/crypto.ts';
import type { Viewer } from './context.ts';
import { readStatement, stateViewer } from './statement.ts';

const VIEWER: Viewer = {
  personId: 'mib-220102-officer-1',
  name: '张执法',
  position: 'MIB_OFFICER',
  positions: ['MIB_OFFICER'],
  agency: {
    id: 'mib-220102',
    kind: 'MIB',
    level: 'COUNTY',
    divisionCode: '220102',
    name: '长春市南关区医疗保障局',
    shortName: '南关医保',
    parentId: 'mib-220100',
    deactivatedAt: null,
  },
};
const TOKEN = 'Bearer aaa.bbb.ccc';

describe('the gateway’s statement of who is calling', () => {
  const key = randomBytes(32);
  const signer = new Signer(key);
  const requestId = randomUUID();

  it('reads back as the viewer it states, for the same token and request', () => {
    const statement = stateViewer(signer, VIEWER, TOKEN, requestId);
    expect(readStatement(new Signer(key), statement, TOKEN, requestId)).toEqual(VIEWER);
  });

  it('is worth nothing with another token, another request, after 30 seconds, or under another key', () => {
    const now = Date.now();
    const statement = stateViewer(signer, VIEWER, TOKEN, requestId, now);
    expect(readStatement(signer, statement, 'Bearer xxx.yyy.zzz', requestId, now)).toBeNull();
    expect(readStatement(signer, statement, TOKEN, randomUUID(), now)).toBeNull();
    expect(readStatement(signer, statement, TOKEN, requestId, now + 30_001)).toBeNull();
    expect(readStatement(new Signer(randomBytes(32)), statement, TOKEN, requestId, now)).toBeNull();
    expect(readStatement(signer, statement, undefined, requestId, now)).toBeNull();
  });

  it('cannot be edited: a changed position or agency fails its tag', () => {
    const statement = stateViewer(signer, VIEWER, TOKEN, requestId);
    const [payload, tag] = statement.split('.');
    const stated = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    stated.viewer.position = 'MIB_HEAD';
    stated.viewer.agency.id = 'mib-220000';
    const forged = `${Buffer.from(JSON.stringify(stated)).toString('base64url')}.${tag}`;
    expect(readStatement(signer, forged, TOKEN, requestId)).toBeNull();
    expect(readStatement(signer, `${payload}.${tag}.extra`, TOKEN, requestId)).toBeNull();
    expect(readStatement(signer, 'not a statement', TOKEN, requestId)).toBeNull();
  });

  it('made under the previous signing key still reads during a rotation', () => {
    const previous = randomBytes(32);
    const statement = stateViewer(new Signer(previous), VIEWER, TOKEN, requestId);
    expect(readStatement(new Signer(randomBytes(32), { previous: [previous] }), statement, TOKEN, requestId)).toEqual(
      VIEWER,
    );
  });
});
