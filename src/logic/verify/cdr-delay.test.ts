import { describe, expect, it } from 'vitest';
import { cdrDelayStats, cdrRowDelays } from './cdr-delay.ts';

const call = (n: number, ended: number | undefined) => ({ id: `call-${n}`, headers: { 'X-CRM-Id': `C-${n}` }, timeline: ended === undefined ? {} : { ended } });

describe('cdrRowDelays', () => {
  it('is the time from hangup to the poll that first saw the row', () => {
    const seen = new Map([
      ['C-1', { seenAt: 1250, previousPollAt: 1150 }],
      ['C-2', { seenAt: 4000, previousPollAt: 3900 }],
    ]);
    expect(cdrRowDelays([call(1, 1000), call(2, 1990.04)], 'X-CRM-Id', seen, 100)).toEqual(new Map([['call-1', 250], ['call-2', 2010]]));
  });

  it('gives none without a hangup, without a row, or when the polls before the row were too far apart', () => {
    const seen = new Map([
      ['C-1', { seenAt: 1250, previousPollAt: 1150 }],
      ['C-3', { seenAt: 9000, previousPollAt: 4000 }],
    ]);
    expect(cdrRowDelays([call(1, undefined), call(2, 1000), call(3, 3000)], 'X-CRM-Id', seen, 100).size).toBe(0);
  });
});

describe('cdrDelayStats', () => {
  it('gives p50, p95 and the largest delay', () => {
    expect(cdrDelayStats([10, 20, 30, 40, 2000], 100)).toEqual({ measured: 5, p50Ms: 30, p95Ms: 1608, maxMs: 2000, pollMs: 100 });
  });

  it('gives only the count when nothing was measured', () => {
    expect(cdrDelayStats([], 100)).toEqual({ measured: 0, pollMs: 100 });
  });
});
