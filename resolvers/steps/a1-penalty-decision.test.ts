import { describe, expect, it } from 'vitest';
import { HubError } from '../../domain/errors.ts';
import { type PenaltyDecisionInput, sanctionsOf } from './a1-penalty-decision.ts';

type Penalised = Extract<PenaltyDecisionInput, { outcome: 'PENALISED' }>;
const penalty = (patch: Partial<Penalised>): Penalised => ({
  outcome: 'PENALISED',
  article: 'REGULATION_40',
  reasons: '事实清楚',
  ...patch,
});

/** The field a refusal names. */
const refusedOn = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error.field;
    throw error;
  }
  return 'accepted';
};

describe('A1: a penalty’s sanctions, checked against its article of 条例 and computed exactly', () => {
  it('fines a multiple of the amount, rounded half up to the fen', () => {
    expect(sanctionsOf(penalty({ lossAmount: '12345.67', fineMultiple: '2.5' }), 'INSTITUTION').fine).toBe('30864.18');
    expect(sanctionsOf(penalty({ lossAmount: '0.01', fineMultiple: '5' }), 'INSTITUTION').fine).toBe('0.05');
    expect(sanctionsOf(penalty({ lossAmount: '9999999999.99', fineMultiple: '3.33' }), 'INSTITUTION').fine).toBe(
      '33299999999.97',
    );
  });

  it('keeps each article’s range: art. 38 one to two times, art. 40 two to five, art. 41 two to five', () => {
    expect(
      refusedOn(() =>
        sanctionsOf(penalty({ article: 'REGULATION_38', lossAmount: '100', fineMultiple: '2.5' }), 'INSTITUTION'),
      ),
    ).toBe('input.fineMultiple');
    expect(refusedOn(() => sanctionsOf(penalty({ lossAmount: '100', fineMultiple: '1.5' }), 'INSTITUTION'))).toBe(
      'input.fineMultiple',
    );
    // Below the range only when the penalty is mitigated (行政处罚法 art. 32); never above it.
    expect(sanctionsOf(penalty({ lossAmount: '100', fineMultiple: '1.5', mitigated: true }), 'INSTITUTION').fine).toBe(
      '150.00',
    );
    expect(
      refusedOn(() =>
        sanctionsOf(penalty({ lossAmount: '100', fineMultiple: '5.01', mitigated: true }), 'INSTITUTION'),
      ),
    ).toBe('input.fineMultiple');
    expect(refusedOn(() => sanctionsOf(penalty({ serviceSuspensionMonths: 13 }), 'INSTITUTION'))).toBe(
      'input.serviceSuspensionMonths',
    );
  });

  it('fines a sum under art. 39, between 10,000 and 50,000 yuan, and never a multiple', () => {
    expect(sanctionsOf(penalty({ article: 'REGULATION_39', fixedFine: '20000' }), 'INSTITUTION').fine).toBe('20000.00');
    expect(refusedOn(() => sanctionsOf(penalty({ article: 'REGULATION_39', fixedFine: '60000' }), 'INSTITUTION'))).toBe(
      'input.fixedFine',
    );
    expect(
      refusedOn(() =>
        sanctionsOf(penalty({ article: 'REGULATION_39', lossAmount: '100', fineMultiple: '1' }), 'INSTITUTION'),
      ),
    ).toBe('input.fineMultiple');
  });

  it('applies arts. 38–40 to institutions and art. 41 to individuals, with the suspension each has', () => {
    expect(refusedOn(() => sanctionsOf(penalty({ orderedReturn: '1', lossAmount: '1' }), 'PERSON'))).toBe(
      'input.article',
    );
    expect(
      refusedOn(() =>
        sanctionsOf(penalty({ article: 'REGULATION_41', orderedReturn: '1', lossAmount: '1' }), 'INSTITUTION'),
      ),
    ).toBe('input.article');
    expect(
      refusedOn(() => sanctionsOf(penalty({ article: 'REGULATION_41', settlementSuspensionMonths: 2 }), 'PERSON')),
    ).toBe('input.settlementSuspensionMonths');
    expect(sanctionsOf(penalty({ article: 'REGULATION_41', settlementSuspensionMonths: 12 }), 'PERSON')).toMatchObject({
      settlementSuspensionMonths: 12,
      fine: null,
    });
  });

  it('needs a sanction, an amount behind a multiple, a return within the loss, and the law named for OTHER_LAW', () => {
    expect(refusedOn(() => sanctionsOf(penalty({}), 'INSTITUTION'))).toBe('input');
    expect(refusedOn(() => sanctionsOf(penalty({ fineMultiple: '2' }), 'INSTITUTION'))).toBe('input.lossAmount');
    expect(refusedOn(() => sanctionsOf(penalty({ lossAmount: '100', orderedReturn: '100.01' }), 'INSTITUTION'))).toBe(
      'input.orderedReturn',
    );
    expect(
      refusedOn(() => sanctionsOf(penalty({ article: 'OTHER_LAW', orderedReturn: '1', lossAmount: '1' }), 'PERSON')),
    ).toBe('input.otherBasis');
    expect(
      sanctionsOf(
        penalty({ article: 'OTHER_LAW', otherBasis: '社会保险法第八十八条', lossAmount: '100', fineMultiple: '3' }),
        'PERSON',
      ).fine,
    ).toBe('300.00');
  });
});
