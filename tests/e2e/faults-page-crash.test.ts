import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import scenario from '../../scenarios/faults/page-crash.ts';
import type { CallRecord } from '../../src/contracts/call-record.ts';
import { waitFor } from '../support/wait-for.ts';
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

describe('fault: a browser page crashed during a call', () => {
  it("reports the crash as it happens, fails that call naming it, lets a fresh page take the agent's next calls, and leaves every other agent untouched", async () => {
    const seen = new Set<number>();
    // The browser's processes as the agents first registered, and once the fresh page took agent002 over.
    const log = (line: string) => {
      if (/agents registered in|took over agent002/.test(line)) for (const pid of browserProcesses()) seen.add(pid);
    };
    const outcome = await runScenario(scenario, { log });
    const { results } = outcome;
    const events = results.observations?.events ?? [];

    const crashes = events.filter((e) => e.kind === 'page-crashed');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ page: 'page 2 in browser-1', agents: ['agent002'], callsInFlight: 1 });
    expect(crashes[0]?.detail).toBe('page 2 in browser-1 crashed (Page crashed!) with 1 call in progress, serving agent002');
    expect(events.filter((e) => e.fault === 0).map((e) => [e.kind, e.detail])).toEqual([
      ['fault-started', 'the page of agent002 crashed (chrome://crash)'],
      ['fault-ended', 'page 2 in browser-1 crashed: Page crashed!'],
    ]);
    const events_ = (await readFile(join(outcome.runDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(events_.filter((e) => e.kind === 'page-crashed')).toHaveLength(1);

    expect(results.calls).toHaveLength(18);
    const failed = results.calls.filter((c) => c.outcome !== 'answered');
    expect(failed).toHaveLength(1);
    const crashCall = failed[0] as (typeof results.calls)[number];
    expect(crashCall.agent).toBe('agent002');
    expect(crashCall.outcome).toBe('failed');
    expect(crashCall.error).toMatch(/^the browser page crashed during the call \(after the answer\), \d+\.\d s after the dial: page 2 in browser-1: Page crashed!$/);
    // Asterisk had the call (the INVITE went out and was answered), ended it itself, and wrote its row.
    expect(crashCall.timeline.inviteSent).toBeLessThan(crashCall.timeline.answered ?? -Infinity);
    expect(crashCall.timeline.ended).toBeGreaterThanOrEqual(crashCall.timeline.answered ?? Infinity);
    expect(crashCall.cdr.kind).toBe('matched');

    // agent002 went on from a fresh page: its calls after the crash were answered and matched, as all others.
    const crashAt = crashes[0]?.at ?? Infinity;
    const agent002After = results.calls.filter((c) => c.agent === 'agent002' && (c.timeline.dialRequested ?? 0) > crashAt);
    expect(agent002After).toHaveLength(4);
    for (const call of results.calls) {
      if (call === crashCall) continue;
      expect(call.outcome, call.id).toBe('answered');
      expect(call.cdr.kind, call.id).toBe('matched');
      expect(call.audio?.heard, call.id).toBe(true);
    }
    expect(results.summary).toMatchObject({ placed: 18, answered: 17, failed: 1, conforms: false });
    expect(results.summary.cdr).toMatchObject({ matched: 18, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0, lost: 0, inFlight: 0, notPlaced: 0 });
    expect(outcome.exitCode).toBe(1);
    const lines = (await readFile(join(outcome.runDir, 'calls.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as CallRecord);
    expect(lines).toHaveLength(18);
    expect(lines.find((c) => c.id === crashCall.id)?.error).toBe(crashCall.error);
    const page = await readFile(join(outcome.runDir, 'index.html'), 'utf8');
    expect(page).toContain('page 2 in browser-1 crashed (Page crashed!) with 1 call in progress, serving agent002');

    // The browser and every process it had (the crashed renderer's and the fresh page's among them) are
    // gone. Its helper processes exit on their own after the browser process, so they get up to 5 s.
    expect(seen.size).toBeGreaterThanOrEqual(2);
    await waitFor(() => [...seen].filter(alive).length === 0, { what: 'the browser processes to exit', timeoutMs: 5000, intervalMs: 20 }).catch(() => undefined);
    expect([...seen].filter(alive)).toEqual([]);
    expect(browserProcesses()).toEqual([]);
  });
});
