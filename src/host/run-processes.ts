import { readdir, readFile, rm } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * The environment variable every process a run starts inherits (browsers, their helpers, the audio sink):
 * it marks them as the run's, so they can be found and stopped after the run itself was killed.
 */
export const RUN_ENV = 'CALLCHECK_RUN_ID';

async function pids(): Promise<number[]> {
  return (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
}

/** Whether the process was started with `RUN_ENV=runId` in its environment (its environment at exec). */
async function carriesRun(pid: number, runId: string): Promise<boolean> {
  const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
  return environ.split('\0').includes(`${RUN_ENV}=${runId}`);
}

/** The parent of every process, from /proc/<pid>/stat (its fourth field, after the parenthesised name). */
async function parents(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const pid of await pids()) {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(ppid)) out.set(pid, ppid);
  }
  return out;
}

/**
 * Every process of the run: those started with the run's mark, and all their descendants (a helper that
 * cleared its environment is still a child of one that did not). Never `except`, this process, nor init.
 */
export async function runProcesses(runId: string, except: readonly number[] = []): Promise<number[]> {
  const skip = new Set([...except, process.pid, 1]);
  const found = new Set<number>();
  for (const pid of await pids()) if (!skip.has(pid) && (await carriesRun(pid, runId))) found.add(pid);
  const parentOf = await parents();
  let grew = found.size > 0;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (!found.has(pid) && !skip.has(pid) && found.has(ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The throwaway profile folders (callcheck-profile-*) a browser process was started with. */
async function profileDirs(pid: number): Promise<string[]> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const dirs = args.flatMap((arg, i) => (arg.startsWith('--user-data-dir=') ? [arg.slice('--user-data-dir='.length)] : arg === '-profile' ? [args[i + 1] ?? ''] : []));
  return dirs.filter((dir) => basename(dir).startsWith(PROFILE_PREFIX));
}

/** How callcheck names the throwaway profile folder of each browser it launches. */
export const PROFILE_PREFIX = 'callcheck-profile-';

/**
 * Kills every process of the run (SIGKILL: none of them is waited on), then removes the throwaway browser
 * profiles they used. Returns the pids killed and the folders removed.
 */
export async function killRunProcesses(runId: string, except: readonly number[] = []): Promise<{ pids: number[]; profiles: string[] }> {
  const found = await runProcesses(runId, except);
  const profiles = [...new Set((await Promise.all(found.map(profileDirs))).flat())];
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  await Promise.all(profiles.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)));
  return { pids: found, profiles };
}
