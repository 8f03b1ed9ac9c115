import { spawn } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { killRunProcesses, PROFILE_PREFIX, RUN_ENV, runProcesses } from './run-processes.ts';

describe('the processes of a run', () => {
  const temp = useTempDir('unit');

  it('are those started with its mark and their descendants, and are killed with their browser profiles; others are left alone', async () => {
    const runId = `unit-${process.pid}-${Date.now()}`;
    const profile = join(temp(), `${PROFILE_PREFIX}x`);
    await mkdir(profile);
    // A marked shell (standing in for a browser, with its profile flag) whose child clears its environment.
    const marked = spawn('sh', ['-c', 'env -i sleep 60 & wait', `--user-data-dir=${profile}`], { env: { ...process.env, [RUN_ENV]: runId }, stdio: 'ignore' });
    const other = spawn('sleep', ['60'], { env: { ...process.env, [RUN_ENV]: `${runId}-other` }, stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const found = await runProcesses(runId);
      expect(found).toContain(marked.pid);
      expect(found).toHaveLength(2);
      expect(found).not.toContain(other.pid);

      const exited = new Promise((resolve) => marked.once('exit', (_code, signal) => resolve(signal)));
      const killed = await killRunProcesses(runId);
      expect(killed.pids).toEqual(found);
      expect(killed.profiles).toEqual([profile]);
      expect(await exited).toBe('SIGKILL');
      await expect(stat(profile)).rejects.toThrow(/ENOENT/);
      expect(await runProcesses(runId)).toEqual([]);
      expect(other.exitCode).toBeNull();
    } finally {
      marked.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
