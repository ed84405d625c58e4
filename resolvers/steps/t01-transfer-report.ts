import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { certificates, people } from '../../db/schema.ts';
import { forbidden, invalid } from '../../domain/errors.ts';
import { activeOn, certificateOn } from '../../domain/registry.ts';
import { shanghaiDay } from '../../domain/time.ts';
import { zId, zText } from '../../domain/validate.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const report = z.object({
  officerIds: z
    .array(zId)
    .min(2, 'a case team needs at least two enforcement officers')
    .max(50, 'must list at most 50 officers'),
  report: zText(20000).min(1, 'must not be empty'),
});

/** T1: a case team of at least two certified enforcement officers verifies the case and reports (J 三(二); R310 art. 5). */
export default defineStep({
  code: 'T1',
  label: '办案人员核实案情并提出移送书面报告',
  actions: [
    action({
      name: 'submitTransferReport',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['CASE_OPEN', 'TRANSFER_REFUSED'],
      input: report,
      record: stepRecord(
        report.extend({ team: z.array(z.object({ id: zId, name: z.string(), certificateNo: z.string() })) }),
      ),
      document: 'TRANSFER_REPORT',
      async run(s, input) {
        // Certificates count on the day the team acted, from the registry as it stands.
        const day = shanghaiDay(s.occurredAt);
        const ids = [...new Set([...input.officerIds, s.viewer.personId])];
        const registered = await s.tx.select().from(people).where(inArray(people.id, ids));
        const held = await s.tx.select().from(certificates).where(inArray(certificates.personId, ids));
        const certificateOf = (id: string) =>
          certificateOn(
            held.filter((c) => c.personId === id),
            day,
          );
        if (!certificateOf(s.viewer.personId))
          throw forbidden(`${s.viewer.name} holds no enforcement certificate valid on ${day}`);
        const team = input.officerIds.map((id, i) => {
          const officer = registered.find((p) => p.id === id);
          if (
            !officer ||
            officer.agencyId !== s.matter.mibAgencyId ||
            !officer.positions.includes('MIB_OFFICER') ||
            !activeOn({ ...officer, deactivated: !!officer.deactivatedAt }, day)
          ) {
            throw invalid(`input.officerIds.${i}`, `${id} is not an enforcement officer of this bureau`);
          }
          const certificate = certificateOf(id);
          if (!certificate)
            throw invalid(`input.officerIds.${i}`, `${officer.name} holds no enforcement certificate valid on ${day}`);
          return { id, name: officer.name, certificateNo: certificate.number };
        });
        if (new Set(input.officerIds).size < 2)
          throw invalid('input.officerIds', 'a case team needs at least two different enforcement officers');
        return { stage: 'REPORT_SUBMITTED', detail: { team } };
      },
    }),
  ],
});
