import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * CPU time and memory of a process and all its descendants (the harness and the browsers it launched,
 * or Asterisk in its container), read from Linux's /proc. The parsers are pure; `sampleTree` reads.
 *
 * CPU: utime + stime of each live process (all its threads), plus cutime + cstime, the CPU of children
 * it has reaped; a process that ends between two samples is counted only if a process of the tree
 * reaps it. Memory: VmRSS per process (counts pages shared between processes once per process, so a
 * tree of Chromium processes sums to more than it holds) and, when asked, PSS from smaps_rollup
 * (shared pages divided among their sharers: the tree's sum is what it really holds).
 */

export interface ProcStat {
  pid: number;
  /** Executable name as the kernel keeps it (15 characters at most). */
  comm: string;
  /** R, S, D, Z (zombie), T, I... */
  state: string;
  ppid: number;
  utimeTicks: number;
  stimeTicks: number;
  /** CPU of waited-for children that have ended. */
  cutimeTicks: number;
  cstimeTicks: number;
  /** Start time in ticks after boot: with the pid, tells a process from a later one reusing its pid. */
  startTicks: number;
}

/**
 * Parses /proc/<pid>/stat (proc(5)): `pid (comm) state ppid ...`. The name may hold spaces and
 * parentheses, so the fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text.slice(0, 80))}`);
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number): number => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc/${pid}/stat: field ${n} is ${JSON.stringify(rest[n - 3])}`);
    return value;
  };
  if (!Number.isInteger(pid) || rest.length < 20) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text.slice(0, 80))}`);
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] as string,
    ppid: field(4),
    utimeTicks: field(14),
    stimeTicks: field(15),
    cutimeTicks: field(16),
    cstimeTicks: field(17),
    startTicks: field(22),
  };
}

/** A `Name:   123 kB` field of /proc/<pid>/status or smaps_rollup, in kB; undefined when absent (a zombie has no VmRSS). */
export function parseKbField(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s*(\\d+)\\s*kB\\s*$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** `root` and every process whose parent chain leads to it, in breadth-first order. */
export function descendantsOf(root: number, stats: readonly Pick<ProcStat, 'pid' | 'ppid'>[]): number[] {
  const children = new Map<number, number[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s.pid);
    else children.set(s.ppid, [s.pid]);
  }
  const out: number[] = [];
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface ProcessSample {
  pid: number;
  comm: string;
  startTicks: number;
  /** utime + stime, ms. */
  cpuMs: number;
  /** cutime + cstime (children it reaped), ms. */
  reapedCpuMs: number;
  /** VmRSS, kB (0 for a zombie). */
  rssKb: number;
  /** Pss from smaps_rollup, kB, when asked for and readable. */
  pssKb: number | undefined;
}

export interface TreeSample {
  /** Date.now() when the sample was taken. */
  at: number;
  rootPid: number;
  processes: ProcessSample[];
  /** Sum of cpuMs + reapedCpuMs over the tree. */
  cpuMs: number;
  rssKb: number;
  /** Sum of pssKb; undefined unless every process's PSS was read. */
  pssKb: number | undefined;
}

export interface TreeUsage {
  wallMs: number;
  /** CPU the tree used between the two samples, ms (processes started in between count from 0). */
  cpuMs: number;
  /** cpuMs / wallMs × 100: 100 is one core busy the whole time. */
  cpuPct: number;
}

/** CPU used between two samples of the same tree, matched process by process (pid and start time). */
export function usageBetween(before: TreeSample, after: TreeSample): TreeUsage {
  const earlier = new Map(before.processes.map((p) => [`${p.pid}/${p.startTicks}`, p]));
  let cpuMs = 0;
  for (const p of after.processes) {
    const was = earlier.get(`${p.pid}/${p.startTicks}`);
    // Counters only grow; a process new since the first sample counts from zero.
    cpuMs += Math.max(0, p.cpuMs + p.reapedCpuMs - (was ? was.cpuMs + was.reapedCpuMs : 0));
  }
  const wallMs = after.at - before.at;
  return { wallMs, cpuMs, cpuPct: wallMs > 0 ? (cpuMs / wallMs) * 100 : 0 };
}

let clockTicksPerS: number | undefined;

/** USER_HZ (`getconf CLK_TCK`), read once; 100 on Linux if getconf is not there. */
export function clockTicks(): number {
  if (clockTicksPerS === undefined) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim());
      clockTicksPerS = Number.isInteger(value) && value > 0 ? value : 100;
    } catch {
      clockTicksPerS = 100;
    }
  }
  return clockTicksPerS;
}

export interface SampleOptions {
  /** Also read PSS from /proc/<pid>/smaps_rollup (slower: the kernel walks every mapping). */
  pss?: boolean;
  /** Default /proc; tests point it elsewhere. */
  procDir?: string;
  /** Default clockTicks(). */
  ticksPerS?: number;
}

const readOrUndefined = (file: string) => readFile(file, 'utf8').catch(() => undefined);

/**
 * CPU and memory of `rootPid` and its descendants now. Processes that end while being read are left
 * out. Throws when the root itself is gone.
 */
export async function sampleTree(rootPid: number, options: SampleOptions = {}): Promise<TreeSample> {
  const proc = options.procDir ?? '/proc';
  const msPerTick = 1000 / (options.ticksPerS ?? clockTicks());
  const at = Date.now();
  const names = (await readdir(proc)).filter((n) => /^\d+$/.test(n));
  const stats: ProcStat[] = [];
  await Promise.all(
    names.map(async (name) => {
      const text = await readOrUndefined(join(proc, name, 'stat'));
      if (text === undefined) return;
      try {
        stats.push(parseProcStat(text));
      } catch {
        // a process ending mid-read leaves a partial line
      }
    }),
  );
  // Reads finish in any order; processes are listed by pid within each generation.
  stats.sort((a, b) => a.pid - b.pid);
  if (!stats.some((s) => s.pid === rootPid)) throw new Error(`process ${rootPid} is not running (no ${proc}/${rootPid}/stat)`);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const processes: ProcessSample[] = [];
  for (const pid of descendantsOf(rootPid, stats)) {
    const stat = byPid.get(pid) as ProcStat;
    const status = await readOrUndefined(join(proc, String(pid), 'status'));
    if (status === undefined) continue;
    let pssKb: number | undefined;
    if (options.pss) {
      const rollup = await readOrUndefined(join(proc, String(pid), 'smaps_rollup'));
      pssKb = rollup === undefined ? undefined : parseKbField(rollup, 'Pss');
    }
    processes.push({
      pid,
      comm: stat.comm,
      startTicks: stat.startTicks,
      cpuMs: (stat.utimeTicks + stat.stimeTicks) * msPerTick,
      reapedCpuMs: (stat.cutimeTicks + stat.cstimeTicks) * msPerTick,
      rssKb: parseKbField(status, 'VmRSS') ?? 0,
      pssKb,
    });
  }
  let cpuMs = 0;
  let rssKb = 0;
  let pssKb: number | undefined = options.pss ? 0 : undefined;
  for (const p of processes) {
    cpuMs += p.cpuMs + p.reapedCpuMs;
    rssKb += p.rssKb;
    // A zombie has no mappings and so no PSS: it holds nothing.
    if (pssKb !== undefined) pssKb = p.pssKb === undefined ? (p.rssKb === 0 ? pssKb : undefined) : pssKb + p.pssKb;
  }
  return { at, rootPid, processes, cpuMs, rssKb, pssKb };
}
