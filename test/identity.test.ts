import { randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identify } from '../auth/identity.ts';
import { signToken } from '../auth/tokens.ts';
import { auditEvents } from '../db/schema.ts';
import type { Position } from '../domain/codes.ts';
import { MIB, openMatter, step } from './procedure.ts';
import { AUDIENCE, startWorld, TEST_ISSUER, type World } from './world.ts';

const ADMIN = 'superior-220000-registry-admin';
const EXPIRED_OFFICER = 'mib-220102-officer-3';
const DEPUTY = 'mib-220102-deputy';
const ME = '{ me { personId name position positions agency { id } } }';

const ADD_PERSON = `mutation($input: PersonInput!) { addPerson(input: $input) { id positions deactivatedAt } }`;
const newPerson = (overrides: Record<string, unknown> = {}) => {
  const id = `mib-220102-temp-${randomUUID().slice(0, 8)}`;
  return {
    id,
    agencyId: 'mib-220102',
    name: '临时执法',
    issuer: TEST_ISSUER,
    subject: id,
    positions: ['MIB_OFFICER'],
    certificates: [],
    activeFrom: '2025-01-01',
    activeTo: null,
    ...overrides,
  };
};

/** The registry, not the token, says who someone is (docs/security.md, principle 8), on every subgraph (over HTTP here). */
describe('identity from the registry', () => {
  let world: World;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = (token: string, query: string, variables?: Record<string, unknown>) =>
    world.post(world.hub.url, { query, variables }, bearer(token));
  /** A token with any `position` claim, a registered position or not. */
  const tokenFor = (subject: string, { agencyId, position }: { agencyId?: string; position?: string } = {}) =>
    signToken(
      world.privateKey,
      world.kid,
      { subject, agencyId, position: position as Position | undefined },
      { issuer: TEST_ISSUER, audience: AUDIENCE },
    );
  const lastSeq = async () =>
    (await world.db.select({ seq: auditEvents.seq }).from(auditEvents)).reduce((m, r) => Math.max(m, r.seq), 0);
  const refusalsSince = (seq: number) =>
    world.db
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.seq, seq), eq(auditEvents.action, 'IDENTITY_REFUSED')));

  beforeAll(async () => {
    world = await startWorld('http', { ownDatabase: true });
  });
  afterAll(async () => world?.stop());

  const refused = async (token: string, reason: string) => {
    const since = await lastSeq();
    const r = await call(token, ME);
    expect(r.status).toBe(401);
    expect(r.errors?.[0]).toMatchObject({
      message: 'invalid or expired token',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const [entry] = await refusalsSince(since);
    expect(entry?.detail).toMatchObject({ reason, count: 1 });
  };

  it('answers the requests of one turn of the event loop with one look-up, each with its own person or refusal', async () => {
    const asked = [
      { issuer: TEST_ISSUER, subject: MIB.officer },
      { issuer: TEST_ISSUER, subject: DEPUTY, position: 'MIB_ANALYST' as const },
      { issuer: TEST_ISSUER, subject: 'ghost-officer' },
      { issuer: TEST_ISSUER, subject: MIB.officer, position: 'MIB_HEAD' as const },
      { issuer: 'https://elsewhere.example', subject: MIB.officer },
    ];
    const answers = await Promise.allSettled(asked.map((claims) => identify(world.db, claims)));
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value.personId : (a.reason as Error).message))).toEqual([
      MIB.officer,
      DEPUTY,
      'unknown person',
      'position not held',
      'unknown person',
    ]);
    expect(answers[1].status === 'fulfilled' && answers[1].value.position).toBe('MIB_ANALYST');
  });

  it('refuses a ghost: a well-signed token for a person the registry does not know', async () => {
    const ghost = await tokenFor('ghost-officer', { agencyId: 'mib-220102', position: 'MIB_OFFICER' });
    await refused(ghost, 'unknown person');
    const lead = await call(ghost, `mutation { createLead(input: { source: REPORT }) { id } }`);
    expect(lead.status).toBe(401);
    expect(lead.data ?? null).toBeNull();
  });

  it('refuses a position the person does not hold, and an agency the registry contradicts', async () => {
    await refused(await tokenFor(MIB.officer, { position: 'MIB_HEAD' }), 'position not held');
    await refused(await tokenFor(MIB.officer, { agencyId: 'mib-220104' }), 'agency contradicts the registry');
    // The officer cannot approve their own report as the head (J 三(二)).
    const matter = await openMatter(world);
    const head = await tokenFor(MIB.officer, { position: 'MIB_HEAD' });
    const approve = await world.post(
      world.hub.url,
      {
        query: `mutation($id: ID!) { approveTransfer(matterId: $id, input: { decision: APPROVE }) { id } }`,
        variables: { id: matter.id },
      },
      bearer(head),
    );
    expect(approve.status).toBe(401);
  });

  it('takes agency and position from the registry; a person with two positions selects one', async () => {
    const plain = await call(await tokenFor(MIB.officer), ME);
    expect(plain.data.me).toMatchObject({
      personId: MIB.officer,
      position: 'MIB_OFFICER',
      agency: { id: 'mib-220102' },
    });
    await refused(await tokenFor(DEPUTY), 'the token must select one of the positions held');
    const analyst = await call(await tokenFor(DEPUTY, { position: 'MIB_ANALYST' }), ME);
    expect(analyst.data.me).toMatchObject({ position: 'MIB_ANALYST', positions: ['MIB_OFFICER', 'MIB_ANALYST'] });
  });

  it('refuses a deactivated person from their next request, on the gateway and on every subgraph, without a restart', async () => {
    const admin = await world.token(ADMIN);
    const person = newPerson();
    const added = await call(admin, ADD_PERSON, { input: person });
    expect(added.errors).toBeUndefined();
    const token = await tokenFor(person.subject);
    expect((await call(token, ME)).data.me.personId).toBe(person.id);
    const subgraph = (name: string) =>
      world.post(
        world.hub.subgraphUrls[name],
        { query: '{ __typename }' },
        {
          ...bearer(token),
          'x-hub-gateway-secret': world.config.subgraphSecrets[name as 'mib'],
        },
      );
    expect((await subgraph('mib')).status).toBe(200);
    const off = await call(admin, `mutation($id: ID!) { deactivatePerson(id: $id) { deactivatedAt } }`, {
      id: person.id,
    });
    expect(off.data.deactivatePerson.deactivatedAt).toBeTruthy();
    await refused(token, 'person deactivated');
    for (const name of ['shared', 'mib', 'police', 'procuratorate', 'court'])
      expect((await subgraph(name)).status).toBe(401);
    const [entry] = await world.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'REGISTRY_CHANGED'),
          eq(auditEvents.targetId, person.id),
          eq(auditEvents.actorId, ADMIN),
        ),
      );
    expect(entry).toBeDefined();
  });

  it('refuses an expired certificate on a T1 team, and a T1 report by an officer whose certificate expired', async () => {
    const matter = await openMatter(world);
    const report = '经核实，该药房串换药品金额较大，涉嫌诈骗，建议移送。';
    const withExpired = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, EXPIRED_OFFICER],
      report,
    });
    expect(withExpired.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.officerIds.1' },
      message: expect.stringContaining('no enforcement certificate valid on'),
    });
    const byExpired = await step(world, EXPIRED_OFFICER, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report,
    });
    expect(byExpired.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const good = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report,
    });
    expect(good.errors).toBeUndefined();
  });

  it('counts a flood of garbage tokens by source and reason instead of writing a row each', async () => {
    await world.hub.services.refusals.flush();
    const since = await lastSeq();
    const garbage = await Promise.all(
      Array.from({ length: 100 }, (_, i) => tokenFor(`flood-${i}`, { position: 'MIB_OFFICER' })),
    );
    for (const token of garbage) expect((await call(token, ME)).status).toBe(401);
    expect((await refusalsSince(since)).length).toBeLessThanOrEqual(2);
    await world.hub.services.refusals.flush();
    const rows = await refusalsSince(since);
    expect(rows.length).toBeLessThanOrEqual(3);
    const details = rows.map((r) => r.detail as { count: number; reason: string });
    expect(details.reduce((sum, d) => sum + d.count, 0)).toBe(100);
    expect(details.every((d) => d.reason === 'unknown person')).toBe(true);
  });

  it('lets a registry administrator manage only their province, each field checked', async () => {
    const admin = await world.token(ADMIN);
    const outside = await call(admin, `mutation($input: AgencyInput!) { addAgency(input: $input) { id } }`, {
      input: {
        id: 'mib-110000',
        kind: 'MIB',
        level: 'PROVINCE',
        divisionCode: '110000',
        parentId: null,
        name: '北京市医疗保障局',
        shortName: '京医保',
      },
    });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.divisionCode' });
    const wrongPosition = await call(admin, ADD_PERSON, { input: newPerson({ positions: ['JUDGE'] }) });
    expect(wrongPosition.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.positions.0' });
    const takenSubject = await call(admin, ADD_PERSON, { input: newPerson({ subject: MIB.officer }) });
    expect(takenSubject.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subject' });
    const takenCertificate = await call(admin, ADD_PERSON, {
      input: newPerson({ certificates: [{ number: 'JL2201020001', validFrom: '2025-01-01', validTo: '2027-12-31' }] }),
    });
    expect(takenCertificate.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.certificates.0.number',
    });
    const county = await call(admin, `mutation($input: AgencyInput!) { addAgency(input: $input) { id shortName } }`, {
      input: {
        id: 'mib-220103',
        kind: 'MIB',
        level: 'COUNTY',
        divisionCode: '220103',
        parentId: 'mib-220100',
        name: '长春市宽城区医疗保障局',
        shortName: '宽城医保',
      },
    });
    expect(county.errors).toBeUndefined();
    const byOfficer = await world.as(MIB.officer, ADD_PERSON, { input: newPerson() });
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const people = await call(admin, `{ people(agencyId: "mib-220102") { items { id } } }`);
    expect(people.data.people.items.map((p: { id: string }) => p.id)).toContain(MIB.officer);
    // The province's people, two at a time: every one once, in id order, to the end.
    const PAGE = `query($after: String) { people(first: 2, after: $after) { items { id } nextCursor } }`;
    const seen: string[] = [];
    for (let after: string | null = null, pages = 0; pages < 100; pages++) {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await call(admin, PAGE, { after })).data
        .people;
      seen.push(...page.items.map((p) => p.id));
      after = page.nextCursor;
      if (!after) break;
    }
    const all = (await call(admin, `{ people(first: 500) { items { id } } }`)).data.people.items.map(
      (p: { id: string }) => p.id,
    );
    expect(seen).toEqual(all);
    expect(seen.length).toBeGreaterThan(2);
    const bad = await call(admin, PAGE, { after: 'bm90IGEgY3Vyc29yIQ' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
