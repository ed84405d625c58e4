import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { people } from '../../db/schema.js';
import { invalid } from '../../domain/errors.js';
import { zId, zText } from '../../domain/validate.js';
import { action, defineStep } from '../procedure/step.js';

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
      input: z.object({
        officerIds: z
          .array(zId)
          .min(2, 'a case team needs at least two enforcement officers')
          .max(50, 'must list at most 50 officers'),
        report: zText(20000).min(1, 'must not be empty'),
      }),
      document: 'TRANSFER_REPORT',
      async run(s, input) {
        const team = await s.tx.select().from(people).where(inArray(people.id, input.officerIds));
        for (const [i, id] of input.officerIds.entries()) {
          const officer = team.find((p) => p.id === id);
          if (!officer || officer.agencyId !== s.matter.mibAgencyId || officer.position !== 'MIB_OFFICER') {
            throw invalid(`input.officerIds.${i}`, `${id} is not an enforcement officer of this bureau`);
          }
          if (!officer.certificateNo)
            throw invalid(`input.officerIds.${i}`, `${officer.name} holds no enforcement certificate`);
        }
        if (new Set(input.officerIds).size < 2)
          throw invalid('input.officerIds', 'a case team needs at least two different enforcement officers');
        return {
          stage: 'REPORT_SUBMITTED',
          detail: { team: team.map((p) => ({ id: p.id, name: p.name, certificateNo: p.certificateNo })) },
        };
      },
    }),
  ],
});
