import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_LABEL } from '../../src/stack/run-reaper.ts';

/**
 * What a callcheck process has running on this machine, seen from outside it with ps, docker and ss: its
 * descendant processes, the run's containers and their processes, and the TCP ports all of them listen on.
 */
export interface RunFootprint {
  pids: number[];
  containers: string[];
  ports: number[];
}

function psTree(): Map<number, number> {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const parentOf = new Map<number, number>();
  for (const line of ps.stdout.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid !== undefined && ppid !== undefined && Number.isInteger(pid)) parentOf.set(pid, ppid);
  }
  return parentOf;
}

function withDescendants(roots: readonly number[]): number[] {
  const parentOf = psTree();
  const found = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) if (!found.has(pid) && found.has(ppid)) grew = found.add(pid) !== undefined;
  }
  return [...found];
}

export function runContainers(runId: string): string[] {
  const listed = spawnSync('docker', ['ps', '-aq', '--filter', `label=${RUN_LABEL}=${runId}`], { encoding: 'utf8' });
  return listed.stdout.split('\n').filter(Boolean);
}

/** TCP ports listened on by any of the processes. */
function listeningPorts(pids: ReadonlySet<number>): number[] {
  const ss = spawnSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  const ports = new Set<number>();
  for (const line of ss.stdout.split('\n')) {
    const owners = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    if (!owners.some((p) => pids.has(p))) continue;
    const local = line.trim().split(/\s+/)[3] ?? '';
    ports.add(Number(local.slice(local.lastIndexOf(':') + 1)));
  }
  return [...ports].sort((a, b) => a - b);
}

export function footprint(pid: number, runId: string): RunFootprint {
  const containers = runContainers(runId);
  const containerPids = containers.map((id) => Number(spawnSync('docker', ['inspect', '-f', '{{.State.Pid}}', id], { encoding: 'utf8' }).stdout.trim())).filter((p) => p > 0);
  const pids = withDescendants([pid, ...containerPids]);
  return { pids, containers, ports: listeningPorts(new Set(pids)) };
}

/** Which of the processes still run (a zombie, dead but not yet reaped by its parent, does not count). */
export function alive(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
    return stat !== '' && !stat.startsWith('Z');
  });
}

/** Which of the ports something on this machine listens on. */
export function listening(ports: readonly number[]): number[] {
  const ss = spawnSync('ss', ['-ltnH'], { encoding: 'utf8' }).stdout;
  return ports.filter((port) => new RegExp(`:${port}\\s`).test(ss));
}

/** The lines of a run directory's calls.jsonl, as call ids. */
export async function keptCallIds(runDir: string): Promise<string[]> {
  const text = await readFile(join(runDir, 'calls.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
}
