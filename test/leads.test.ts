import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../db/schema.ts';
import { graphql } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import { citizenId, creditCode, startWorld, TOPOLOGIES, type World } from './world.ts';

const OFFICER = 'mib-220102-officer-1';
const LEAD_FIELDS = `id source regionCode behaviours suspectedAmount summary receivedAt
  agency { id name }
  subject { kind name idNumber creditCode }
  informant { name phone realName }`;

const CREATE = `mutation($input: LeadInput!, $key: String) { createLead(input: $input, idempotencyKey: $key) { ${LEAD_FIELDS} } }`;
const READ = `query($id: ID!) { lead(id: $id) { ${LEAD_FIELDS} } }`;

describe.each(TOPOLOGIES)('leads through the gateway (%s)', (topology) => {
  let world: World;
  let created: { id: string; summary: string };
  beforeAll(async () => {
    world = await startWorld(topology);
    const result = await world.as(OFFICER, CREATE, { input: reportLead() });
    expect(result.errors).toBeUndefined();
    created = result.data.createLead;
  });
  afterAll(() => world?.stop());

  it('lets the MIB officer create a lead and read all of it back', async () => {
    const { data, errors } = await world.as(OFFICER, READ, { id: created.id });
    expect(errors).toBeUndefined();
    expect(data.lead).toMatchObject({
      source: 'REPORT',
      regionCode: '220102',
      behaviours: ['IND_IMPERSONATION', 'IND_DRUG_RESALE'],
      suspectedAmount: '12345.67',
      receivedAt: '2026-11-20T09:30:00.000+08:00',
      agency: { id: 'mib-220102', name: '长春市南关区医疗保障局' },
      subject: { kind: 'PERSON', name: '张三丰', idNumber: citizenId('22010219800101123') },
      informant: { name: '李举报', phone: '13800000000', realName: true },
    });
  });

  it('keeps it from the MIB of a sibling city and of a sibling county', async () => {
    for (const other of ['mib-220200-officer-1', 'mib-220104-officer-1']) {
      const single = await world.as(other, READ, { id: created.id });
      expect(single.errors).toBeUndefined();
      expect(single.data.lead).toBeNull();
      const list = await world.as(other, graphql(`{ leads(first: 100) { items { id } } }`));
      expect(list.data?.leads.items.map((l) => l.id)).not.toContain(created.id);
    }
  });

  it('shows it to the province MIB read-only, without the informant and with the ID number masked', async () => {
    const { data, errors } = await world.as('mib-220000-officer-1', READ, { id: created.id });
    expect(data.lead.summary).toBe(created.summary);
    expect(data.lead.subject.idNumber).toBe(
      '220102********1234'.slice(0, 14) + citizenId('22010219800101123').slice(-4),
    );
    expect(data.lead.informant).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({
        path: ['lead', 'informant'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    const update = await world.as(
      'mib-220000-officer-1',
      `mutation($id: ID!) { updateLead(id: $id, patch: { summary: "x" }) { id } }`,
      { id: created.id },
    );
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('gives police, procuratorates and courts nothing', async () => {
    for (const other of ['police-220102-officer', 'procuratorate-220102-prosecutor', 'court-220102-judge']) {
      const { data, errors } = await world.as(other, READ, { id: created.id });
      expect(data?.lead ?? null).toBeNull();
      expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('gives police nothing through _entities either, even with the gateway secret', async () => {
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Lead { id summary informant { name } } } }`;
    const variables = { r: [{ __typename: 'Lead', id: created.id }] };
    if (topology === 'http') {
      const police = await world.token('police-220102-officer');
      const result = await world.post(
        world.hub.subgraphUrls.mib,
        { query: entities, variables },
        {
          authorization: `Bearer ${police}`,
          'x-hub-gateway-secret': world.config.subgraphSecrets.mib,
        },
      );
      expect(result.data._entities).toEqual([null]);
    }
    const viaGateway = await world.as('police-220102-officer', entities, variables);
    expect(viaGateway.data).toBeUndefined();
    expect(viaGateway.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an invalid ID number naming the field, and writes nothing', async () => {
    const input = reportLead({ subject: { kind: 'PERSON', name: '王五', idNumber: '220102198001011230' } });
    const { data, errors } = await world.as(OFFICER, CREATE, { input });
    expect(data).toBeNull();
    expect(errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^input\.subject\.idNumber: is not a valid citizen ID number/),
      extensions: { code: 'BAD_USER_INPUT', field: 'input.subject.idNumber' },
    });
    expect(
      await world.db
        .select()
        .from(leads)
        .where(eq(leads.summary, input.summary as string)),
    ).toEqual([]);
  });

  it.each([
    [
      'a credit code with a wrong check character',
      { subject: { kind: 'INSTITUTION', name: '某某大药房', creditCode: '91220102MA0000000X' } },
      'input.subject.creditCode',
    ],
    ['an unknown division', { regionCode: '229999' }, 'input.regionCode'],
    ['a division outside the agency', { regionCode: '220202' }, 'input.regionCode'],
    ['money with three decimals', { suspectedAmount: '1.005' }, 'input.suspectedAmount'],
    ['an unknown behaviour code', { behaviours: ['STEALING_PENS'] }, 'input.behaviours'],
    ['no behaviour at all', { behaviours: [] }, 'input.behaviours'],
    ['an informant on an inspection lead', { source: 'FLIGHT_INSPECTION' }, 'input.informant'],
    ['an oversized summary', { summary: 'x'.repeat(4001) }, 'input.summary'],
    ['a lead received in the future', { receivedAt: '2099-01-01T00:00:00+08:00' }, 'input.receivedAt'],
  ])('refuses %s', async (_name, overrides, field) => {
    const input = reportLead(overrides);
    const { errors } = await world.as(OFFICER, CREATE, { input });
    expect(errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT/);
    expect(errors?.[0].message).toContain(field.replace(/^input\./, ''));
    expect(
      await world.db
        .select()
        .from(leads)
        .where(eq(leads.summary, String(input.summary))),
    ).toEqual([]);
  });

  it('pages newest first with a cursor, and refuses a forged cursor and an oversized page naming the argument', async () => {
    await world.as(OFFICER, CREATE, { input: reportLead() });
    const first = await world.as(OFFICER, `{ leads(first: 1) { items { id } nextCursor } }`);
    const next = await world.as(OFFICER, `query($after: String) { leads(first: 1, after: $after) { items { id } } }`, {
      after: first.data.leads.nextCursor,
    });
    expect(next.data.leads.items[0].id).not.toBe(first.data.leads.items[0].id);
    const forged = Buffer.from(`-100000-01-01T00:00:00.000Z|${randomUUID()}`).toString('base64url');
    for (const [args, field] of [
      [{ after: forged }, 'after'],
      [{ after: 'nonsense' }, 'after'],
      [{ first: 101 }, 'first'],
    ] as const) {
      const r = await world.as(
        OFFICER,
        `query($after: String, $first: Int) { leads(first: $first, after: $after) { items { id } } }`,
        args,
      );
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('accepts an institution with a valid credit code and gives one lead for a retried idempotency key', async () => {
    const input = reportLead({
      subject: { kind: 'INSTITUTION', name: '南关某某大药房', creditCode: creditCode('91220102MA0000000') },
      informant: null,
    });
    const key = `retry-${randomUUID()}`;
    const first = await world.as(OFFICER, CREATE, { input, key });
    const second = await world.as(OFFICER, CREATE, { input, key });
    expect(first.errors).toBeUndefined();
    expect(second.data.createLead.id).toBe(first.data.createLead.id);
    expect(
      await world.db
        .select()
        .from(leads)
        .where(eq(leads.summary, String(input.summary))),
    ).toHaveLength(1);
  });

  it('updates a lead in place and re-checks the merged result', async () => {
    const patched = await world.as(
      OFFICER,
      `mutation($id: ID!) { updateLead(id: $id, patch: { suspectedAmount: "20000.00", behaviours: [IND_IMPERSONATION] }) { suspectedAmount behaviours subject { idNumber } } }`,
      { id: created.id },
    );
    expect(patched.errors).toBeUndefined();
    expect(patched.data.updateLead).toEqual({
      suspectedAmount: '20000.00',
      behaviours: ['IND_IMPERSONATION'],
      subject: { idNumber: citizenId('22010219800101123') },
    });
    const refused = await world.as(
      OFFICER,
      `mutation($id: ID!) { updateLead(id: $id, patch: { source: ROUTINE_INSPECTION }) { id } }`,
      { id: created.id },
    );
    expect(refused.errors?.[0].extensions?.field).toBe('input.informant');
  });
});
