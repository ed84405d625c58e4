import { z } from 'zod';
import { wrongState } from '../../domain/errors.ts';
import { zAttachments } from '../../domain/validate.ts';
import { lastStep } from '../procedure/history.ts';
import { action, defineStep } from '../procedure/step.ts';

/** T11: after the filing notice, the bureau hands over seized items and materials within 3 days (R310 art. 12). */
export default defineStep({
  code: 'T11',
  label: '立案后移交涉案物品和材料',
  clock: { side: 'MIB', rules: [{ amount: 3, unit: 'DAYS', citation: '行政执法机关移送涉嫌犯罪案件的规定 第12条' }] },
  actions: [
    action({
      name: 'handOverItems',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['FILED'],
      input: z.object({ items: zAttachments.min(1, 'must list what is handed over') }),
      document: 'HANDOVER_LIST',
      async run(s, input) {
        const done = await lastStep(s.tx, s.matter.id, 'handOverItems');
        if (done) throw wrongState('the items were already handed over');
        return { detail: { items: input.items } };
      },
    }),
  ],
});
