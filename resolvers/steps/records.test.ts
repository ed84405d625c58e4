import { describe, expect, it } from 'vitest';
import { storedRecord } from '../procedure/engine.js';
import { STEP_ACTIONS } from './index.js';

const named = (name: string) => {
  const found = STEP_ACTIONS.get(name);
  if (!found) throw new Error(`no action ${name}`);
  return found.action;
};

/** A step's record is checked on write against the schema its action declares (resolvers/procedure/step.ts). */
describe('a step record', () => {
  it('is stored as the input with what the step worked out, when it fits the declared record', () => {
    const stored = storedRecord(
      named('sendForProsecution'),
      { suspects: ['张三'], amountDefrauded: '1200.00' },
      { detail: { procuratorateAgencyId: 'procuratorate-220102' } },
    );
    expect(stored).toEqual({
      suspects: ['张三'],
      amountDefrauded: '1200.00',
      procuratorateAgencyId: 'procuratorate-220102',
    });
  });

  it('that does not fit its declared record is refused before anything is written', () => {
    // A step renamed a stored field: the reports' sums would silently read nothing.
    expect(() =>
      storedRecord(named('confirmReturnToFund'), { voucher: 'V-1' }, { detail: { sum: '10.00', voucher: 'V-1' } }),
    ).toThrow(/confirmReturnToFund would store a record its schema refuses/);
    expect(() =>
      storedRecord(named('decideFiling'), { filed: true }, { detail: { filed: true, noticeLater: false } }),
    ).toThrow(/policeCaseNumber/);
  });

  it('is declared by every action whose record another module reads back', () => {
    const declared = [...STEP_ACTIONS.values()].filter((a) => a.action.record).map((a) => a.action.name);
    expect(declared).toEqual(
      expect.arrayContaining([
        'prosecute',
        'recordJudgment',
        'sendForProsecution',
        'recordProceeds',
        'recordRecovery',
        'confirmReturnToFund',
        'extendFilingReview',
        'decideFiling',
        'decideReconsideration',
      ]),
    );
  });
});
