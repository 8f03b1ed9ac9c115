import { describe, expect, it } from 'vitest';
import { findSippCeiling, judgeStep } from './sipp-ceiling.ts';
import type { SippRunOptions, SippRunResult } from './sipp-run.ts';

function result(over: Partial<SippRunResult>): SippRunResult {
  return {
    attempted: 100,
    successful: 100,
    failed: 0,
    unfinished: 0,
    durationS: 2.2,
    placingS: 2,
    callsPerSecond: 50,
    peakConcurrent: 10,
    inviteTo200Ms: { count: 100, p50: 4, p95: 8, max: 12 },
    retransmissions: 0,
    failures: {},
    timedOut: false,
    exit: 'code 0',
    dir: '/tmp/x',
    ...over,
  };
}

describe('judgeStep', () => {
  it('passes 99% success at 90% of the asked rate, and fails below either', () => {
    expect(judgeStep('rate', 50, 100, result({ successful: 99, callsPerSecond: 45 }))).toBeUndefined();
    expect(judgeStep('rate', 50, 100, result({ successful: 98 }))).toBe('98/100 calls succeeded (< 99%)');
    expect(judgeStep('rate', 50, 100, result({ callsPerSecond: 44.9 }))).toBe('44.9 calls/s achieved (< 90% of 50)');
    expect(judgeStep('rate', 50, 100, result({ timedOut: true }))).toBe('timed out');
  });

  it('asks concurrency steps to have held the calls at once, and applies a latency limit only when given', () => {
    expect(judgeStep('concurrency', 400, 400, result({ successful: 400, peakConcurrent: 396 }))).toBeUndefined();
    expect(judgeStep('concurrency', 400, 400, result({ successful: 400, peakConcurrent: 395 }))).toBe('peak 395 calls at once (< 99% of 400)');
    expect(judgeStep('rate', 50, 100, result({ inviteTo200Ms: { count: 100, p50: 300, p95: 900, max: 1000 } }))).toBeUndefined();
    expect(judgeStep('rate', 50, 100, result({ inviteTo200Ms: { count: 100, p50: 300, p95: 900, max: 1000 } }), 500)).toBe('INVITE-to-200 p95 900 ms (> 500 ms)');
  });
});

describe('findSippCeiling', () => {
  const base = { target: '127.0.0.1:5060', username: 'sipp', password: 'pw', workDir: '/tmp' };

  /** A PBX that sustains up to `maxRate` calls/s and `maxHeld` calls at once; steps take no time. */
  function fakePbx(maxRate: number, maxHeld: number) {
    const asked: SippRunOptions[] = [];
    const run = async (o: SippRunOptions): Promise<SippRunResult> => {
      asked.push(o);
      const held = Math.min(o.totalCalls, maxHeld);
      const ok = o.ratePerS <= maxRate && o.totalCalls <= maxHeld ? o.totalCalls : Math.floor(o.totalCalls * 0.8);
      return result({ attempted: o.totalCalls, successful: ok, failed: o.totalCalls - ok, callsPerSecond: Math.min(o.ratePerS, maxRate), peakConcurrent: held });
    };
    return { asked, run };
  }

  it('reports the best passing rate and concurrency, stopping each search at its first failing step', async () => {
    const pbx = fakePbx(250, 500);
    const c = await findSippCeiling({ ...base, budgetMs: 10 * 60_000, run: pbx.run, concurrencyHoldMs: 1000 });
    expect(c.steps.map((s) => [s.kind, s.asked, s.passed])).toEqual([
      ['rate', 20, true],
      ['rate', 50, true],
      ['rate', 100, true],
      ['rate', 200, true],
      ['rate', 400, false],
      ['concurrency', 100, true],
      ['concurrency', 200, true],
      ['concurrency', 400, true],
      ['concurrency', 800, false],
    ]);
    expect(c).toMatchObject({ callsPerSecond: 200, callsPerSecondAsked: 200, concurrentCalls: 400, concurrentCallsAsked: 400, budgetExhausted: false });
    // Rate steps: 2 s of calls with a short hold; concurrency steps ramp at half the best rate (capped)
    // and hold each call until the last is up.
    expect(pbx.asked[3]).toMatchObject({ ratePerS: 200, totalCalls: 400, holdMs: 200 });
    expect(pbx.asked[7]).toMatchObject({ ratePerS: 100, totalCalls: 400, maxConcurrent: 400, holdMs: 6000 });
    expect(pbx.asked.every((o) => o.target === '127.0.0.1:5060' && o.password === 'pw')).toBe(true);
  }, 20_000);

  it('starts no step that would not fit the budget, and says so', async () => {
    const pbx = fakePbx(10_000, 10_000);
    const lines: string[] = [];
    const c = await findSippCeiling({ ...base, budgetMs: 12_000, rates: [100, 200], concurrency: [100], run: pbx.run, log: (l) => lines.push(l) });
    // Rate share 4.8 s: 100/s (2 s + 0.2 s + 1.5 s) fits, 200/s would start after it and still fit; the
    // concurrency step (10 s hold) does not fit what is left.
    expect(c.steps.map((s) => [s.kind, s.asked])).toEqual([
      ['rate', 100],
      ['rate', 200],
    ]);
    expect(c.budgetExhausted).toBe(true);
    expect(c.concurrentCalls).toBeUndefined();
    expect(lines.at(-1)).toMatch(/100 concurrent calls skipped/);
  }, 20_000);
});
