import { z } from 'zod';
import { isWithinDivision } from '../../domain/divisions.js';
import { invalid } from '../../domain/errors.js';
import { zId, zReasons } from '../../domain/validate.js';
import { agencyOf } from '../agencies.js';
import { action, defineStep } from '../procedure/step.js';

/**
 * T18: a jurisdiction dispute goes to the next-higher police over the region, which designates the competent police
 * (J 三(五)). The matter waits for the designated police's receipt.
 */
export default defineStep({
  code: 'T18',
  label: '管辖争议由共同上级公安机关指定',
  actions: [
    action({
      name: 'designateJurisdiction',
      side: 'POLICE',
      positions: ['POLICE_HEAD'],
      from: ['TRANSFERRED', 'ACCEPTED', 'SUPPLEMENT_REQUESTED'],
      input: z.object({ toAgencyId: zId, reasons: zReasons }),
      document: 'DESIGNATION',
      notifiesMib: true,
      actorAllowed: (s) =>
        s.viewer.agency.kind === 'POLICE' &&
        s.viewer.agency.level !== 'COUNTY' &&
        isWithinDivision(s.matter.regionCode, s.viewer.agency.divisionCode),
      async run(s, input) {
        const target = await agencyOf(s.tx, input.toAgencyId);
        if (target?.kind !== 'POLICE' || !isWithinDivision(target.divisionCode, s.viewer.agency.divisionCode)) {
          throw invalid('input.toAgencyId', 'is not a police agency under the designating police');
        }
        return {
          stage: 'TRANSFERRED',
          patch: { policeAgencyId: target.id },
          detail: { from: s.matter.policeAgencyId, to: target.id, reasons: input.reasons },
        };
      },
    }),
  ],
});
