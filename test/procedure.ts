import { expect } from 'vitest';
import { graphql, type ResultOf } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import type { GraphQLResponse, World } from './world.ts';

/** Whatever answers GraphQL as a person: the full world (test/world.ts) or the fast tier (test/fast.ts). */
export type TestHub = Pick<World, 'as'>;

export const MIB = {
  officer: 'mib-220102-officer-1',
  officer2: 'mib-220102-officer-2',
  head: 'mib-220102-head',
  province: 'mib-220000-officer-1',
  sibling: 'mib-220104-officer-1',
};
export const POLICE = {
  officer: 'police-220102-officer',
  head: 'police-220102-head',
  sibling: 'police-220104-officer',
  siblingHead: 'police-220104-head',
  cityHead: 'police-220100-head',
};
export const PROSECUTOR = 'procuratorate-220102-prosecutor';

const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

const STAGE = 'query($id: ID!) { matter(id: $id) { stage } }';

/**
 * One procedure step as `person`; `options` may carry an idempotency key or when it happened. The step answers the
 * matter's id, and the matter's stage is read after it from the shared subgraph (a step's own subgraph knows only the
 * matter's id), so the result reads the same in either tier.
 */
export async function step(
  world: TestHub,
  person: string,
  action: string,
  matterId: string,
  input: Record<string, unknown> = {},
  options: string | { key?: string; occurredAt?: string } = {},
): Promise<GraphQLResponse> {
  const { key, occurredAt } = typeof options === 'string' ? { key: options, occurredAt: undefined } : options;
  const result = await world.as(
    person,
    `mutation($id: ID!, $input: ${capitalised(action)}Input!, $key: String, $at: DateTime) { ${action}(matterId: $id, input: $input, idempotencyKey: $key, occurredAt: $at) { id } }`,
    { id: matterId, input, key, at: occurredAt },
  );
  const taken = result.data?.[action];
  if (taken) taken.stage = (await world.as(person, STAGE, { id: taken.id })).data?.matter?.stage ?? null;
  return result;
}

/** Like `step`, but the step must succeed; returns the matter's new stage. */
export async function ok(
  world: TestHub,
  person: string,
  action: string,
  matterId: string,
  input: Record<string, unknown> = {},
) {
  const result = await step(world, person, action, matterId, input);
  expect(result.errors, `${action} by ${person}`).toBeUndefined();
  return result.data[action].stage as string;
}

/** A1 by the bureau's head: an individual fined twice a loss of 12,345.67 yuan, settlement suspended (art. 41). */
export const penalise = (world: TestHub, matterId: string, reasons = '冒用他人医保凭证购药') =>
  ok(world, MIB.head, 'decidePenalty', matterId, {
    outcome: 'PENALISED',
    article: 'REGULATION_41',
    lossAmount: '12345.67',
    orderedReturn: '12345.67',
    fineMultiple: '2',
    settlementSuspensionMonths: 6,
    reasons,
  });

export const TRANSFER_ATTACHMENTS = [
  { kind: 'INVESTIGATION_REPORT', title: '案件调查报告', reference: '南关医保调〔2026〕3号' },
  { kind: 'ITEM_LIST', title: '涉案物品清单' },
  { kind: 'EVIDENCE', title: '结算明细、处方、询问笔录' },
  { kind: 'EXPERT_OPINION', title: '医保基金损失核算意见' },
];

/** A lead and its open case, ready for T1. */
export async function openMatter(
  world: TestHub,
  person = MIB.officer,
  basis: 'STANDARD' | 'ECONOMIC_CRIME' = 'STANDARD',
) {
  const lead = await world.as(person, `mutation($input: LeadInput!) { createLead(input: $input) { id } }`, {
    input: reportLead(),
  });
  expect(lead.errors).toBeUndefined();
  const opened = await world.as(
    person,
    `mutation($lead: ID!, $basis: LegalBasis) { openCase(leadId: $lead, input: { title: "某药房串换药品骗保案", basis: $basis }) { id } }`,
    { lead: lead.data.createLead.id, basis },
  );
  expect(opened.errors).toBeUndefined();
  const matter = await world.as(person, 'query($id: ID!) { matter(id: $id) { id controlNumber stage } }', {
    id: opened.data.openCase.id,
  });
  expect(matter.errors).toBeUndefined();
  return matter.data.matter as { id: string; controlNumber: string; stage: string };
}

/** Lead → case → T1 report → T2 approval → T3 transfer: the matter waits for the police's receipt. */
export async function transferredMatter(world: TestHub, basis: 'STANDARD' | 'ECONOMIC_CRIME' = 'STANDARD') {
  const matter = await openMatter(world, MIB.officer, basis);
  await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
    officerIds: [MIB.officer, MIB.officer2],
    report: '经核实，涉嫌诈骗罪，建议移送。',
  });
  await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: true });
  await ok(world, MIB.officer, 'transferToPolice', matter.id, { attachments: TRANSFER_ATTACHMENTS });
  return matter;
}

export const MATTER_VIEW = graphql(`query($id: ID!) { matter(id: $id) {
  id controlNumber stage policeAgency { id } procuratorateAgency { id }
  clocks { code agency { id } startedAt dueAt pendingReason remainingSeconds overdue optional basis closedAt }
  timeline { code action agency { id } takenAt dueAt late document { kind number } }
} }`);
export type MatterView = NonNullable<ResultOf<typeof MATTER_VIEW>['matter']>;

/** The matter as `person` sees it (MATTER_VIEW); the test fails when the call errs or the matter is not theirs. */
export async function viewMatter(world: TestHub, person: string, id: string): Promise<MatterView> {
  const result = await world.as(person, MATTER_VIEW, { id });
  expect(result.errors).toBeUndefined();
  const matter = result.data?.matter;
  if (!matter) throw new Error(`${person} does not see matter ${id}`);
  return matter;
}
