import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CrashedPage } from '../../src/browser/agent-pool.ts';
import type { CallRecord } from '../../src/contracts/call-record.ts';
import { until } from './fault-support.ts';
import { runScenario } from './support.ts';

/** This test process's browser processes and all their descendants (renderers, GPU, utility), by pid. */
function browserProcesses(): number[] {
  const all: number[] = [];
  const walk = (parent: number) => {
    const children = spawnSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    for (const child of children) {
      const command = spawnSync('ps', ['-o', 'comm=', '-p', String(child)], { encoding: 'utf8' }).stdout.trim();
      if (parent === process.pid && !/chrom/i.test(command)) continue;
      all.push(child);
      walk(child);
    }
  };
  walk(process.pid);
  return all;
}

const alive = (pid: number) => spawnSync('kill', ['-0', String(pid)]).status === 0;

describe('a browser page crashing during a call', () => {
  it("reports that call with the crash, lets a fresh page take the agent's next calls, and leaves every other agent untouched", async () => {
    let crashed: CrashedPage[] = [];
    let processesDuringRun: number[] = [];
    const outcome = await runScenario(
      {
        name: 'e2e-page-crash',
        headers: { 'X-CRM-Id': 'crm_id' },
        agents: 3,
        // One page per agent: only agent002's page crashes.
        agentsPerPage: 1,
        callsPerAgent: 6,
        ringTimeMs: 100,
        talkTimeMs: 1500,
        pauseBetweenCallsMs: 300,
        // Asterisk ends the orphaned call (and writes its row) at its absolute timeout: ring + talk + slack, 5 s.
        timeouts: { callSlackMs: 3000 },
      },
      {
        duringLoad: async ({ pools }) => {
          const pool = pools[0];
          if (!pool) throw new Error('the run has no agent pool');
          processesDuringRun = browserProcesses();
          // The second round has begun; 800 ms in, agent002's call is answered and talking.
          await until('the second round of calls', () => pool.callsStarted >= 4, 60_000);
          await new Promise((resolve) => setTimeout(resolve, 800));
          await pool.crashPage('agent002');
          await until('a fresh page to take agent002 over', () => pool.crashedPages[0]?.takenOverAt !== undefined, 60_000);
          crashed = [...pool.crashedPages];
        },
      },
    );
    const { results } = outcome;

    expect(crashed).toHaveLength(1);
    expect(crashed[0]).toMatchObject({ label: 'page 2', browser: 'browser-1', agents: ['agent002'], callsInFlight: 1, crash: { reason: 'Page crashed!', page: 'page 2 in browser-1' } });

    expect(results.calls).toHaveLength(18);
    const failed = results.calls.filter((c) => c.outcome !== 'answered');
    expect(failed).toHaveLength(1);
    const crashCall = failed[0] as CallRecord & { cdr: { kind: string } };
    expect(crashCall.agent).toBe('agent002');
    expect(crashCall.outcome).toBe('failed');
    expect(crashCall.error).toMatch(/^the browser page crashed during the call \(after the answer\), \d+\.\d s after the dial: page 2 in browser-1: Page crashed!$/);
    // What the page had reported before it died: the INVITE went out and was answered, so Asterisk had the
    // call, ended it itself, and its row is there with the call's CRM id.
    expect(crashCall.timeline.inviteSent).toBeLessThan(crashCall.timeline.answered ?? -Infinity);
    expect(crashCall.timeline.ended).toBeGreaterThanOrEqual(crashCall.timeline.answered ?? Infinity);
    expect(crashCall.sipCallId).toMatch(/\S+/);
    expect(crashCall.cdr.kind).toBe('matched');

    // agent002 went on from a fresh page: its calls after the crash were answered and matched, as all others.
    const crashAt = crashed[0]!.crash.at;
    const agent002After = results.calls.filter((c) => c.agent === 'agent002' && (c.timeline.dialRequested ?? 0) > crashAt);
    expect(agent002After.length).toBeGreaterThanOrEqual(1);
    for (const call of results.calls) {
      if (call === crashCall) continue;
      expect(call.outcome).toBe('answered');
      expect(call.cdr.kind).toBe('matched');
      expect(call.audio?.heard).toBe(true);
    }
    expect(results.summary).toMatchObject({ placed: 18, answered: 17, failed: 1, conforms: false });
    expect(results.summary.cdr).toEqual({ matched: 18, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0 });
    expect(outcome.exitCode).toBe(1);
    const lines = (await readFile(join(outcome.runDir, 'calls.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as CallRecord);
    expect(lines).toHaveLength(18);
    expect(lines.find((c) => c.id === crashCall.id)?.error).toBe(crashCall.error);

    // The browser and every process it had (the crashed renderer's among them) are gone. Its helper
    // processes exit on their own after the browser process: three were still alive the moment one run
    // ended and gone seconds later, so they get up to 5 s.
    expect(processesDuringRun.length).toBeGreaterThanOrEqual(2);
    await until('the browser processes to exit', () => processesDuringRun.filter(alive).length === 0, 5000).catch(() => undefined);
    expect(processesDuringRun.filter(alive)).toEqual([]);
    expect(browserProcesses()).toEqual([]);
  });
});
