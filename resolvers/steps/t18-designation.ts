import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { steps } from '../../db/schema.ts';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { forbidden, invalid, wrongState } from '../../domain/errors.ts';
import { zId, zReasons } from '../../domain/validate.ts';
import { agencyOf } from '../agencies.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const designation = z.object({ toAgencyId: zId, reasons: zReasons });

const DISPUTABLE = ['TRANSFERRED', 'ACCEPTED', 'SUPPLEMENT_REQUESTED'] as const;

/** An agency and the agencies above it, nearest first. */
async function chainUp(db: Db, id: string) {
  const chain: string[] = [];
  for (let current: string | null = id; current && chain.length < 6; ) {
    chain.push(current);
    current = (await agencyOf(db, current))?.parentId ?? null;
  }
  return chain;
}

/**
 * T18: when jurisdiction is unclear or disputed, the police holding the matter reports it to the police above
 * (报请上一级公安机关指定管辖), which — being directly above both the holder and the police it names — designates
 * the competent police (J 三(五)). The matter then waits for the designated police's receipt.
 */
export default defineStep({
  code: 'T18',
  label: '管辖争议由共同上级公安机关指定',
  actions: [
    action({
      name: 'requestDesignation',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: [...DISPUTABLE],
      input: z.object({ reasons: zReasons }),
      document: 'DESIGNATION_REQUEST',
      run: (_s, input) => ({ detail: { reasons: input.reasons } }),
    }),
    action({
      name: 'designateJurisdiction',
      side: 'POLICE',
      positions: ['POLICE_HEAD'],
      from: [...DISPUTABLE],
      input: designation,
      record: stepRecord(designation.extend({ from: zId, to: zId })),
      document: 'DESIGNATION',
      notifiesMib: true,
      viewerAllowed: (s) => s.viewer.agency.kind === 'POLICE' && s.viewer.agency.level !== 'COUNTY',
      async run(s, input) {
        const holder = s.matter.policeAgencyId!;
        const [last] = await s.tx
          .select({ action: steps.action })
          .from(steps)
          .where(
            and(
              eq(steps.matterId, s.matter.id),
              inArray(steps.action, ['requestDesignation', 'designateJurisdiction', 'forwardTransfer']),
            ),
          )
          .orderBy(desc(steps.takenAt))
          .limit(1);
        if (last?.action !== 'requestDesignation') {
          throw wrongState(
            'no request for designation is pending: the police holding the matter reports the dispute first (requestDesignation)',
          );
        }
        const target = await agencyOf(s.tx, input.toAgencyId);
        if (target?.kind !== 'POLICE') throw invalid('input.toAgencyId', 'is not a police agency');
        if (target.id === holder) throw invalid('input.toAgencyId', 'already holds the matter');
        const [fromHolder, fromTarget] = await Promise.all([chainUp(s.tx, holder), chainUp(s.tx, target.id)]);
        const common = fromHolder.find((id) => id !== holder && id !== target.id && fromTarget.includes(id));
        if (common !== s.viewer.agency.id) {
          throw forbidden(
            'only the police directly above both the holder and the designated police designates jurisdiction',
          );
        }
        return {
          stage: 'TRANSFERRED',
          patch: { policeAgencyId: target.id },
          detail: { from: holder, to: target.id, reasons: input.reasons },
        };
      },
    }),
  ],
});
