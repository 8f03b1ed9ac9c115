import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import scenario from '../../scenarios/faults/asterisk-restart.ts';
import { runScenario } from './support.ts';

const AGENTS = ['agent001', 'agent002', 'agent003'];

describe('fault: Asterisk restarted in the middle of the calls', () => {
  it('writes down every agent leaving and coming back, keeps the rows of the calls it hung up, places nothing while the agents are away, and matches every call after', async () => {
    const { results, exitCode, runDir } = await runScenario(scenario);
    const events = results.observations?.events ?? [];
    const restart = events.filter((e) => e.fault === 0);
    expect(restart.map((e) => e.kind)).toEqual(['fault-started', 'fault-ended']);
    expect(restart[1]?.detail).toMatch(/^Asterisk ready for calls again, \d+\.\d s after it was sent SIGTERM$/);
    const restartedAt = restart[0]?.at ?? Infinity;
    const outages = results.observations?.outages ?? [];
    expect(outages).toHaveLength(1);
    const outage = outages[0];
    if (outage?.upAt === undefined) throw new Error('Asterisk was not seen coming back');
    expect(outage.component).toBe('asterisk');
    expect(outage.downAt).toBeGreaterThan(restartedAt);

    // Every agent lost its registration once, after the restart began, and registered again after Asterisk answered.
    const lost = events.filter((e) => e.kind === 'agent-unregistered');
    const regained = events.filter((e) => e.kind === 'agent-registered');
    expect(lost.map((e) => e.agent).sort()).toEqual(AGENTS);
    expect(regained.map((e) => e.agent).sort()).toEqual(AGENTS);
    const registeredAt = new Map(regained.map((e) => [e.agent as string, e.at]));
    for (const e of lost) expect(e.at).toBeGreaterThan(restartedAt);
    for (const e of regained) {
      expect(e.at).toBeGreaterThanOrEqual(outage.upAt - 300);
      expect(e.lostAt).toBe(lost.find((l) => l.agent === e.agent)?.at);
      expect(e.detail).toMatch(new RegExp(`^${e.agent} re-registered after \\d+\\.\\d s \\(\\d+ attempts?\\)$`));
    }
    const logged = (await readFile(join(runDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(logged.filter((e) => e.kind === 'agent-registered')).toHaveLength(3);

    expect(results.calls).toHaveLength(27);
    // The calls up when Asterisk got SIGTERM: it hung them up (BYE) and wrote their rows, billed to that hangup.
    const cut = results.calls.filter((c) => c.timeline.answered !== undefined && c.timeline.answered < restartedAt && (c.timeline.ended ?? 0) > restartedAt);
    expect(cut.map((c) => c.agent).sort()).toEqual(AGENTS);
    for (const call of cut) {
      expect(call.outcome).toBe('failed');
      expect(call.error).toMatch(/^the call was ended by the other side \d+ ms after the answer, before the agent hung up$/);
      expect(call.talkTimeMs).toBeLessThan(scenario.talkTimeMs ?? 0);
      expect(call.cdr.kind, call.id).toBe('matched');
      if (call.cdr.kind === 'matched') expect(call.cdr.row.disposition).toBe('ANSWERED');
    }
    // Asked of an agent while it was unregistered: failed at once, no INVITE; not-placed while Asterisk was
    // down, not recorded (no INVITE, no row) once it answered again but before the agent was back.
    const away = results.calls.filter((c) => (c.timeline.dialRequested ?? 0) > restartedAt && (c.timeline.dialRequested ?? 0) < (registeredAt.get(c.agent) ?? 0));
    expect(away.length).toBeGreaterThanOrEqual(3);
    for (const call of away) {
      expect(call.outcome).toBe('failed');
      expect(call.error).toMatch(new RegExp(`^not placed: ${call.agent} is not registered with ws://127\\.0\\.0\\.1:\\d+/ws since \\d+\\.\\d s \\(.+\\); it is reconnecting$`));
      expect(call.timeline.inviteSent).toBeUndefined();
      const dialed = call.timeline.dialRequested ?? 0;
      expect(call.cdr.kind, call.id).toBe(dialed >= outage.lastUpAt && dialed < outage.upAt ? 'not-placed' : 'not-recorded');
    }
    // Every other call: before the restart or after its agent was back, answered, heard and matched.
    const rest = results.calls.filter((c) => !cut.includes(c) && !away.includes(c));
    expect(rest.length).toBe(27 - cut.length - away.length);
    for (const call of rest) {
      expect(call.outcome, call.id).toBe('answered');
      expect(call.audio?.heard, call.id).toBe(true);
      expect(call.cdr.kind, call.id).toBe('matched');
    }
    for (const agent of AGENTS) expect(rest.filter((c) => c.agent === agent && (c.timeline.dialRequested ?? 0) > (registeredAt.get(agent) ?? Infinity)).length).toBeGreaterThanOrEqual(2);
    const notPlaced = away.filter((c) => c.cdr.kind === 'not-placed').length;
    expect(results.summary.cdr).toEqual({ matched: 27 - away.length, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: away.length - notPlaced, unexpected: 0, lost: 0, inFlight: 0, notPlaced });
    expect(results.summary).toMatchObject({ placed: 27, failed: cut.length + away.length, conforms: false });
    expect(exitCode).toBe(1);
    const page = await readFile(join(runDir, 'index.html'), 'utf8');
    for (const agent of AGENTS) expect(page).toMatch(new RegExp(`${agent} re-registered after \\d+\\.\\d s`));
  });
});
