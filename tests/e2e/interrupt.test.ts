import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/callcheck.js', import.meta.url));

describe('Ctrl-C during a run', () => {
  it('exits 130, keeps every call that ended in calls.jsonl, and leaves no container or browser behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callcheck-interrupt-'));
    const scenario = join(dir, 'long.ts');
    await writeFile(
      scenario,
      `export default ${JSON.stringify({ name: 'interrupt', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, callsPerAgent: 50, talkTimeMs: 600, ringTimeMs: 100 })};\n`,
    );
    const child = spawn(process.execPath, [BIN, 'run', scenario, '--reports-dir', join(dir, 'reports')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Interrupt once 10 calls have ended (calls.jsonl gets a line as each one ends), in the middle of the run.
    const endedCalls = async () => {
      const runDir = /writing to (\S+)/.exec(stderr)?.[1];
      if (!runDir) return 0;
      return (await readFile(join(runDir, 'calls.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    };
    const deadline = Date.now() + 120_000;
    while ((await endedCalls()) < 10) {
      if (Date.now() > deadline) throw new Error(`10 calls did not end within 120 s:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));

    expect(code).toBe(130);
    // One cause line once everything is stopped; the notice when the signal came is not another one.
    expect(stderr.split('\n').filter((line) => line.startsWith('callcheck:'))).toEqual(['callcheck: Run interrupted; partial results were kept.']);
    expect(stderr).toContain('SIGINT received: stopping calls, browsers and containers (again to force)');
    const runId = /run (\S+):/.exec(stderr)?.[1] as string;
    const lines = (await readFile(join(dir, 'reports', runId, 'calls.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThan(100);
    // Calls finished before Ctrl-C are answered; those the shutdown cut short say so.
    for (const line of lines) expect(['answered', 'interrupted']).toContain((JSON.parse(line) as { outcome: string }).outcome);
    const containers = spawnSync('docker', ['ps', '-aq', '--filter', `label=org.callcheck.run=${runId}`], { encoding: 'utf8' });
    expect(containers.stdout.trim()).toBe('');
    // The browser was started with a profile under the OS temp folder; no process of it may be left.
    const browsers = spawnSync('pgrep', ['-f', 'callcheck-profile-'], { encoding: 'utf8' });
    expect(browsers.stdout.trim()).toBe('');
  });
});
