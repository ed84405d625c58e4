import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identify } from '../auth/identity.ts';
import { STATEMENT_HEADER, stateViewer } from '../auth/statement.ts';
import { signToken } from '../auth/tokens.ts';
import { SUBGRAPH_NAMES } from '../config.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { rowsOf } from '../db/rows.ts';
import { auditEvents, leads } from '../db/schema.ts';
import { cryptoSuite, Signer } from '../domain/crypto.ts';
import { graphql } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import { AUDIENCE, startWorld, TEST_ISSUER, type World } from './world.ts';

const OFFICER = 'mib-220102-officer-1';
const CREATE = `mutation($input: LeadInput!) { createLead(input: $input) { id } }`;
const READ = `query($id: ID!) { lead(id: $id) { id summary subject { idNumber } informant { name } } }`;
const claims = { subject: OFFICER, agencyId: 'mib-220102', position: 'MIB_OFFICER' as const };

describe('attacks from docs/security.md, over HTTP with production settings', () => {
  let world: World;
  let leadId: string;
  beforeAll(async () => {
    world = await startWorld('http', { production: true });
    const created = await world.as(OFFICER, CREATE, { input: reportLead() });
    leadId = created.data.createLead.id;
  });
  afterAll(() => world?.stop());

  const call = (body: unknown, headers: Record<string, string> = {}) => world.post(world.hub.url, body, headers);
  const bearer = async (person = OFFICER) => ({ authorization: `Bearer ${await world.token(person)}` });

  it('1: a subgraph called without the gateway secret refuses before parsing anything', async () => {
    const direct = await world.post(world.hub.subgraphUrls.mib, '{ not graphql', await bearer());
    expect(direct.status).toBe(403);
    const wrong = await world.post(
      world.hub.subgraphUrls.mib,
      { query: '{ leads { items { id } } }' },
      { ...(await bearer()), 'x-hub-gateway-secret': 'guess' },
    );
    expect(wrong.status).toBe(403);
  });

  it('3: _service { sdl } through the gateway is rejected; a subgraph answers it to its gateway secret alone', async () => {
    const r = await call({ query: '{ _service { sdl } }' }, await bearer());
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const name of SUBGRAPH_NAMES) {
      const url = world.hub.subgraphUrls[name];
      const secret = { 'x-hub-gateway-secret': world.config.subgraphSecrets[name] };
      const answered = await world.post(url, { query: '{ _service { sdl } }' }, secret);
      expect(answered.errors, name).toBeUndefined();
      expect(answered.data._service.sdl, name).toContain('@link(url: "https://specs.apollo.dev/federation/v2');
      expect((await world.post(url, { query: '{ _service { sdl } }' })).status, name).toBe(403);
    }
  });

  it('4: introspection in production is refused to roles not allowed it, and to the public', async () => {
    for (const headers of [await bearer(), {}]) {
      const r = await call({ query: '{ __schema { types { name } } }' }, headers);
      expect(r.data).toBeUndefined();
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const analyst = await call({ query: '{ __schema { queryType { name } } }' }, await bearer('mib-220102-analyst'));
    expect(analyst.data.__schema.queryType.name).toBe('Query');
  });

  it('22: a persisted-query hash of introspection is refused to whom the text would be, and audited', async () => {
    const query = '{ __schema { types { name } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    // An analyst, who may, sends the text with its hash: the gateway keeps it.
    const analyst = await call({ query, extensions: persisted }, await bearer('mib-220102-analyst'));
    expect(analyst.errors).toBeUndefined();
    for (const [who, headers] of [
      ['officer', await bearer()],
      ['public', {}],
    ] as const) {
      const r = await call({ extensions: persisted }, headers);
      expect(r.data, who).toBeUndefined();
      expect(r.errors?.[0].extensions?.code, who).toBe('FORBIDDEN');
      const requestId = r.errors?.[0].extensions?.requestId;
      const [entry] = await world.db
        .select()
        .from(auditEvents)
        .where(sql`${auditEvents.action} = 'GATEWAY_DENIED' and ${auditEvents.detail}->>'requestId' = ${requestId}`);
      expect(entry?.detail, who).toMatchObject({ reason: 'introspection', code: 'FORBIDDEN' });
    }
    // The protocol's own answers, never 500.
    const unknown = await call({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(unknown.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const mismatch = await call({ query: '{ exposures { items { id } } }', extensions: persisted });
    expect(mismatch.status).toBe(400);
    const version = await call({ query, extensions: { persistedQuery: { version: 2, sha256Hash } } });
    expect(version.status).toBe(400);
  });

  it('5: a misspelled field gets an error without suggestions', async () => {
    const r = await call({ query: '{ lead(id: "x") { sumary } }' }, await bearer());
    expect(r.errors?.[0].message).not.toMatch(/did you mean/i);
    expect(JSON.stringify(r)).not.toContain('summary');
  });

  it('9: a list mixing own and subordinate leads hides the informant only on the subordinate ones', async () => {
    const own = await world.as('mib-220000-officer-1', CREATE, { input: reportLead({ regionCode: '220000' }) });
    expect(own.errors).toBeUndefined();
    const r = await world.as(
      'mib-220000-officer-1',
      graphql(`{ leads(first: 100) { items { id informant { name } } } }`),
    );
    const items = r.data!.leads.items;
    expect(items.find((l) => l.id === own.data.createLead.id)?.informant).toEqual({ name: '李举报' });
    expect(items.find((l) => l.id === leadId)?.informant).toBeNull();
  });

  it('10: forged, misaddressed, expired, premature and unsigned tokens all get the same 401', async () => {
    const publicPem = await jose.exportSPKI(
      (await jose.importJWK(JSON.parse(readFileSync(world.jwksPath, 'utf8')).keys[0], 'ES256', {
        extractable: true,
      })) as jose.CryptoKey,
    );
    const base = () =>
      new jose.SignJWT({ agency: claims.agencyId, position: claims.position }).setSubject(OFFICER).setIssuedAt();
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: world.kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: OFFICER, agency: claims.agencyId, position: claims.position, iss: TEST_ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`;
    const hs256 = await base()
      .setProtectedHeader({ alg: 'HS256', kid: world.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(publicPem));
    const signed = (mutate: (j: jose.SignJWT) => jose.SignJWT, kid = world.kid) =>
      mutate(base().setProtectedHeader({ alg: 'ES256', kid })).sign(world.privateKey);
    const tokens = {
      unsigned,
      hs256,
      wrongAudience: await signed((j) => j.setIssuer(TEST_ISSUER).setAudience('someone-else').setExpirationTime('10m')),
      wrongIssuer: await signed((j) => j.setIssuer('urn:evil').setAudience(AUDIENCE).setExpirationTime('10m')),
      expired: await signed((j) =>
        j
          .setIssuer(TEST_ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60),
      ),
      notYet: await signed((j) =>
        j.setIssuer(TEST_ISSUER).setAudience(AUDIENCE).setNotBefore('10m').setExpirationTime('20m'),
      ),
      noExpiry: await signed((j) => j.setIssuer(TEST_ISSUER).setAudience(AUDIENCE)),
      unknownKid: await signed(
        (j) => j.setIssuer(TEST_ISSUER).setAudience(AUDIENCE).setExpirationTime('10m'),
        'no-such-key',
      ),
      otherKey: await new jose.SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: world.kid })
        .sign((await jose.generateKeyPair('ES256')).privateKey),
    };
    const start =
      (await world.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))[0]
        ?.seq ?? 0;
    for (const [name, token] of Object.entries(tokens)) {
      const r = await call({ query: '{ me { personId } }' }, { authorization: `Bearer ${token}` });
      expect(r.status, name).toBe(401);
      expect(r.errors?.[0], name).toMatchObject({
        message: 'invalid or expired token',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    // Refusals are counted by source and reason: the first of each at once, the rest when its window ends.
    await world.hub.services.refusals.flush();
    const refusals = await world.db
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.seq, start), eq(auditEvents.action, 'IDENTITY_REFUSED')));
    expect(refusals.reduce((sum, r) => sum + (r.detail as { count: number }).count, 0)).toBeGreaterThanOrEqual(
      Object.keys(tokens).length,
    );
  });

  it('11: a key added to the JWKS works without a restart; a removed key stops working', async () => {
    const original = readFileSync(world.jwksPath, 'utf8');
    const next = await jose.generateKeyPair('ES256', { extractable: true });
    const jwks = JSON.parse(original);
    jwks.keys.push({ ...(await jose.exportJWK(next.publicKey)), kid: 'rotated-2', alg: 'ES256' });
    writeFileSync(world.jwksPath, JSON.stringify(jwks));
    const rotated = await signToken(next.privateKey, 'rotated-2', claims, { issuer: TEST_ISSUER, audience: AUDIENCE });
    expect(
      (await call({ query: '{ me { personId } }' }, { authorization: `Bearer ${rotated}` })).data.me.personId,
    ).toBe(OFFICER);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(world.jwksPath, original);
    // The key file is looked at again at most once a second: a removed key stops working within that second.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call({ query: '{ me { personId } }' }, { authorization: `Bearer ${rotated}` })).status).toBe(401);
  });

  it('12: depth, aliases and tokens beyond limits are refused at validation, page size before the query', async () => {
    const deep = `{ agency(id: "mib-220102") { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { personId }`).join(' ')} }`;
    const tokens = `{ me { ${'personId '.repeat(3100)} } }`;
    for (const query of [deep, aliases, tokens]) {
      const r = await call({ query }, await bearer());
      expect(r.data, query.slice(0, 40)).toBeUndefined();
      expect(r.errors?.[0].extensions?.code).toMatch(/GRAPHQL_(VALIDATION|PARSE)_FAILED|BAD_USER_INPUT/);
    }
    const page = await call({ query: '{ leads(first: 1000) { items { id } } }' }, await bearer());
    expect(page.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('12: a query whose estimated cost is beyond the limit is refused at validation', async () => {
    const subtree =
      'timeline { code step takenAt agency { id name region { code name } parent { id name region { code name } } } document { kind number agency { id name } } }';
    const query = `{ ${Array.from({ length: 3 }, (_, i) => `a${i}: matters(first: 100) { items { ${subtree} clocks { code dueAt agency { id name } } } }`).join(' ')} }`;
    const r = await call({ query }, await bearer());
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].message).toMatch(/Cost limit/);
  });

  it('8: guessed ids across agencies give nothing, at the root and through the entity edge', async () => {
    const guess = randomUUID();
    for (const query of [`{ lead(id: "${guess}") { id } }`, `{ matter(id: "${guess}") { id } }`]) {
      const r = await call({ query }, await bearer());
      expect(Object.values(r.data)).toEqual([null]);
      expect(r.errors).toBeUndefined();
    }
    for (const mutation of [
      `mutation { acknowledgeNotification(id: "${guess}") { id } }`,
      `mutation { answerConsultation(id: "${guess}", input: { answer: "x" }) { id } }`,
    ]) {
      expect((await call({ query: mutation }, await bearer())).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    const other = await world.as('mib-220104-officer-1', `{ lead(id: "${leadId}") { id } }`);
    expect(other.data.lead).toBeNull();
    for (const [subgraph, typename, id, fields] of [
      ['mib', 'Lead', leadId, 'summary'],
      ['shared', 'Matter', guess, 'subject { idNumber }'],
    ] as const) {
      const entity = await world.post(
        world.hub.subgraphUrls[subgraph],
        {
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${fields} } } }`,
          variables: { r: [{ __typename: typename, id }] },
        },
        { ...(await bearer('mib-220104-officer-1')), 'x-hub-gateway-secret': world.config.subgraphSecrets[subgraph] },
      );
      expect(entity.data._entities, subgraph).toEqual([null]);
    }
  });

  it('13: an array of batched operations is refused', async () => {
    const r = await world.post(
      world.hub.url,
      [{ query: '{ me { personId } }' }, { query: '{ me { personId } }' }],
      await bearer(),
    );
    expect(r.status).toBe(400);
  });

  it('a request body over 1 MiB is refused with 413 before any parsing', async () => {
    const r = await world.post(
      world.hub.url,
      { query: `{ me { personId } } # ${'x'.repeat(1 << 20)}` },
      await bearer(),
    );
    expect(r.status).toBe(413);
    // The connection is not left broken: the next call answers.
    expect((await world.post(world.hub.url, { query: '{ me { personId } }' }, await bearer())).status).toBe(200);
  });

  it('14: an internal fault answers "internal error" with a correlation id and nothing else', async () => {
    const broken = await world.as(OFFICER, CREATE, { input: reportLead() });
    await world.db
      .update(leads)
      .set({ subjectIdNumberSealed: 'v1.AAAA.AAAA.AAAA' })
      .where(eq(leads.id, broken.data.createLead.id));
    const r = await world.as(OFFICER, READ, { id: broken.data.createLead.id });
    const text = JSON.stringify(r.errors);
    expect(r.errors?.[0]).toMatchObject({
      message: 'internal error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
    });
    expect(text).not.toMatch(/stack|select|leads|decipher|auth/i);
  });

  it('15: a text/plain POST and a mutation over GET are refused', async () => {
    const plain = await fetch(world.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...(await bearer()) },
      body: JSON.stringify({ query: CREATE, variables: { input: reportLead() } }),
    });
    expect(plain.status).toBe(400);
    const url = `${world.hub.url}?query=${encodeURIComponent('mutation { acknowledgeNotification(id: "x") { id } }')}`;
    const get = await fetch(url, { headers: { ...(await bearer()), 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(405);
  });

  it('16: identity headers a client sends are ignored', async () => {
    const r = await call(
      { query: READ, variables: { id: leadId } },
      {
        ...(await bearer('police-220102-officer')),
        'x-hub-gateway-secret': world.config.subgraphSecrets.mib,
        'x-role': 'MIB_OFFICER',
        'x-agency': 'mib-220102',
      },
    );
    expect(r.data?.lead ?? null).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('16: a statement of who is calling that the hub did not sign is ignored; the registry answers', async () => {
    // Someone who read a subgraph's secret off the internal network states that a police officer is the bureau's.
    const police = await bearer('police-220102-officer');
    const requestId = randomUUID();
    const bureau = await identify(world.db, { issuer: TEST_ISSUER, subject: OFFICER });
    const forged = stateViewer(new Signer(randomBytes(32)), bureau, police.authorization, requestId);
    const r = await world.post(
      world.hub.subgraphUrls.mib,
      { query: READ, variables: { id: leadId } },
      {
        ...police,
        'x-hub-gateway-secret': world.config.subgraphSecrets.mib,
        'x-request-id': requestId,
        [STATEMENT_HEADER]: forged,
      },
    );
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(r.data?.lead ?? null).toBeNull();
  });

  it('17: reads of sensitive fields, mutations and denials leave audit rows; rows cannot be changed; tampering breaks the chain', async () => {
    const start =
      (await world.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))[0]
        ?.seq ?? 0;
    await world.as(OFFICER, READ, { id: leadId });
    await world.as('mib-220000-officer-1', READ, { id: leadId });
    const rows = await world.db.select().from(auditEvents).where(gt(auditEvents.seq, start));
    const mine = rows.filter(
      (r) => r.targetId === leadId || (r.detail as { path?: string } | null)?.path?.startsWith('lead'),
    );
    expect(mine.map((r) => r.action)).toEqual(
      expect.arrayContaining(['ID_NUMBER_READ', 'INFORMANT_READ', 'ACCESS_DENIED']),
    );
    await expect(
      world.db.update(auditEvents).set({ action: 'nothing' }).where(eq(auditEvents.seq, rows[0].seq)),
    ).rejects.toThrow();
    await expect(world.db.delete(auditEvents).where(eq(auditEvents.seq, rows[0].seq))).rejects.toThrow();
    expect((await verifyAuditChain(world.db)).broken).toBeNull();
  });
});

describe('14: a database fault', () => {
  it('answers "internal error" with a correlation id, and no SQL, table name or stack', async () => {
    const world = await startWorld('http', { ownDatabase: true });
    try {
      await world.db.execute(sql`alter table mib.leads rename to leads_gone`);
      const r = await world.as(OFFICER, `{ leads { items { id } } }`);
      expect(r.errors).toEqual([
        {
          message: 'internal error',
          path: ['leads'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
        },
      ]);
      expect(JSON.stringify(r)).not.toMatch(/leads_gone|relation|select|stack/i);
      // The subgraph logs the fault under the gateway's request id, so that one id finds it in both logs.
      const requestId = randomUUID();
      const direct = await fetch(world.hub.subgraphUrls.mib, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await world.token(OFFICER)}`,
          'x-hub-gateway-secret': world.config.subgraphSecrets.mib,
          'x-request-id': requestId,
        },
        body: JSON.stringify({ query: '{ leads { items { id } } }' }),
      });
      expect(direct.headers.get('x-request-id')).toBe(requestId);
      expect((await direct.json()).errors[0].extensions.requestId).toBe(requestId);
    } finally {
      await world.stop();
    }
  });
});

describe('audit chain verification', () => {
  it('names the first entry edited directly in the database', async () => {
    // A database of its own: the chain is broken here on purpose, and no other file's run should see it so.
    const world = await startWorld('in-process', { ownDatabase: true });
    try {
      const key = `tamper-${randomUUID()}`;
      await world.as(
        OFFICER,
        `mutation($input: LeadInput!, $key: String) { createLead(input: $input, idempotencyKey: $key) { id } }`,
        { input: reportLead(), key },
      );
      const [row] = await world.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'LEAD_CREATED')))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      await world.db.execute(sql`alter table audit.events disable trigger events_append_only`);
      await world.db
        .update(auditEvents)
        .set({ detail: { forged: true } })
        .where(eq(auditEvents.seq, row.seq));
      await world.db.execute(sql`alter table audit.events enable trigger events_append_only`);
      expect((await verifyAuditChain(world.db)).broken).toEqual({
        seq: row.seq,
        reason: 'content does not match its hash',
      });
      await world.db.execute(sql`alter table audit.events disable trigger events_append_only`);
      await world.db.update(auditEvents).set({ detail: row.detail }).where(eq(auditEvents.seq, row.seq));
      await world.db.execute(sql`alter table audit.events enable trigger events_append_only`);
      expect((await verifyAuditChain(world.db)).broken).toBeNull();
    } finally {
      await world.stop();
    }
  });
});

describe('protection at rest', () => {
  it('keeps ID numbers out of the leads table in clear, with a keyed hash for look-ups', async () => {
    const world = await startWorld();
    try {
      const input = reportLead();
      const created = await world.as(OFFICER, CREATE, { input });
      const [row] = await world.db.select().from(leads).where(eq(leads.id, created.data.createLead.id));
      const dump = JSON.stringify(row);
      expect(dump).not.toContain(input.subject.idNumber);
      // Sealed and keyed under the suite HUB_CRYPTO names: AES-256-GCM and HMAC-SHA-256, or SM4 and HMAC-SM3.
      const gm = cryptoSuite().name === 'GM';
      expect(row.subjectIdNumberSealed).toMatch(gm ? /^gm1\./ : /^v1\./);
      expect(row.subjectIdNumberHash).toMatch(gm ? /^sm3:[0-9a-f]{64}$/ : /^[0-9a-f]{64}$/);
      expect(world.hub.services.sealer.open(row.subjectIdNumberSealed!)).toBe(input.subject.idNumber);
    } finally {
      await world.stop();
    }
  });
});

describe.runIf(!!process.env.DATABASE_URL)('the application role on PostgreSQL (db/roles.ts)', () => {
  it('may read and append to the audit log, never change or remove it', async () => {
    const world = await startWorld();
    try {
      const role = await world.database.grantApplicationRole();
      expect(role).toBe(`${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_app`);
      const privilege = async (p: string) =>
        (
          await rowsOf<{ ok: boolean }>(world.db, sql`select has_table_privilege(${role}, 'audit.events', ${p}) as ok`)
        )[0].ok;
      expect(await privilege('INSERT')).toBe(true);
      expect(await privilege('SELECT')).toBe(true);
      expect(await privilege('UPDATE')).toBe(false);
      expect(await privilege('DELETE')).toBe(false);
      const refusal = await world.db
        .transaction(async (tx) => {
          await tx.execute(sql.raw(`set local role ${role}`));
          await tx.execute(sql`update audit.events set action = 'x' where seq = (select min(seq) from audit.events)`);
        })
        .catch((error: Error & { cause?: Error }) => error.cause?.message ?? error.message);
      expect(refusal).toMatch(/permission denied for table events/);
    } finally {
      await world.stop();
    }
  });
});
