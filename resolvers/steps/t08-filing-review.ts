import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { clocks } from '../../db/schema.ts';
import { POLICE_POSITIONS, REVIEW_EXTENSIONS } from '../../domain/codes.ts';
import { forbidden, invalid } from '../../domain/errors.ts';
import { zReasons } from '../../domain/validate.ts';
import { agencyOf } from '../agencies.ts';
import { clockRule } from '../procedure/clocks.ts';
import { endsLater } from '../procedure/deadline.ts';
import { lastStep, stepsOf } from '../procedure/history.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const STANDARD_CITATION = '吉医保联〔2023〕28号 三(四)';
const ECONOMIC_CITATION = '公安机关经济犯罪案件立案审查规定';

/** What an extension of the filing review stores: the longer period granted, and why. */
const extensionRecord = stepRecord(z.object({ variant: z.string(), reasons: z.string() }));
type FilingReviewExtensionRecord = z.output<typeof extensionRecord.schema>;

/**
 * T8: the filing review (立案审查) runs from acceptance: 3 days, 7 when leads need verifying, 30 for major cases with a
 * county-or-above police head's approval; economic crimes by their own rules (J 三(四); 2017 rules art. 16).
 */
export default defineStep({
  code: 'T8',
  label: '立案审查',
  clock: {
    side: 'POLICE',
    rules: [
      { amount: 3, unit: 'DAYS', citation: STANDARD_CITATION },
      { amount: 7, unit: 'DAYS', citation: `${STANDARD_CITATION} (线索需要查证)`, variant: 'VERIFY' },
      {
        amount: 30,
        unit: 'DAYS',
        citation: `${STANDARD_CITATION} (重大疑难复杂，经县级以上公安机关负责人批准)`,
        variant: 'MAJOR',
      },
      { amount: 3, unit: 'DAYS', citation: ECONOMIC_CITATION, basis: 'ECONOMIC_CRIME' },
      {
        amount: 10,
        unit: 'DAYS',
        citation: `${ECONOMIC_CITATION} (最长不超过10日)`,
        variant: 'VERIFY',
        basis: 'ECONOMIC_CRIME',
      },
      {
        amount: 30,
        unit: 'DAYS',
        citation: `${ECONOMIC_CITATION} (重大疑难复杂，30日)`,
        variant: 'MAJOR',
        basis: 'ECONOMIC_CRIME',
      },
      {
        amount: 60,
        unit: 'DAYS',
        citation: `${ECONOMIC_CITATION} (再延长30日)`,
        variant: 'MAJOR_EXTENDED',
        basis: 'ECONOMIC_CRIME',
      },
    ],
  },
  actions: [
    action({
      name: 'extendFilingReview',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['ACCEPTED', 'SUPPLEMENT_REQUESTED'],
      record: extensionRecord,
      input: z.object({ variant: REVIEW_EXTENSIONS.schema, reasons: zReasons }),
      document: 'REVIEW_EXTENSION',
      notifiesMib: true,
      // The reviewing police, or for the economic-crime extra 30 days the police directly above it.
      viewerAllowed: (s) => s.viewer.agency.kind === 'POLICE',
      async run(s, input) {
        const party = s.matter.policeAgencyId!;
        const byParty = s.viewer.agency.id === party;
        if (input.variant === 'MAJOR_EXTENDED') {
          if (s.matter.basis !== 'ECONOMIC_CRIME') {
            throw invalid(
              'input.variant',
              `MAJOR_EXTENDED is a further 30 days for economic crimes only; this matter is on the ${s.matter.basis} basis`,
            );
          }
          const police = await agencyOf(s.tx, party);
          if (s.viewer.agency.id !== police.parentId || s.viewer.position !== 'POLICE_HEAD') {
            throw forbidden(
              'the further 30 days are approved by the head of the police directly above the reviewing police (上一级公安机关负责人)',
            );
          }
          const extensions = await stepsOf(s.tx, s.matter.id, 'extendFilingReview');
          if (!extensions.some((e) => extensionRecord.read(e.detail).variant === 'MAJOR')) {
            throw invalid('input.variant', 'the further 30 days follow a first 30 (MAJOR) only');
          }
        } else {
          if (!byParty) throw forbidden('the reviewing police extend its own review');
          if (input.variant === 'MAJOR' && s.viewer.position !== 'POLICE_HEAD') {
            throw invalid(
              'input.variant',
              'a 30-day review needs the approval of a police head at county level or above (县级以上公安机关负责人)',
            );
          }
        }
        const accepted = await lastStep(s.tx, s.matter.id, 'acceptTransfer');
        const from = accepted?.takenAt ?? s.occurredAt;
        const rule = await clockRule(s.tx, 'T8', s.matter.basis, input.variant);
        if (!rule)
          throw invalid(
            'input.variant',
            `${input.variant} is not a period of the review on the ${s.matter.basis} basis`,
          );
        const [running] = await s.tx
          .select({ startedAt: clocks.startedAt, variant: clocks.variant })
          .from(clocks)
          .where(and(eq(clocks.matterId, s.matter.id), eq(clocks.code, 'T8'), isNull(clocks.closedAt)));
        const current = running && (await clockRule(s.tx, 'T8', s.matter.basis, running.variant));
        const period = (r: NonNullable<typeof rule>) => ({ amount: r.amount ?? 0, unit: r.unit });
        if (
          running &&
          current &&
          !endsLater(
            { start: from, period: period(rule) },
            { start: running.startedAt, period: period(current) },
            s.calendar,
          )
        ) {
          throw invalid(
            'input.variant',
            `${input.variant} (${rule.amount} days from acceptance) would not end the review later than its current ${running.variant} period (${current.amount} days): an extension never shortens the review`,
          );
        }
        return {
          restartClock: { variant: input.variant, from },
          detail: { variant: input.variant, reasons: input.reasons } satisfies FilingReviewExtensionRecord,
        };
      },
    }),
  ],
});
