import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clocks } from '../db/schema.ts';
import { type FastHub, fastHub } from './fast.ts';
import { graphql } from './graphql.ts';
import { MIB, ok, openMatter, POLICE, PROSECUTOR, step, transferredMatter } from './procedure.ts';
import type { GraphQLResponse } from './world.ts';

const PROVINCE_MIB_HEAD = 'mib-220000-head';
const PROVINCE_POLICE_HEAD = 'police-220000-head';
const VIEW = `query($id: ID!) { matter(id: $id) { stage dualListing { policeAgency { id } mibHeadId policeHeadId listedAt } } }`;
const CONSULTATIONS = graphql(
  `query Consultations($id: ID!) { matter(id: $id) { consultations { id kind fromAgency { id } toAgency { id } answer lossAmount } } }`,
);
const ASK = `mutation($id: ID!, $input: AskConsultationInput!) { askConsultation(matterId: $id, input: $input) { id kind } }`;
const ANSWER = `mutation($id: ID!, $input: AnswerConsultationInput!) { answerConsultation(id: $id, input: $input) { answer lossAmount answeredAt } }`;

describe('cooperation around a matter', () => {
  let world: FastHub;
  beforeAll(async () => {
    world = await fastHub();
  });
  const code = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.code;

  it('dual listing: the province bureau lists an important case before transfer, the province police confirm, both follow it', async () => {
    const matter = await openMatter(world);
    expect((await world.as(PROVINCE_POLICE_HEAD, VIEW, { id: matter.id })).data.matter).toBeNull();
    expect(
      code(await step(world, MIB.head, 'proposeDualListing', matter.id, { policeAgencyId: 'police-220000' })),
    ).toBe('FORBIDDEN');
    expect(
      (await step(world, PROVINCE_MIB_HEAD, 'proposeDualListing', matter.id, { policeAgencyId: 'police-220100' }))
        .errors?.[0].extensions?.field,
    ).toBe('input.policeAgencyId');
    await ok(world, PROVINCE_MIB_HEAD, 'proposeDualListing', matter.id, { policeAgencyId: 'police-220000' });
    expect(code(await step(world, 'police-220100-head', 'confirmDualListing', matter.id))).toBe('NOT_FOUND');
    expect(await ok(world, PROVINCE_POLICE_HEAD, 'confirmDualListing', matter.id, { note: '同意挂牌督办' })).toBe(
      'CASE_OPEN',
    );
    for (const viewer of [PROVINCE_POLICE_HEAD, PROVINCE_MIB_HEAD, MIB.officer]) {
      const { data } = await world.as(viewer, VIEW, { id: matter.id });
      expect(data.matter.dualListing, viewer).toMatchObject({
        policeAgency: { id: 'police-220000' },
        mibHeadId: PROVINCE_MIB_HEAD,
        policeHeadId: PROVINCE_POLICE_HEAD,
        listedAt: expect.stringMatching(/\+08:00$/),
      });
    }
    expect((await world.as(POLICE.officer, VIEW, { id: matter.id })).data.matter).toBeNull();
  });

  it('consultations (G §23 ¶1) and loss calculations (G §25) go between the right agencies and are answered', async () => {
    const matter = await transferredMatter(world);
    const asked = await world.as(MIB.officer, ASK, {
      id: matter.id,
      input: { kind: 'CONSULTATION', toAgencyId: 'procuratorate-220102', question: '本案骗取金额是否达到追诉标准？' },
    });
    expect(asked.errors).toBeUndefined();
    expect(
      (
        await world.as(MIB.officer, ASK, {
          id: matter.id,
          input: { kind: 'CONSULTATION', toAgencyId: 'police-220202', question: 'x' },
        })
      ).errors?.[0].extensions?.field,
    ).toBe('input.toAgencyId');
    expect(
      code(
        await world.as(MIB.officer, ASK, {
          id: matter.id,
          input: { kind: 'LOSS_CALCULATION', toAgencyId: 'mib-220102', question: 'x' },
        }),
      ),
    ).toBe('FORBIDDEN');
    const loss = await world.as(POLICE.officer, ASK, {
      id: matter.id,
      input: { kind: 'LOSS_CALCULATION', toAgencyId: 'mib-220102', question: '请核算医保基金损失' },
    });
    expect(loss.errors).toBeUndefined();

    expect(
      code(await world.as(POLICE.officer, ANSWER, { id: asked.data.askConsultation.id, input: { answer: 'x' } })),
    ).toBe('NOT_FOUND');
    const answered = await world.as(PROSECUTOR, ANSWER, {
      id: asked.data.askConsultation.id,
      input: { answer: '已达到数额较大标准' },
    });
    expect(answered.data.answerConsultation.answer).toBe('已达到数额较大标准');
    expect(
      (await world.as(MIB.officer, ANSWER, { id: loss.data.askConsultation.id, input: { answer: '核算完毕' } }))
        .errors?.[0].extensions?.field,
    ).toBe('input.lossAmount');
    const calculated = await world.as(MIB.officer, ANSWER, {
      id: loss.data.askConsultation.id,
      input: { answer: '核算完毕', lossAmount: '12345.67' },
    });
    expect(calculated.data.answerConsultation.lossAmount).toBe('12345.67');

    const mine = await world.as(POLICE.officer, CONSULTATIONS, { id: matter.id });
    expect(mine.data?.matter?.consultations.map((c) => c.kind)).toEqual(['LOSS_CALCULATION']);
    const bureau = await world.as(MIB.officer, CONSULTATIONS, { id: matter.id });
    expect(bureau.data?.matter?.consultations.map((c) => c.kind)).toEqual(['CONSULTATION', 'LOSS_CALCULATION']);
  });

  it('lists unacknowledged notifications, and marks the late ones by their step', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await world.db
      .update(clocks)
      .set({ dueAt: new Date(Date.now() - 86_400_000) })
      .where(and(eq(clocks.matterId, matter.id), eq(clocks.code, 'T8')));
    await ok(world, POLICE.officer, 'decideFiling', matter.id, {
      filed: true,
      policeCaseNumber: '南公立字〔2026〕200号',
    });
    const { data } = await world.as(
      MIB.officer,
      graphql(
        `query Unacknowledged($id: ID) { notifications(matterId: $id, unacknowledged: true) { items { step { code late } } } }`,
      ),
      { id: matter.id },
    );
    expect(data?.notifications.items.map((n) => `${n.step.code}:${n.step.late}`)).toEqual(['T4:false', 'T9:true']);
  });
});
