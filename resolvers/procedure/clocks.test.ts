import { describe, expect, it } from 'vitest';
import type { Stage } from '../../domain/codes.ts';
// Loading the step list registers it with the engine (resolvers/procedure/registry.ts).
import '../steps/index.ts';
import { clocksAfter } from './clocks.ts';
import type { MatterRow } from './step.ts';

const now = new Date('2026-11-24T02:00:00Z');
const matter = (stage: Stage, patch: Partial<MatterRow> = {}) =>
  ({
    stage,
    mibAgencyId: 'mib-220102',
    policeAgencyId: 'police-220102',
    procuratorateAgencyId: 'procuratorate-220102',
    ...patch,
  }) as MatterRow;
const open = (...codes: string[]) =>
  codes.map((code) => ({ code, agencyId: code === 'T6' ? 'mib-220102' : 'police-220102' }));
const codes = (clocks: { code: string }[]) => clocks.map((c) => c.code).sort();

describe('clocks follow the stages their steps follow', () => {
  it('acceptance starts the supplement, forwarding and filing-review windows for the police, and ends the receipt', () => {
    const { ending, starting } = clocksAfter('T4', matter('TRANSFERRED'), matter('ACCEPTED'), open('T4'), now);
    expect(codes(ending)).toEqual(['T4']);
    expect(codes(starting)).toEqual(['T5', 'T7', 'T8']);
    expect(starting.find((c) => c.code === 'T5')).toMatchObject({
      agencyId: 'police-220102',
      optional: true,
      from: now,
    });
    expect(starting.find((c) => c.code === 'T8')?.optional).toBe(false);
  });

  it('a supplement request starts the bureau’s 3 days and keeps the review running; the supplement does not reopen the request window', () => {
    const requested = clocksAfter(
      'T5',
      matter('ACCEPTED'),
      matter('SUPPLEMENT_REQUESTED'),
      open('T5', 'T7', 'T8'),
      now,
    );
    expect(codes(requested.ending)).toEqual(['T5']);
    expect(requested.starting).toMatchObject([{ code: 'T6', agencyId: 'mib-220102' }]);
    const supplied = clocksAfter('T6', matter('SUPPLEMENT_REQUESTED'), matter('ACCEPTED'), open('T6', 'T7', 'T8'), now);
    expect(codes(supplied.ending)).toEqual(['T6']);
    expect(supplied.starting).toEqual([]);
  });

  it('the filing decision ends every review clock and starts the bureau’s next window', () => {
    const filed = clocksAfter('T9', matter('ACCEPTED'), matter('FILED'), open('T5', 'T7', 'T8'), now);
    expect(codes(filed.ending)).toEqual(['T5', 'T7', 'T8']);
    expect(codes(filed.starting)).toEqual(['REPORTER_INFORMED', 'T11']);
    expect(filed.starting.find((c) => c.code === 'T11')).toMatchObject({ agencyId: 'mib-220102' });
    const notFiled = clocksAfter('T9', matter('ACCEPTED'), matter('NOT_FILED'), open('T8'), now);
    expect(notFiled.starting.find((c) => c.code === 'T12')).toMatchObject({ optional: true });
  });

  it('designation to another police while awaiting receipt restarts the receipt for the designated police', () => {
    const before = matter('TRANSFERRED');
    const after = matter('TRANSFERRED', { policeAgencyId: 'police-220104' });
    const { ending, starting } = clocksAfter('T18', before, after, open('T4'), now);
    expect(codes(ending)).toEqual(['T4']);
    expect(starting).toMatchObject([{ code: 'T4', agencyId: 'police-220104' }]);
  });

  it('supervision may follow a non-filing at once, but its own window opens only after the reconsideration', () => {
    const direct = clocksAfter('T14', matter('NOT_FILED'), matter('SUPERVISION_REQUESTED'), open('T12'), now);
    expect(codes(direct.ending)).toEqual(['T12']);
    const upheld = clocksAfter(
      'T13',
      matter('RECONSIDERATION_REQUESTED'),
      matter('RECONSIDERATION_UPHELD'),
      open('T13'),
      now,
    );
    expect(upheld.starting).toMatchObject([{ code: 'T14', agencyId: 'mib-220102', optional: true }]);
  });

  it('a step taken without a change of stage ends its own clock and starts nothing (hand-over after filing)', () => {
    const { ending, starting } = clocksAfter('T11', matter('FILED'), matter('FILED'), open('T11'), now);
    expect(codes(ending)).toEqual(['T11']);
    expect(starting).toEqual([]);
  });
});

describe('the bureau’s own case keeps its clocks beside the criminal path', () => {
  const investigating = (stage: Stage) => matter(stage, { administrativeStage: 'INVESTIGATING' });

  it('opening the case starts the 90 days for the decision (A1)', () => {
    const { starting } = clocksAfter('', null, investigating('CASE_OPEN'), [], now);
    expect(starting).toMatchObject([{ code: 'A1', agencyId: 'mib-220102', optional: false }]);
  });

  it('a transfer ends the 90 days; a non-filing hands the case back and starts them again', () => {
    const transferred = clocksAfter(
      'T3',
      investigating('TRANSFER_APPROVED'),
      investigating('TRANSFERRED'),
      [{ code: 'A1', agencyId: 'mib-220102' }],
      now,
    );
    expect(codes(transferred.ending)).toEqual(['A1']);
    const notFiled = clocksAfter('T10', investigating('NON_FILING_DECIDED'), investigating('NOT_FILED'), [], now);
    expect(codes(notFiled.starting)).toContain('A1');
  });

  it('a decision starts the service’s 7 working days, which no transfer stops', () => {
    const decided = clocksAfter(
      'A1',
      investigating('CASE_OPEN'),
      matter('CASE_OPEN', { administrativeStage: 'DECIDED' }),
      [{ code: 'A1', agencyId: 'mib-220102' }],
      now,
    );
    expect(codes(decided.ending)).toEqual(['A1']);
    expect(codes(decided.starting)).toEqual(['A2']);
    const transferred = clocksAfter(
      'T3',
      matter('TRANSFER_APPROVED', { administrativeStage: 'DECIDED' }),
      matter('TRANSFERRED', { administrativeStage: 'DECIDED' }),
      [{ code: 'A2', agencyId: 'mib-220102' }],
      now,
    );
    expect(transferred.ending).toEqual([]);
  });

  it('service opens the party’s 15 days to pay, a window never overdue for the bureau (A3)', () => {
    const served = clocksAfter(
      'A2',
      matter('TRANSFERRED', { administrativeStage: 'DECIDED' }),
      matter('TRANSFERRED', { administrativeStage: 'SERVED' }),
      [{ code: 'A2', agencyId: 'mib-220102' }],
      now,
    );
    expect(served.starting).toMatchObject([{ code: 'A3', optional: true }]);
  });
});
