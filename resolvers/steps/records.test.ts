import { describe, expect, it } from 'vitest';
import { storedRecord } from '../procedure/engine.ts';
import { recordOf } from '../procedure/step.ts';
import { STEP_ACTIONS } from './index.ts';

const named = (name: string) => {
  const found = STEP_ACTIONS.get(name);
  if (!found) throw new Error(`no action ${name}`);
  return found.action;
};

/** A step's record is checked on write against its action's record (resolvers/procedure/step.ts, `recordOf`). */
describe('a step record', () => {
  it('is stored as the input with what the step worked out, when the record declares both', () => {
    const stored = storedRecord(
      named('forwardTransfer'),
      { toAgencyId: 'police-220104', reasons: '涉案医院位于朝阳区，由朝阳分局管辖。' },
      { detail: { from: 'police-220102', to: 'police-220104', reasons: '涉案医院位于朝阳区，由朝阳分局管辖。' } },
    );
    expect(stored).toEqual({
      toAgencyId: 'police-220104',
      reasons: '涉案医院位于朝阳区，由朝阳分局管辖。',
      from: 'police-220102',
      to: 'police-220104',
    });
  });

  it('that does not fit its record is refused before anything is written', () => {
    // A step renamed a stored field: the reports' sums would silently read nothing.
    expect(() =>
      storedRecord(named('confirmReturnToFund'), { voucher: 'V-1' }, { detail: { sum: '10.00', voucher: 'V-1' } }),
    ).toThrow(/confirmReturnToFund would store a record its schema refuses/);
    expect(() =>
      storedRecord(named('decideFiling'), { filed: true }, { detail: { filed: true, noticeLater: false } }),
    ).toThrow(/policeCaseNumber/);
  });

  it('holds no field its record does not declare, also where the record is the input as given', () => {
    expect(() =>
      storedRecord(
        named('sendForProsecution'),
        { suspects: ['张三'], amountDefrauded: '1200.00' },
        { detail: { procuratorateAgencyId: 'procuratorate-220102' } },
      ),
    ).toThrow(/sendForProsecution would store fields its record does not declare: procuratorateAgencyId/);
    expect(() =>
      storedRecord(named('acceptTransfer'), { note: null }, { detail: { note: null, receivedBy: 'police-220102' } }),
    ).toThrow(/acceptTransfer would store fields its record does not declare: receivedBy/);
  });

  it('is the input as given for an action that stores nothing more, and declared by each that does', () => {
    const declared = [...STEP_ACTIONS.values()].filter((a) => a.action.record).map((a) => a.action.name);
    expect(declared).toEqual(
      expect.arrayContaining([
        'submitTransferReport',
        'transferToPolice',
        'forwardTransfer',
        'designateJurisdiction',
        'proposeDualListing',
        'prosecute',
        'recordJudgment',
        'recordAppeal',
        'sendForProsecution',
        'confirmReturnToFund',
        'decideFiling',
      ]),
    );
    const plain = named('requestSupplement');
    expect(plain.record).toBeUndefined();
    expect(recordOf(plain).schema).toBe(plain.input);
  });
});
