import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** After filing, the police report how the investigation goes (G §24 ¶2: the bureau is told). */
export default defineStep({
  code: 'INVESTIGATION',
  label: '侦查进展',
  actions: [
    action({
      name: 'reportInvestigationProgress',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['FILED'],
      input: z.object({
        progress: zText(4000).min(1, 'must not be empty'),
        suspectsDetained: z.number().int().min(0).max(10000).nullish(),
      }),
      document: 'INVESTIGATION_REPORT',
      notifiesMib: true,
      run: (_s, input) => ({ detail: { progress: input.progress, suspectsDetained: input.suspectsDetained ?? null } }),
    }),
  ],
});
