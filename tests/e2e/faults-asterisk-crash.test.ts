import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import scenario from '../../scenarios/faults/asterisk-crash.ts';
import { runScenario } from './support.ts';

describe('fault: Asterisk killed in the middle of the calls', () => {
  it('reports the calls up at the kill as in flight, the later ones as not placed, the finished ones matched, none missing', async () => {
    const { results, exitCode, runDir } = await runScenario(scenario);
    const outages = results.observations?.outages ?? [];
    expect(outages).toHaveLength(1);
    const [outage] = outages;
    if (outage === undefined) throw new Error('no outage observed');
    expect(outage.component).toBe('asterisk');
    expect(outage.upAt).toBeUndefined();

    // Judged by the agents' own stamps against the kill, not by the verdicts.
    const killedAt = results.observations?.events.find((e) => e.kind === 'fault-started')?.at ?? 0;
    const finished = results.calls.filter((c) => c.outcome === 'answered' && (c.timeline.ended ?? Infinity) < killedAt);
    const upAtKill = results.calls.filter((c) => c.timeline.answered !== undefined && c.timeline.answered < killedAt && !((c.timeline.ended ?? Infinity) < killedAt));
    const dialedAfter = results.calls.filter((c) => (c.timeline.dialRequested ?? 0) > outage.downAt);
    expect(finished).toHaveLength(4);
    expect(upAtKill).toHaveLength(4);
    expect(dialedAfter).toHaveLength(4);
    for (const call of finished) expect(call.cdr.kind, call.id).toBe('matched');
    for (const call of upAtKill) expect(call.cdr.kind, call.id).toBe('in-flight');
    for (const call of dialedAfter) expect(call.cdr.kind, call.id).toBe('not-placed');
    expect(results.summary.cdr).toMatchObject({ matched: 4, inFlight: 4, notPlaced: 4, missing: 0, lost: 0, duplicate: 0, mismatched: 0, unknown: 0 });
    expect(exitCode).toBe(1);
    const page = await readFile(join(runDir, 'index.html'), 'utf8');
    expect(page).toContain('in flight at PBX crash');
    expect(page).toMatch(/Asterisk down between/);
  });
});
