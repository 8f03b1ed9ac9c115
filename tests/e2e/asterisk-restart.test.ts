import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistrationOutage } from '../../src/logic/registration-outages.ts';
import { until } from './fault-support.ts';
import { runScenario } from './support.ts';

const AGENTS = ['agent001', 'agent002', 'agent003'];
const DOWNTIME_MS = 4000;

describe('Asterisk restarted while agents call', () => {
  it('re-registers every agent, fails the calls asked for meanwhile at once, and answers and matches every other call', async () => {
    let restartBegan = 0;
    let restartEnded = 0;
    let outages: RegistrationOutage[] = [];
    const outcome = await runScenario(
      {
        name: 'e2e-asterisk-restart',
        headers: { 'X-CRM-Id': 'crm_id' },
        agents: 3,
        agentsPerPage: 2,
        callsPerAgent: 10,
        ringTimeMs: 100,
        talkTimeMs: 1000,
        // Agents pause between calls, so the restart can start while no call is up.
        pauseBetweenCallsMs: 1500,
      },
      {
        duringLoad: async ({ stack, pools }) => {
          const pool = pools[0];
          if (!pool || !stack.restartAsterisk) throw new Error('the run has no pool or cannot restart its Asterisk');
          // The first round of calls has ended and the agents pause: no call is up when Asterisk goes.
          await until('the first 3 calls to end', () => pool.callsStarted >= 3 && pool.callsInFlight === 0, 60_000);
          restartBegan = Date.now();
          await stack.restartAsterisk({ downtimeMs: DOWNTIME_MS });
          restartEnded = Date.now();
          await until('every agent to register again', () => pool.registrationOutages.length === 3 && pool.unregisteredAgents.length === 0, 60_000);
          outages = [...pool.registrationOutages];
        },
      },
    );
    const { results } = outcome;

    // Every agent lost its registration when Asterisk stopped, and registered again once it was back.
    expect(outages.map((o) => o.agent).sort()).toEqual(AGENTS);
    const outageOf = new Map(outages.map((o) => [o.agent, o]));
    for (const o of outages) {
      expect(o.lostAt).toBeGreaterThanOrEqual(restartBegan - 50);
      expect(o.regainedAt).toBeDefined();
      // Not before Asterisk was down for the whole downtime, and within the backoff's 2 s cap (plus a
      // slow machine's margin) of Asterisk being ready again.
      expect(o.regainedAt! - o.lostAt).toBeGreaterThanOrEqual(DOWNTIME_MS);
      expect(o.regainedAt!).toBeLessThanOrEqual(restartEnded + 10_000);
      expect(o.attempts).toBeGreaterThanOrEqual(2);
    }

    expect(results.calls).toHaveLength(30);
    const notPlaced = results.calls.filter((c) => c.outcome === 'failed');
    const answered = results.calls.filter((c) => c.outcome === 'answered');
    expect(notPlaced.length + answered.length).toBe(30);
    for (const call of notPlaced) {
      // Failed at once, with the reason, and no INVITE ever went out: no row is expected, none came.
      expect(call.error).toMatch(new RegExp(`^not placed: ${call.agent} is not registered with ws://127\\.0\\.0\\.1:\\d+/ws since \\d+\\.\\d s \\(.+\\); it is reconnecting$`));
      expect(call.timeline.inviteSent).toBeUndefined();
      expect(call.sip).toEqual([]);
      expect((call.timeline.ended ?? Infinity) - (call.timeline.dialRequested ?? 0)).toBeLessThan(500);
      const o = outageOf.get(call.agent)!;
      expect(call.timeline.dialRequested).toBeGreaterThanOrEqual(o.lostAt);
      expect(call.timeline.dialRequested).toBeLessThanOrEqual(o.regainedAt!);
      expect(call.cdr.kind).toBe('not-recorded');
    }
    // Every agent had calls refused while Asterisk was away, and calls answered after it came back.
    for (const agent of AGENTS) {
      const o = outageOf.get(agent)!;
      expect(notPlaced.filter((c) => c.agent === agent).length).toBeGreaterThanOrEqual(1);
      const after = answered.filter((c) => c.agent === agent && (c.timeline.dialRequested ?? 0) > o.regainedAt!);
      expect(after.length).toBeGreaterThanOrEqual(1);
      // Those calls carry the new registration's stamp.
      for (const call of after) expect(call.timeline.registered).toBe(o.regainedAt);
    }
    for (const call of answered) {
      expect(call.cdr.kind).toBe('matched');
      expect(call.audio?.heard).toBe(true);
    }
    expect(results.summary).toMatchObject({ placed: 30, answered: answered.length, failed: notPlaced.length, conforms: false });
    expect(results.summary.cdr).toEqual({ matched: answered.length, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: notPlaced.length, unexpected: 0 });
    expect(outcome.exitCode).toBe(1);
    const lines = (await readFile(join(outcome.runDir, 'calls.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(30);
    // Asterisk's console after the restart is in the run's log too.
    const log = await readFile(join(outcome.runDir, 'asterisk.log'), 'utf8');
    expect(log).toContain('--- callcheck: restarting Asterisk');
    expect(log.slice(log.indexOf('--- callcheck: restarting Asterisk'))).toMatch(/Asterisk Ready/);
  });
});
