import { z } from 'zod';
import { STAGES } from '../../domain/codes.ts';
import { isWithinDivision } from '../../domain/divisions.ts';
import { invalid, wrongState } from '../../domain/errors.ts';
import { zId, zText } from '../../domain/validate.ts';
import { agencyOf } from '../agencies.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const proposal = z.object({ policeAgencyId: zId.describe('The province-level police asked to co-list.') });

/**
 * 双挂牌督办 (J 五(二)): the province bureau lists an important matter, naming its head as responsible, and asks the
 * province police to co-list it; the province police head confirms and is named responsible too.
 */
export default defineStep({
  code: 'DUAL_LISTING',
  label: '省级医保部门和公安机关双挂牌督办',
  actions: [
    action({
      name: 'proposeDualListing',
      side: 'MIB',
      positions: ['MIB_HEAD'],
      from: STAGES.values,
      input: proposal,
      record: stepRecord(proposal.extend({ proposedTo: zId })),
      viewerAllowed: (s) =>
        s.viewer.agency.kind === 'MIB' &&
        s.viewer.agency.level === 'PROVINCE' &&
        isWithinDivision(s.matter.regionCode, s.viewer.agency.divisionCode),
      async run(s, input) {
        if (s.matter.dualListingPoliceAgencyId) throw wrongState('the matter is already listed');
        const police = await agencyOf(s.tx, input.policeAgencyId);
        if (police?.kind !== 'POLICE' || police.divisionCode !== s.viewer.agency.divisionCode) {
          throw invalid('input.policeAgencyId', 'is not the province-level police of this province');
        }
        return {
          patch: { dualListingPoliceAgencyId: police.id, dualListingMibHeadId: s.viewer.personId },
          detail: { proposedTo: police.id },
        };
      },
    }),
    action({
      name: 'confirmDualListing',
      side: 'POLICE',
      positions: ['POLICE_HEAD'],
      from: STAGES.values,
      input: z.object({ note: zText(2000).nullish() }),
      viewerAllowed: (s) => s.viewer.agency.id === s.matter.dualListingPoliceAgencyId,
      notifiesMib: true,
      run(s, input) {
        if (s.matter.dualListedAt) throw wrongState('the matter is already listed');
        return {
          patch: { dualListingPoliceHeadId: s.viewer.personId, dualListedAt: s.occurredAt },
          detail: { note: input.note ?? null },
        };
      },
    }),
  ],
});
