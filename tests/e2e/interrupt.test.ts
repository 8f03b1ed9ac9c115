import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/contracts/results.ts';
import type { RunManifest } from '../../src/contracts/run-manifest.ts';
import { causeLines, startCallcheck } from '../support/cli.ts';
import { tempDirForTest } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';
import { alive, footprint } from './run-footprint.ts';
import { readJUnit } from './support.ts';

describe('Ctrl-C during a run', () => {
  it('exits 130, keeps every call that ended in calls.jsonl, writes their report, and leaves no container or browser behind', async () => {
    const dir = await tempDirForTest('interrupt');
    const scenario = join(dir, 'long.ts');
    await writeFile(
      scenario,
      `export default ${JSON.stringify({ name: 'interrupt', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, callsPerAgent: 50, talkTimeMs: 600, ringTimeMs: 100 })};\n`,
    );
    const run = startCallcheck(['run', scenario, '--reports-dir', join(dir, 'reports')], { env: process.env });
    const { child } = run;
    // Interrupt once 10 calls have ended (calls.jsonl gets a line as each one ends), in the middle of the run.
    const endedCalls = async () => {
      const runDir = /writing to (\S+)/.exec(run.stderr())?.[1];
      if (!runDir) return 0;
      return (await readFile(join(runDir, 'calls.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    };
    await waitFor(async () => (await endedCalls()) >= 10, { what: '10 calls to end', timeoutMs: 120_000, intervalMs: 100, seen: run.stderr });
    const before = footprint(child.pid as number, /run (\S+):/.exec(run.stderr())?.[1] as string);
    expect(before.pids.length).toBeGreaterThan(4);
    child.kill('SIGINT');
    const { code } = await run.exited;

    expect(code, run.stderr()).toBe(130);
    // One cause line once everything is stopped; the notice when the signal came is not another one.
    expect(causeLines(run.stderr())).toEqual(['callcheck: Run interrupted; partial results were kept.']);
    expect(run.stderr()).toContain('SIGINT received: stopping calls, browsers and containers (again to force)');
    const runId = /run (\S+):/.exec(run.stderr())?.[1] as string;
    const lines = (await readFile(join(dir, 'reports', runId, 'calls.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThan(100);
    // Calls finished before Ctrl-C are answered; those the shutdown cut short say so.
    for (const line of lines) expect(['answered', 'interrupted']).toContain((JSON.parse(line) as { outcome: string }).outcome);
    const containers = spawnSync('docker', ['ps', '-aq', '--filter', `label=org.callcheck.run=${runId}`], { encoding: 'utf8' });
    expect(containers.stdout.trim()).toBe('');
    // No process the run had when it was interrupted (its browser's among them) may be left; other runs' may.
    expect(alive(before.pids)).toEqual([]);

    // The run wrote the report of what it kept before exiting: exactly the calls of calls.jsonl, not verified.
    const results = JSON.parse(await readFile(join(dir, 'reports', runId, 'results.json'), 'utf8')) as RunResults;
    expect(results.calls.map((c) => c.id).sort()).toEqual(lines.map((line) => (JSON.parse(line) as { id: string }).id).sort());
    expect(results.run.interrupted).toBe(true);
    expect(results.run.killed).toBeUndefined();
    expect(results.rebuilt).toBeUndefined();
    expect(results.summary.cdr.notVerified).toBe(lines.length);
    expect(run.stderr()).toContain(`report of the ${lines.length} call(s) that ended: `);
    const html = await readFile(join(dir, 'reports', runId, 'index.html'), 'utf8');
    expect(html).toContain('The run was interrupted');
    expect(html).toContain('callcheck verify &lt;run-dir&gt; --cdr');
    expect((await readJUnit(join(dir, 'reports', runId))).testcases.map((c) => c.attributes['name'])).toContain('run interrupted');
    const manifest = JSON.parse(await readFile(join(dir, 'reports', runId, 'run.json'), 'utf8')) as RunManifest;
    expect(manifest.ended?.how).toBe('interrupted');
    // Told goodbye, the watchdog did nothing.
    expect(await readFile(join(dir, 'reports', runId, 'watchdog.log'), 'utf8')).toBe('');
  });
});
