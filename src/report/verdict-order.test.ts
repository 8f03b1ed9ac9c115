import { describe, expect, it } from 'vitest';
import { FIXTURE_CALLS, makeResults } from '../../tests/support/report-fixtures.ts';
import { orderForReport } from './verdict-order.ts';

describe('orderForReport', () => {
  it('lists missing, duplicate, mismatched, unexpected-row, failed calls, then the rest by index', () => {
    const calls = makeResults({ extraMatchedCalls: 2 }).calls;
    expect(orderForReport([...calls].reverse()).map((c) => c.id)).toEqual([
      FIXTURE_CALLS.missing,
      FIXTURE_CALLS.duplicate,
      FIXTURE_CALLS.mismatched,
      FIXTURE_CALLS.unexpectedRow,
      FIXTURE_CALLS.failed,
      FIXTURE_CALLS.matched,
      FIXTURE_CALLS.notRecorded,
      'call-0008',
      'call-0009',
    ]);
  });

  it('puts a wrong-outcome call with the failed calls, before the passing ones', () => {
    const calls = makeResults().calls.map((c) => (c.id === FIXTURE_CALLS.notRecorded ? { ...c, plannedOutcome: 'answer' as const } : c));
    const ids = orderForReport(calls).map((c) => c.id);
    expect(ids.indexOf(FIXTURE_CALLS.notRecorded)).toBe(ids.indexOf(FIXTURE_CALLS.failed) + 1);
    expect(ids.indexOf(FIXTURE_CALLS.notRecorded)).toBeLessThan(ids.indexOf(FIXTURE_CALLS.matched));
  });

  it('orders calls of the same verdict by the order they were placed', () => {
    const calls = makeResults().calls;
    const missing = calls.find((c) => c.id === FIXTURE_CALLS.missing)!;
    const later = { ...missing, id: 'call-0100', index: 99 };
    const earlier = { ...missing, id: 'call-0000', index: -1 };
    expect(orderForReport([later, missing, earlier]).map((c) => c.id)).toEqual(['call-0000', FIXTURE_CALLS.missing, 'call-0100']);
  });

  it('does not reorder its input', () => {
    const calls = makeResults().calls;
    const ids = calls.map((c) => c.id);
    orderForReport(calls);
    expect(calls.map((c) => c.id)).toEqual(ids);
  });
});
