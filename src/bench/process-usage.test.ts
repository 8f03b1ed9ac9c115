import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { descendantsOf, parseKbField, parseProcStat, sampleTree, usageBetween, type TreeSample } from './process-usage.ts';

/** A /proc/<pid>/stat line as Linux 6 writes it (52 fields). */
function statLine(pid: number, comm: string, ppid: number, t: { utime: number; stime: number; cutime?: number; cstime?: number; start?: number; state?: string }): string {
  const fields = [
    t.state ?? 'S', ppid, pid, pid, 0, -1, 4194560, 1200, 0, 0, 0,
    t.utime, t.stime, t.cutime ?? 0, t.cstime ?? 0, 20, 0, 4, 0, t.start ?? 5000, 45785088, 3329,
    ...new Array<number>(30).fill(0),
  ];
  return `${pid} (${comm}) ${fields.join(' ')}\n`;
}

const STATUS = (rssKb: number | undefined) =>
  ['Name:\tchrome', 'State:\tS (sleeping)', 'Tgid:\t10', 'PPid:\t1', 'VmPeak:\t  900000 kB', ...(rssKb === undefined ? [] : [`VmRSS:\t  ${rssKb} kB`]), 'RssAnon:\t   1000 kB', 'Threads:\t12', ''].join('\n');

describe('parseProcStat', () => {
  it('reads the fields after the name, however odd the name', () => {
    // Seen on this machine: `cat /proc/self/stat`.
    const real = '23810 (cat) R 23808 23808 21967 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 354719 3133440 412 18446744073709551615 93936884252672 93936884272553 140721063468096 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 93936884288560 93936884290176 93937578881024 140721063475937 140721063475957 140721063475957 140721063477227 0';
    expect(parseProcStat(real)).toEqual({ pid: 23810, comm: 'cat', state: 'R', ppid: 23808, utimeTicks: 0, stimeTicks: 0, cutimeTicks: 0, cstimeTicks: 0, startTicks: 354719 });
    const odd = statLine(42, 'Web Content) (x', 7, { utime: 150, stime: 30, cutime: 5, cstime: 1, start: 999 });
    expect(parseProcStat(odd)).toMatchObject({ pid: 42, comm: 'Web Content) (x', ppid: 7, utimeTicks: 150, stimeTicks: 30, cutimeTicks: 5, cstimeTicks: 1, startTicks: 999 });
  });

  it('refuses what is not a stat line', () => {
    expect(() => parseProcStat('')).toThrow(/not a/);
    expect(() => parseProcStat('12 (x) S 1 2')).toThrow(/not a/);
  });
});

describe('parseKbField', () => {
  it('reads VmRSS from status and Pss from smaps_rollup, and nothing from a zombie', () => {
    expect(parseKbField(STATUS(51234), 'VmRSS')).toBe(51234);
    expect(parseKbField(STATUS(undefined), 'VmRSS')).toBeUndefined();
    expect(parseKbField('Rss:                1668 kB\nPss:                 285 kB\nPss_Dirty:           112 kB\n', 'Pss')).toBe(285);
  });
});

describe('descendantsOf', () => {
  it('follows parent links down from the root only', () => {
    const stats = [
      { pid: 1, ppid: 0 },
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 10 },
      { pid: 13, ppid: 12 },
      { pid: 20, ppid: 1 },
    ];
    expect(descendantsOf(10, stats)).toEqual([10, 11, 12, 13]);
    expect(descendantsOf(13, stats)).toEqual([13]);
    expect(descendantsOf(99, stats)).toEqual([99]);
  });
});

describe('usageBetween', () => {
  const sample = (at: number, processes: [pid: number, start: number, cpu: number, reaped: number][]): TreeSample => ({
    at,
    rootPid: 1,
    processes: processes.map(([pid, startTicks, cpuMs, reapedCpuMs]) => ({ pid, comm: 'x', startTicks, cpuMs, reapedCpuMs, rssKb: 0, pssKb: undefined })),
    cpuMs: 0,
    rssKb: 0,
    pssKb: undefined,
  });

  it('adds each process\'s growth; a new process (or a reused pid) counts from zero; an ended one is gone', () => {
    const before = sample(1000, [[1, 100, 500, 0], [2, 200, 300, 0], [3, 300, 50, 0]]);
    const after = sample(3000, [[1, 100, 900, 60], [2, 999, 40, 0], [4, 400, 100, 0]]);
    // root +400 and +60 reaped; pid 2 is a new process (other start) with 40; pid 4 new with 100.
    expect(usageBetween(before, after)).toEqual({ wallMs: 2000, cpuMs: 600, cpuPct: 30 });
  });
});

describe('sampleTree', () => {
  const dir = useTempDir('proc');

  async function fakeProc(entries: { pid: number; stat: string; status?: string; rollup?: string }[]): Promise<string> {
    const proc = join(dir(), 'proc');
    for (const e of entries) {
      await mkdir(join(proc, String(e.pid)), { recursive: true });
      await writeFile(join(proc, String(e.pid), 'stat'), e.stat);
      if (e.status !== undefined) await writeFile(join(proc, String(e.pid), 'status'), e.status);
      if (e.rollup !== undefined) await writeFile(join(proc, String(e.pid), 'smaps_rollup'), e.rollup);
    }
    await mkdir(join(proc, 'self'), { recursive: true });
    await writeFile(join(proc, 'uptime'), '1.0 1.0\n');
    return proc;
  }

  it('sums CPU (own and reaped, ticks to ms) and memory over the root and its descendants', async () => {
    const procDir = await fakeProc([
      { pid: 1, stat: statLine(1, 'init', 0, { utime: 9999, stime: 9999 }), status: STATUS(1000) },
      { pid: 10, stat: statLine(10, 'node', 1, { utime: 200, stime: 50, cutime: 10, cstime: 0 }), status: STATUS(80_000), rollup: 'Pss:  60000 kB\n' },
      { pid: 11, stat: statLine(11, 'chrome', 10, { utime: 100, stime: 20 }), status: STATUS(150_000), rollup: 'Pss:  90000 kB\n' },
      { pid: 12, stat: statLine(12, 'chrome', 11, { utime: 30, stime: 10 }), status: STATUS(120_000), rollup: 'Pss:  40000 kB\n' },
      // A zombie child: no VmRSS, no mappings.
      { pid: 13, stat: statLine(13, 'chrome', 11, { utime: 7, stime: 3, state: 'Z' }), status: STATUS(undefined) },
      { pid: 20, stat: statLine(20, 'other', 1, { utime: 5000, stime: 5000 }), status: STATUS(5000) },
    ]);
    const s = await sampleTree(10, { procDir, ticksPerS: 100, pss: true });
    expect(s.processes.map((p) => [p.pid, p.comm, p.cpuMs, p.reapedCpuMs, p.rssKb, p.pssKb])).toEqual([
      [10, 'node', 2500, 100, 80_000, 60_000],
      [11, 'chrome', 1200, 0, 150_000, 90_000],
      [12, 'chrome', 400, 0, 120_000, 40_000],
      [13, 'chrome', 100, 0, 0, undefined],
    ]);
    expect(s.cpuMs).toBe(4300);
    expect(s.rssKb).toBe(350_000);
    expect(s.pssKb).toBe(190_000);
    expect((await sampleTree(10, { procDir, ticksPerS: 100 })).pssKb).toBeUndefined();
  });

  it('says so when the root is not running', async () => {
    const procDir = await fakeProc([{ pid: 1, stat: statLine(1, 'init', 0, { utime: 1, stime: 1 }), status: STATUS(1) }]);
    await expect(sampleTree(77, { procDir, ticksPerS: 100 })).rejects.toThrow(/process 77 is not running/);
  });

  it('reads this very process from the real /proc', async () => {
    const s = await sampleTree(process.pid);
    expect(s.processes[0]?.pid).toBe(process.pid);
    expect(s.rssKb).toBeGreaterThan(10_000);
    expect(s.cpuMs).toBeGreaterThan(0);
  });
});
