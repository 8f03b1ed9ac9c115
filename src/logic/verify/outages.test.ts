import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../contracts/run-events.ts';
import { outagesFrom, withCdrRecovery } from './outages.ts';

const ev = (at: number, kind: RunEvent['kind'], lastUpAt?: number): RunEvent => ({ at, kind, detail: kind, ...(lastUpAt === undefined ? {} : { lastUpAt }) });

describe('outagesFrom', () => {
  it('pairs each down with the next up, per component, in time order', () => {
    const events = [ev(100, 'fault-started'), ev(120, 'cdr-db-down', 90), ev(300, 'asterisk-down', 280), ev(500, 'cdr-db-up'), ev(700, 'cdr-db-down', 650), ev(900, 'cdr-db-up')];
    expect(outagesFrom(events)).toEqual([
      { component: 'cdr-db', lastUpAt: 90, downAt: 120, upAt: 500 },
      { component: 'asterisk', lastUpAt: 280, downAt: 300 },
      { component: 'cdr-db', lastUpAt: 650, downAt: 700, upAt: 900 },
    ]);
  });

  it('gives none when nothing went down, and ignores an up with no down before it', () => {
    expect(outagesFrom([ev(10, 'fault-started'), ev(20, 'asterisk-up')])).toEqual([]);
  });
});

describe('withCdrRecovery', () => {
  const outage = { component: 'cdr-db' as const, lastUpAt: 1000, downAt: 1200, upAt: 5000 };

  it('is the hangup of the first call after the outage began whose row is there', () => {
    const calls = [
      { ended: 900, hasRow: true },
      { ended: 1500, hasRow: false },
      { ended: 5300, hasRow: false },
      { ended: 5600, hasRow: true },
      { ended: 6000, hasRow: true },
    ];
    expect(withCdrRecovery([outage], calls)).toEqual([{ ...outage, recoveredAt: 5600, recoveryMs: 600 }]);
  });

  it('stays absent when no row came after the outage, and leaves Asterisk outages alone', () => {
    const asterisk = { component: 'asterisk' as const, lastUpAt: 10, downAt: 20 };
    expect(withCdrRecovery([outage, asterisk], [{ ended: 1500, hasRow: false }, { hasRow: false }])).toEqual([outage, asterisk]);
  });

  it('looks for each outage\'s recovery before the next outage began', () => {
    const second = { component: 'cdr-db' as const, lastUpAt: 8000, downAt: 8100, upAt: 9000 };
    const recovered = withCdrRecovery([outage, second], [{ ended: 8500, hasRow: true }, { ended: 9500, hasRow: true }]);
    expect(recovered.map((o) => o.recoveredAt)).toEqual([undefined, 8500]);
  });
});
