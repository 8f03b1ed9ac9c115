import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/contracts/run-events.ts';
import scenario from '../../scenarios/faults/cdr-db-outage.ts';
import { CDR_ENGINES, onCdrImage, runScenario } from './support.ts';

describe.each(CDR_ENGINES)('fault: the CDR database ($engine) stopped in the middle of the calls', ({ engine, image }) => {
  it('reports exactly the calls that hung up during the outage as lost, every other call matched, and the recovery time', async () => {
    const { results, exitCode, runDir } = await runScenario(onCdrImage(scenario, image));
    expect(results.stack.cdrEngine).toBe(engine);
    const events = (await readFile(join(runDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(['fault-started', 'cdr-db-down', 'fault-ended', 'cdr-db-up']);
    const stoppedAt = events[0]?.at ?? 0;
    const startedAgainAt = events[2]?.at ?? 0;

    const outages = results.observations?.outages ?? [];
    expect(outages).toHaveLength(1);
    const [outage] = outages;
    if (outage === undefined || outage.recoveredAt === undefined || outage.recoveryMs === undefined || outage.upAt === undefined) throw new Error(`no recovery measured: ${JSON.stringify(outage)}`);
    expect(outage.component).toBe('cdr-db');
    expect(outage.downAt).toBeGreaterThanOrEqual(stoppedAt);
    // The container was not running from the stop until it was started again: the rows were written later.
    expect(outage.recoveredAt).toBeGreaterThan(startedAgainAt);
    expect(outage.recoveredAt).toBeLessThan(outage.upAt + 10_000);

    const { downAt, recoveredAt } = outage;
    const lost = results.calls.filter((c) => c.cdr.kind === 'lost').map((c) => c.id);
    const endedInOutage = results.calls.filter((c) => (c.timeline.ended ?? 0) >= downAt && (c.timeline.ended ?? 0) < recoveredAt).map((c) => c.id);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost).toEqual(endedInOutage);
    // Every call that hung up while the container was certainly stopped lost its row.
    for (const call of results.calls) {
      const ended = call.timeline.ended ?? 0;
      if (ended > outage.downAt && ended < startedAgainAt) expect(call.cdr.kind, call.id).toBe('lost');
      if (call.cdr.kind === 'lost') expect(call.cdr.reason).toMatch(/cdr_adaptive_odbc drops a row whose insert fails/);
    }
    const c = results.summary.cdr;
    expect(results.summary.placed).toBe(56);
    expect(results.summary.failed).toBe(0);
    expect({ matched: c.matched, lost: c.lost, missing: c.missing, duplicate: c.duplicate, mismatched: c.mismatched, unknown: c.unknown }).toEqual({ matched: 56 - lost.length, lost: lost.length, missing: 0, duplicate: 0, mismatched: 0, unknown: 0 });
    expect(results.observations?.cdrDelay?.measured).toBeGreaterThan(0);
    expect(exitCode).toBe(1);

    const page = await readFile(join(runDir, 'index.html'), 'utf8');
    expect(page).toContain('lost in CDR outage');
    expect(page).toMatch(/CDR database down between .* rows written again/);
    const junit = await readFile(join(runDir, 'junit.xml'), 'utf8');
    expect(junit.match(/CDR row lost in a CDR database outage/g)).toHaveLength(lost.length);
  });
});
