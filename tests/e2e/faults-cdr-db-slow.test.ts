import { describe, expect, it } from 'vitest';
import scenario from '../../scenarios/faults/cdr-db-slow.ts';
import { runScenario } from './support.ts';

describe('fault: the CDR database slowed', () => {
  it('loses no row and reports a hangup → row delay of at least the planted delay', async () => {
    const { results, exitCode } = await runScenario(scenario);
    const planted = scenario.faults?.[0];
    if (planted?.kind !== 'cdr-db-slow') throw new Error('the scenario plants a cdr-db-slow fault');
    const events = results.observations?.events ?? [];
    expect(events.map((e) => e.kind)).toEqual(['fault-started', 'fault-ended']);
    const [started, ended] = events.map((e) => e.at) as [number, number];

    expect(results.summary.cdr).toMatchObject({ matched: 16, missing: 0, lost: 0, duplicate: 0, mismatched: 0, unknown: 0 });
    expect(results.observations?.outages).toEqual([]);
    expect(exitCode).toBe(0);
    const delay = results.observations?.cdrDelay;
    expect(delay?.measured).toBe(16);
    expect(delay?.p95Ms).toBeGreaterThanOrEqual(planted.delayMs);
    // Every call that hung up well inside the slowdown waited the planted delay for its row, at least.
    const slowed = results.calls.filter((c) => (c.timeline.ended ?? 0) > started + 100 && (c.timeline.ended ?? 0) < ended - 100);
    expect(slowed.length).toBeGreaterThan(0);
    for (const call of slowed) expect(call.cdrRowDelayMs, call.id).toBeGreaterThanOrEqual(planted.delayMs - 50);
  });
});
