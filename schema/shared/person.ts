import { agencyById } from '../../auth/context.ts';
import { AGENCY_KINDS, POSITIONS } from '../../domain/codes.ts';
import { agencyRecord, type CertificateRecord, personRecord } from '../../domain/registry.ts';
import {
  deactivateAgency,
  deactivatePerson,
  listPeople,
  type PersonView,
  personView,
  saveAgency,
  savePerson,
} from '../../resolvers/registry/admin.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf, inputTypeOf } from '../input.ts';
import { allowed, allowedOn, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/**
 * The registry's people and its administration (domain/registry.ts): a registry administrator adds, changes and
 * deactivates the agencies and people of their province; every change is audited and in force from the next request.
 */
export function addPerson(builder: HubBuilder, { Agency }: SharedRefs) {
  const Certificate = builder.objectRef<CertificateRecord>('Certificate').implement({
    description: 'An enforcement certificate (行政执法证) and the days it is valid, Asia/Shanghai.',
    fields: (t) => ({
      number: t.exposeString('number'),
      validFrom: t.exposeString('validFrom'),
      validTo: t.exposeString('validTo'),
    }),
  });
  guardType(builder, 'Certificate', guardedByParent);
  const Person = builder.objectRef<PersonView>('Person').implement({
    description: 'A person of the registry. A token names them by issuer and subject; all else comes from here.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      agency: t.field({ type: Agency, resolve: async (p, _a, ctx) => (await agencyById(ctx, p.agencyId))! }),
      issuer: t.exposeString('issuer'),
      subject: t.exposeString('subject'),
      positions: t.expose('positions', { type: [enumOf(builder, POSITIONS)] }),
      certificates: t.expose('certificates', { type: [Certificate] }),
      activeFrom: t.exposeString('activeFrom'),
      activeTo: t.exposeString('activeTo', { nullable: true }),
      deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
    }),
  });
  guardType(builder, 'Person', allowedOn('registry:manageThis'));
  const PersonPage = builder.objectRef<{ items: PersonView[]; nextCursor: string | null }>('PersonPage').implement({
    fields: (t) => ({
      items: t.field({ type: [Person], resolve: (page) => page.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
    }),
  });
  guardType(builder, 'PersonPage', guardedByParent);

  const AgencyInput = inputTypeOf(builder, agencyRecord, 'AgencyInput');
  const PersonInput = inputTypeOf(builder, personRecord, 'PersonInput');
  enumOf(builder, AGENCY_KINDS);
  builder.queryFields((t) => ({
    person: t.field({
      type: Person,
      nullable: true,
      description: "A person of the administrator's province.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => personView(ctx, id),
    }),
    people: t.field({
      type: PersonPage,
      description:
        "The people of the administrator's province, optionally of one agency, in id order, a page at a time: pass `nextCursor` back as `after`.",
      args: { agencyId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
      resolve: (_r, args, ctx) => listPeople(ctx, args),
    }),
  }));
  builder.mutationFields((t) => ({
    addAgency: t.field({
      type: Agency,
      args: { input: t.arg({ type: AgencyInput, required: true }) },
      resolve: (_r, { input }, ctx) => saveAgency(ctx, input, 'ADD'),
    }),
    changeAgency: t.field({
      type: Agency,
      description: 'Replaces the record of the agency `input.id`.',
      args: { input: t.arg({ type: AgencyInput, required: true }) },
      resolve: (_r, { input }, ctx) => saveAgency(ctx, input, 'CHANGE'),
    }),
    deactivateAgency: t.field({
      type: Agency,
      description: "Its people are refused from their next request on; the agency's records stay.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => deactivateAgency(ctx, id),
    }),
    addPerson: t.field({
      type: Person,
      args: { input: t.arg({ type: PersonInput, required: true }) },
      resolve: (_r, { input }, ctx) => savePerson(ctx, input, 'ADD'),
    }),
    changePerson: t.field({
      type: Person,
      description: 'Replaces the record of the person `input.id`: positions, certificates, dates and identity.',
      args: { input: t.arg({ type: PersonInput, required: true }) },
      resolve: (_r, { input }, ctx) => savePerson(ctx, input, 'CHANGE'),
    }),
    deactivatePerson: t.field({
      type: Person,
      description: 'The person is refused from their next request on, on every subgraph.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => deactivatePerson(ctx, id),
    }),
  }));
  const manage = allowed('registry:manage');
  guardFields(builder, 'Query', { person: manage, people: manage });
  guardFields(builder, 'Mutation', {
    addAgency: manage,
    changeAgency: manage,
    deactivateAgency: manage,
    addPerson: manage,
    changePerson: manage,
    deactivatePerson: manage,
  });
}
