import { readdir, readFile } from 'node:fs/promises';

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

/** Kills every process of the run (SIGKILL: none of them is waited on) and returns their pids. */
export async function killRunProcesses(runId: string, except: readonly number[] = []): Promise<number[]> {
  const found = await runProcesses(runId, except);
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  return found;
}
