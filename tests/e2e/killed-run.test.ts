import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/contracts/results.ts';
import { callcheck, startCallcheck } from '../support/cli.ts';
import { tempDirForTest } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';
import { alive, footprint, keptCallIds, listening, runContainers, type RunFootprint } from './run-footprint.ts';
import { readJUnit } from './support.ts';

describe('callcheck killed with SIGKILL in the middle of a run', () => {
  it('leaves no process, container or port of the run, and callcheck report rebuilds the reports of exactly the calls that ended', async () => {
    const dir = await tempDirForTest('killed');
    const scenario = join(dir, 'long.ts');
    await writeFile(scenario, `export default ${JSON.stringify({ name: 'killed', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, callsPerAgent: 50, talkTimeMs: 600, ringTimeMs: 100 })};\n`);
    const run = startCallcheck(['run', scenario, '--reports-dir', join(dir, 'reports')]);
    const { child } = run;
    const runDir = await waitFor(() => /writing to (\S+)/.exec(run.stderr())?.[1], { what: 'the run to say where it writes', timeoutMs: 60_000, intervalMs: 200, seen: run.stderr });
    const runId = /^run (\S+):/m.exec(run.stderr())?.[1] as string;
    await waitFor(async () => (await keptCallIds(runDir)).length >= 6, { what: '6 calls to end', timeoutMs: 180_000, intervalMs: 200, seen: run.stderr });

    const before: RunFootprint = footprint(child.pid as number, runId);
    // What the run had going when it was killed: its browser (several processes), Asterisk and the database.
    expect(before.containers).toHaveLength(2);
    expect(before.pids.length).toBeGreaterThan(4);
    expect(before.ports.length).toBeGreaterThanOrEqual(3);
    child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    await waitFor(() => runContainers(runId).length === 0 && alive(before.pids).length === 0 && listening(before.ports).length === 0, {
      what: 'the run to leave nothing behind',
      timeoutMs: 20_000,
      intervalMs: 200,
      seen: () => JSON.stringify({ containers: runContainers(runId), pids: alive(before.pids), ports: listening(before.ports) }),
    });
    const cleanS = (Date.now() - killedAt) / 1000;
    expect(cleanS).toBeLessThan(20);
    const watchdogLog = await readFile(join(runDir, 'watchdog.log'), 'utf8');
    expect(watchdogLog).toContain('removed 2 container(s)');
    // The browser's throwaway profile went with it.
    const profile = /removed the browser profile\(s\) (\S+)/.exec(watchdogLog)?.[1] as string;
    expect(profile).toMatch(/callcheck-profile-/);
    expect(spawnSync('test', ['-e', profile]).status).toBe(1);

    const kept = await keptCallIds(runDir);
    const report = callcheck(['report', runDir], { timeoutMs: 60_000, cwd: dir, env: process.env });
    // Nothing failed, but no CDR row was ever read: "not verified", exit 3, and how to verify.
    expect(report.code).toBe(3);
    expect(report.stdout).toContain(`KILLED, calls that ended: CDR NOT VERIFIED: ${kept.length} placed`);
    expect(report.stdout).toContain(`callcheck verify reports/${runId} --cdr mysql://`);
    const results = JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.calls.map((c) => c.id).sort()).toEqual([...kept].sort());
    expect(results.calls.every((c) => c.cdr.kind === 'not-verified')).toBe(true);
    expect(results.summary.cdr).toMatchObject({ matched: 0, missing: 0, notVerified: kept.length });
    expect(results.run).toMatchObject({ id: runId, interrupted: true, killed: true });
    expect(results.rebuilt).toMatchObject({ by: 'report' });
    expect(results.rebuilt?.cdrSource).toBeUndefined();
    const html = await readFile(join(runDir, 'index.html'), 'utf8');
    expect(html).toContain('CDR NOT VERIFIED');
    expect(html).toContain(`The CDR of ${kept.length} call(s) was not verified`);
    const junit = await readJUnit(runDir);
    expect(junit.failures.map((f) => f.attributes['type'])).toContain('cdr-not-verified');
    expect(junit.testcases).toHaveLength(kept.length + 2);
    process.stdout.write(`killed run: ${kept.length} calls kept, everything stopped ${cleanS.toFixed(1)} s after the kill\n`);
  });
});
