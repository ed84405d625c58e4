import { agencyById } from '../../auth/context.ts';
import { CONSULTATION_KINDS } from '../../domain/codes.ts';
import {
  answerConsultation,
  answerConsultationInput,
  askConsultation,
  askConsultationInput,
} from '../../resolvers/procedure/consultations.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf, inputTypeOf } from '../input.ts';
import { allowed, allowedOn } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** Consultations on a matter (G §23 ¶1) and loss calculations (G §25): visible to the two agencies only. */
export function addConsultation(builder: HubBuilder, { Consultation, Agency }: SharedRefs) {
  Consultation.implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      kind: t.expose('kind', { type: enumOf(builder, CONSULTATION_KINDS) }),
      fromAgency: t.field({ type: Agency, resolve: async (c, _a, ctx) => (await agencyById(ctx, c.fromAgencyId))! }),
      toAgency: t.field({ type: Agency, resolve: async (c, _a, ctx) => (await agencyById(ctx, c.toAgencyId))! }),
      question: t.exposeString('question'),
      askedAt: t.expose('askedAt', { type: 'DateTime' }),
      answer: t.exposeString('answer', { nullable: true }),
      lossAmount: t.expose('lossAmount', { type: 'Money', nullable: true }),
      answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    }),
  });
  guardType(builder, 'Consultation', allowedOn('consultation:read'));

  builder.mutationFields((t) => ({
    askConsultation: t.field({
      type: Consultation,
      args: {
        matterId: t.arg.id({ required: true }),
        input: t.arg({ type: inputTypeOf(builder, askConsultationInput, 'AskConsultationInput'), required: true }),
      },
      resolve: (_r, args, ctx) => askConsultation(ctx, args.matterId, args.input),
    }),
    answerConsultation: t.field({
      type: Consultation,
      args: {
        id: t.arg.id({ required: true }),
        input: t.arg({
          type: inputTypeOf(builder, answerConsultationInput, 'AnswerConsultationInput'),
          required: true,
        }),
      },
      resolve: (_r, args, ctx) => answerConsultation(ctx, args.id, args.input),
    }),
  }));
  guardFields(builder, 'Mutation', {
    askConsultation: allowed('consultation:ask'),
    answerConsultation: allowed('consultation:answer'),
  });
}
