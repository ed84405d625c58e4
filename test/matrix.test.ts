import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Access, FIELDS, type Field, MATRIX, renderMatrix } from '../auth/matrix.ts';
import { type FastHub, fastHub } from './fast.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { MIB, ok, openMatter, POLICE, PROSECUTOR, TRANSFER_ATTACHMENTS } from './procedure.ts';
import type { GraphQLResponse } from './world.ts';

const LEAD = graphql(
  `query MatrixLead($id: ID!) { lead(id: $id) { summary subject { name idNumber } informant { name } } }`,
);
const MATTER = graphql(`query MatrixMatter($id: ID!) { matter(id: $id) { controlNumber timeline { code } } }`);
const MATTER_SUBJECT = graphql(`query MatrixMatterSubject($id: ID!) { matter(id: $id) { subject { idNumber } } }`);

function classify(result: GraphQLResponse, path: string[], value: unknown, original?: unknown): Access {
  const denied = result.errors?.some(
    (e) => e.extensions?.code === 'FORBIDDEN' && path.every((p, i) => e.path?.[i] === p || e.path === undefined),
  );
  if (denied) return 'denied';
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return 'absent';
  return original !== undefined && value !== original ? 'masked' : 'full';
}

describe('the permissions matrix (docs/permissions.md) holds for every role and sensitive field', () => {
  let world: FastHub;
  let leadId: string;
  let matterId: string;
  let lead: NonNullable<ResultOf<typeof LEAD>['lead']>;
  let exposureId: string;
  beforeAll(async () => {
    world = await fastHub();
    const matter = await openMatter(world);
    matterId = matter.id;
    // Penalised before the transfer: the person may be exposed (J 五(三)), and the decision's copy goes with T3.
    await ok(world, MIB.head, 'decidePenalty', matterId, {
      outcome: 'PENALISED',
      article: 'REGULATION_41',
      lossAmount: '100.00',
      orderedReturn: '100.00',
      settlementSuspensionMonths: 3,
      reasons: '冒用他人医保凭证购药',
    });
    const report = { officerIds: [MIB.officer, MIB.officer2], report: '经核实，建议移送' };
    await ok(world, MIB.officer, 'submitTransferReport', matterId, report);
    await ok(world, MIB.head, 'decideTransfer', matterId, { approved: false, reasons: '证据尚不充分' });
    await ok(world, MIB.officer, 'submitTransferReport', matterId, report);
    await ok(world, MIB.head, 'decideTransfer', matterId, { approved: true });
    await ok(world, MIB.officer, 'transferToPolice', matterId, {
      attachments: [...TRANSFER_ATTACHMENTS, { kind: 'PENALTY_DECISION', title: '行政处罚决定书（副本）' }],
    });
    await ok(world, POLICE.officer, 'acceptTransfer', matterId);
    await ok(world, POLICE.officer, 'decideFiling', matterId, {
      filed: true,
      policeCaseNumber: '南公立字〔2026〕300号',
    });
    await ok(world, POLICE.officer, 'sendForProsecution', matterId, {
      suspects: ['张三丰'],
      amountDefrauded: '100.00',
    });
    await ok(world, PROSECUTOR, 'prosecute', matterId, {
      procuratorateCaseNumber: '南检刑诉〔2026〕300号',
      defendants: ['张三丰'],
      charges: ['FRAUD'],
    });
    const drafted = await world.as(
      MIB.officer,
      'mutation($input: DraftExposureInput!) { draftExposure(input: $input) { id } }',
      {
        input: { matterId, kind: 'PERSON' },
      },
    );
    expect(drafted.errors).toBeUndefined();
    exposureId = drafted.data.draftExposure.id;
    await world.as(MIB.head, 'mutation($id: ID!) { approveExposure(id: $id) { id } }', { id: exposureId });
    await world.as(MIB.officer, 'mutation($id: ID!) { publishExposure(id: $id) { id } }', { id: exposureId });
    const [row] = await world.db.query.matters.findMany({ where: (t, { eq }) => eq(t.id, matterId) });
    leadId = row.leadId;
    lead = (await world.as(MIB.officer, LEAD, { id: leadId })).data!.lead!;
  });

  it('is printed from auth/matrix.ts', () => {
    expect(readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8')).toBe(renderMatrix());
  });

  it.each(MATRIX.map((r) => [r.role, r] as const))('%s', async (_role, row) => {
    const observed = {} as Record<Field, Access>;
    const l = await world.as(row.person, LEAD, { id: leadId });
    const rootDenied = l.errors?.some((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.length === 1);
    const value = l.data?.lead;
    const leadCell = (path: string[], v: unknown, original?: unknown) =>
      rootDenied
        ? 'denied'
        : value === null || value === undefined
          ? 'absent'
          : classify(l, ['lead', ...path], v, original);
    observed['Lead.summary'] = leadCell(['summary'], value?.summary);
    observed['Lead.subject.name'] = leadCell(['subject'], value?.subject?.name, lead.subject.name);
    observed['Lead.subject.idNumber'] = leadCell(['subject'], value?.subject?.idNumber, lead.subject.idNumber);
    observed['Lead.informant'] = leadCell(['informant'], value?.informant);

    const m = await world.as(row.person, MATTER, { id: matterId });
    observed['Matter.controlNumber'] = classify(m, ['matter'], m.data?.matter?.controlNumber);
    observed['Matter.timeline'] = classify(m, ['matter'], m.data?.matter?.timeline);
    const s = await world.as(row.person, MATTER_SUBJECT, { id: matterId });
    observed['Matter.subject.idNumber'] = classify(
      s,
      ['matter'],
      s.data?.matter?.subject?.idNumber,
      lead.subject.idNumber,
    );

    const n = await world.as(
      row.person,
      graphql(`query MatrixNotifications($id: ID) { notifications(matterId: $id) { items { id } } }`),
      {
        id: matterId,
      },
    );
    observed.OutcomeNotification = classify(n, ['notifications'], n.data?.notifications?.items);
    const a = await world.as(row.person, graphql('query MatrixAudit { auditEntries(first: 200) { targetId } }'));
    const mine = a.data?.auditEntries?.filter((e) => e.targetId === leadId || e.targetId === matterId);
    observed.AuditEntry = classify(a, ['auditEntries'], mine);

    const e = await world.as(
      row.person,
      graphql('query MatrixExposures { exposures(first: 100) { items { id subjectName } } }'),
    );
    const published = e.data?.exposures?.items?.find((x) => x.id === exposureId);
    observed['Exposure.subjectName'] = classify(e, ['exposures'], published?.subjectName, lead.subject.name);
    const d = await world.as(
      row.person,
      graphql('query MatrixExposureEntries { myExposures { id versions { number } } }'),
    );
    observed.ExposureEntry = classify(
      d,
      ['myExposures'],
      d.data?.myExposures?.filter((x) => x.id === exposureId),
    );

    const steps = await world.as(
      row.person,
      graphql(
        `query MatrixRefusal($id: ID!) { matter(id: $id) { timeline { action content { ... on DecideTransferContent { reasons } } } } }`,
      ),
      { id: matterId },
    );
    const refusal = steps.data?.matter?.timeline?.find((s) => s.action === 'decideTransfer')?.content;
    observed['Step.refusalReasons'] = classify(
      steps,
      ['matter'],
      refusal && 'reasons' in refusal ? refusal.reasons : undefined,
    );
    const indictment = await world.as(
      row.person,
      graphql(
        `query MatrixIndictment($id: ID!) { matter(id: $id) { timeline { action content { ... on ProsecuteContent { defendants } } } } }`,
      ),
      { id: matterId },
    );
    const indicted = indictment.data?.matter?.timeline?.find((s) => s.action === 'prosecute')?.content;
    const named = indicted && 'defendants' in indicted ? indicted.defendants?.[0] : undefined;
    observed['Step.defendantName'] = classify(indictment, ['matter'], named, '张三丰');

    expect(Object.fromEntries(FIELDS.map((f) => [f, observed[f]]))).toEqual(row.access);
  });
});
