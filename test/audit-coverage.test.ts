import { randomUUID } from 'node:crypto';
import { gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema.ts';
import { STEP_ACTIONS } from '../resolvers/steps/index.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB, ok, POLICE, PROSECUTOR, TRANSFER_ATTACHMENTS } from './procedure.ts';
import { startWorld, TEST_ISSUER, type World } from './world.ts';

/**
 * Every mutation leaves an audit entry (docs/security.md, principle 6): the test walks the schema's mutations and
 * fails on one it has no scenario for, or whose scenario writes no entry by the caller.
 */

const ADMIN = 'superior-220000-registry-admin';
const JOB = 'superior-220000-reporting-job';
const previousMonth = () => {
  const now = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

let world: World;
beforeAll(async () => {
  world = await startWorld('in-process', { ownDatabase: true });
});
afterAll(() => world?.stop());

/** Runs a mutation as `person`; it must succeed. Returns its data. */
async function run(person: string, query: string, variables: Record<string, unknown> = {}) {
  const result = await world.as(person, query, variables);
  expect(result.errors, query).toBeUndefined();
  return result.data;
}

describe('every mutation leaves an audit entry', () => {
  it('walks the schema’s mutations: each has a scenario, and each scenario appends an entry by its caller', async () => {
    const state: Record<string, string> = {};
    const person = { id: `mib-220102-audit-${randomUUID().slice(0, 8)}` };
    const agency = {
      id: 'mib-220103',
      kind: 'MIB',
      level: 'COUNTY',
      divisionCode: '220103',
      parentId: 'mib-220100',
      name: '长春市宽城区医疗保障局',
      shortName: '宽城医保',
    };
    const personInput = {
      id: person.id,
      agencyId: 'mib-220102',
      name: '审计覆盖',
      issuer: TEST_ISSUER,
      subject: person.id,
      positions: ['MIB_OFFICER'],
      certificates: [],
      activeFrom: '2025-01-01',
      activeTo: null,
    };
    const penalty = {
      outcome: 'PENALISED',
      article: 'REGULATION_41',
      lossAmount: '100.00',
      orderedReturn: '100.00',
      settlementSuspensionMonths: 3,
      reasons: '冒用他人医保凭证购药',
    };
    /** What each mutation's scenario does, as whom, and the entry it must leave. In the order they run. */
    const scenarios: Record<string, { as: string; action: string; run: () => Promise<unknown> }> = {
      createLead: {
        as: MIB.officer,
        action: 'LEAD_CREATED',
        run: async () => {
          const data = await run(MIB.officer, 'mutation($i: LeadInput!) { createLead(input: $i) { id } }', {
            i: reportLead(),
          });
          state.lead = data.createLead.id;
        },
      },
      updateLead: {
        as: MIB.officer,
        action: 'LEAD_UPDATED',
        run: () =>
          run(MIB.officer, 'mutation($id: ID!) { updateLead(id: $id, patch: { suspectedAmount: "200.00" }) { id } }', {
            id: state.lead,
          }),
      },
      openCase: {
        as: MIB.officer,
        action: 'CASE_OPENED',
        run: async () => {
          const data = await run(
            MIB.officer,
            'mutation($l: ID!) { openCase(leadId: $l, input: { title: "审计" }) { id } }',
            {
              l: state.lead,
            },
          );
          state.matter = data.openCase.id;
        },
      },
      decidePenalty: {
        as: MIB.head,
        action: 'STEP_TAKEN',
        run: () => ok(world, MIB.head, 'decidePenalty', state.matter, penalty),
      },
      draftExposure: {
        as: MIB.officer,
        action: 'EXPOSURE_DRAFTED',
        run: async () => {
          const data = await run(MIB.officer, 'mutation($i: DraftExposureInput!) { draftExposure(input: $i) { id } }', {
            i: { matterId: state.matter, kind: 'PERSON' },
          });
          state.exposure = data.draftExposure.id;
        },
      },
      approveExposure: {
        as: MIB.head,
        action: 'EXPOSURE_APPROVED',
        run: () => run(MIB.head, 'mutation($id: ID!) { approveExposure(id: $id) { id } }', { id: state.exposure }),
      },
      publishExposure: {
        as: MIB.officer,
        action: 'EXPOSURE_PUBLISHED',
        run: () => run(MIB.officer, 'mutation($id: ID!) { publishExposure(id: $id) { id } }', { id: state.exposure }),
      },
      correctExposure: {
        as: MIB.officer,
        action: 'EXPOSURE_DRAFTED',
        run: () =>
          run(
            MIB.officer,
            'mutation($id: ID!, $i: CorrectExposureInput!) { correctExposure(id: $id, input: $i) { id } }',
            {
              id: state.exposure,
              i: { summary: '已全部退回', correctionNote: '补充退回情况' },
            },
          ),
      },
      retractExposure: {
        as: MIB.head,
        action: 'EXPOSURE_RETRACTED',
        run: () =>
          run(MIB.head, 'mutation($id: ID!) { retractExposure(id: $id, input: { notice: "撤回" }) { id } }', {
            id: state.exposure,
          }),
      },
      transferToPolice: {
        as: MIB.officer,
        action: 'STEP_TAKEN',
        run: async () => {
          await ok(world, MIB.officer, 'submitTransferReport', state.matter, {
            officerIds: [MIB.officer, MIB.officer2],
            report: '涉嫌犯罪',
          });
          await ok(world, MIB.head, 'decideTransfer', state.matter, { approved: true });
          return ok(world, MIB.officer, 'transferToPolice', state.matter, {
            attachments: [...TRANSFER_ATTACHMENTS, { kind: 'PENALTY_DECISION', title: '行政处罚决定书（副本）' }],
          });
        },
      },
      acknowledgeNotification: {
        as: MIB.officer,
        action: 'NOTIFICATION_ACKNOWLEDGED',
        run: async () => {
          await ok(world, POLICE.officer, 'acceptTransfer', state.matter);
          const notes = await run(MIB.officer, '{ notifications(unacknowledged: true, first: 1) { items { id } } }');
          return run(MIB.officer, 'mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }', {
            id: notes.notifications.items[0].id,
          });
        },
      },
      askConsultation: {
        as: MIB.officer,
        action: 'CONSULTATION_ASKED',
        run: async () => {
          const data = await run(
            MIB.officer,
            'mutation($id: ID!, $i: AskConsultationInput!) { askConsultation(matterId: $id, input: $i) { id } }',
            {
              id: state.matter,
              i: { kind: 'CONSULTATION', toAgencyId: 'procuratorate-220102', question: '是否达到追诉标准？' },
            },
          );
          state.consultation = data.askConsultation.id;
        },
      },
      answerConsultation: {
        as: PROSECUTOR,
        action: 'CONSULTATION_ANSWERED',
        run: () =>
          run(PROSECUTOR, 'mutation($id: ID!) { answerConsultation(id: $id, input: { answer: "已达到" }) { id } }', {
            id: state.consultation,
          }),
      },
      addAgency: {
        as: ADMIN,
        action: 'REGISTRY_CHANGED',
        run: () => run(ADMIN, 'mutation($i: AgencyInput!) { addAgency(input: $i) { id } }', { i: agency }),
      },
      changeAgency: {
        as: ADMIN,
        action: 'REGISTRY_CHANGED',
        run: () =>
          run(ADMIN, 'mutation($i: AgencyInput!) { changeAgency(input: $i) { id } }', {
            i: { ...agency, name: '长春市宽城区医疗保障局（更名）' },
          }),
      },
      deactivateAgency: {
        as: ADMIN,
        action: 'REGISTRY_CHANGED',
        run: () => run(ADMIN, 'mutation($id: ID!) { deactivateAgency(id: $id) { id } }', { id: agency.id }),
      },
      addPerson: {
        as: ADMIN,
        action: 'REGISTRY_CHANGED',
        run: () => run(ADMIN, 'mutation($i: PersonInput!) { addPerson(input: $i) { id } }', { i: personInput }),
      },
      changePerson: {
        as: ADMIN,
        action: 'REGISTRY_CHANGED',
        run: () =>
          run(ADMIN, 'mutation($i: PersonInput!) { changePerson(input: $i) { id } }', {
            i: { ...personInput, name: '审计覆盖（更名）' },
          }),
      },
      deactivatePerson: {
        as: ADMIN,
        action: 'REGISTRY_CHANGED',
        run: () => run(ADMIN, 'mutation($id: ID!) { deactivatePerson(id: $id) { id } }', { id: person.id }),
      },
      generateMonthlyReport: {
        as: JOB,
        action: 'REPORT_FROZEN',
        run: () =>
          run(JOB, 'mutation($r: String!, $m: String!) { generateMonthlyReport(region: $r, month: $m) { id } }', {
            r: '220000',
            m: previousMonth(),
          }),
      },
      registerWebhook: {
        as: MIB.head,
        action: 'WEBHOOK_REGISTERED',
        run: async () => {
          const data = await run(
            MIB.head,
            'mutation($url: String!) { registerWebhook(url: $url) { webhook { id } } }',
            {
              url: 'http://127.0.0.1:9/outcomes',
            },
          );
          state.webhook = data.registerWebhook.webhook.id;
        },
      },
      removeWebhook: {
        as: MIB.head,
        action: 'WEBHOOK_REMOVED',
        run: () => run(MIB.head, 'mutation($id: ID!) { removeWebhook(id: $id) }', { id: state.webhook }),
      },
    };

    const mutations = world.hub.subgraphs.flatMap((s) => Object.keys(s.schema.getMutationType()?.getFields() ?? {}));
    // Every step is one generated mutation whose resolver is the engine (resolvers/procedure/engine.ts takeStep),
    // which writes STEP_TAKEN in the step's transaction: the scenarios above take several, and each is checked.
    const uncovered = mutations.filter((m) => !(m in scenarios) && !STEP_ACTIONS.has(m));
    expect(uncovered, 'mutations with no audit scenario').toEqual([]);

    const silent: string[] = [];
    for (const [name, scenario] of Object.entries(scenarios)) {
      const [last] = await world.db
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .orderBy(auditEvents.seq)
        .limit(1)
        .offset(Math.max(0, (await world.db.$count(auditEvents)) - 1));
      await scenario.run();
      const written = await world.db
        .select()
        .from(auditEvents)
        .where(gt(auditEvents.seq, last?.seq ?? 0));
      if (!written.some((e) => e.actorId === scenario.as && e.action === scenario.action))
        silent.push(`${name}: no ${scenario.action} by ${scenario.as}`);
    }
    expect(silent).toEqual([]);
  });
});
