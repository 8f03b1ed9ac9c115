import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RUN_LABEL } from '../../src/stack/run-reaper.ts';
import type { Stack } from '../../src/stack/stack.ts';
import { runScenario } from './support.ts';

function run(command: string, ...args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Every process below this one (the browsers and their helpers), with its command line. */
function descendants(): Map<number, string> {
  const rows = run('ps', '-e', '-o', 'pid=,ppid=,args=')
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] as string }));
  const found = new Map<number, string>();
  let parents = new Set([process.pid]);
  while (parents.size > 0) {
    const children = rows.filter((r) => parents.has(r.ppid) && !found.has(r.pid));
    for (const child of children) found.set(child.pid, child.args);
    parents = new Set(children.map((c) => c.pid));
  }
  return found;
}

/** Listening TCP and bound UDP sockets on the machine, as `tcp 127.0.0.1:8088` with the owning pid where ss tells it. */
function listening(): { socket: string; pid: number | undefined }[] {
  return run('ss', '-Hltnup')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [proto, , , , local] = line.trim().split(/\s+/);
      return { socket: `${proto} ${local}`, pid: Number(/pid=(\d+)/.exec(line)?.[1]) || undefined };
    });
}

const portOf = (socket: string) => Number(socket.slice(socket.lastIndexOf(':') + 1));

describe('a run cleans up after itself', () => {
  it('leaves no channel or registration in Asterisk, no browser process, no container and no listening port of its own', async () => {
    const browserProcesses = new Map<number, string>();
    const ownSockets = new Set<string>();
    const before = new Set(listening().filter((s) => s.pid === process.pid).map((s) => s.socket));
    // What the run starts, seen while it runs: the browsers (children of this process) and the agents' page server (a socket of this process).
    const watch = setInterval(() => {
      for (const [pid, args] of descendants()) if (/chrom|firefox/i.test(args)) browserProcesses.set(pid, args);
      for (const s of listening()) if (s.pid === process.pid && !before.has(s.socket)) ownSockets.add(s.socket);
    }, 300);
    let stackPorts: { tcp: number[]; udp: number[]; rtp: [number, number] } | undefined;
    let listeningDuringRun: string[] = [];
    const lines: string[] = [];
    const outcome = await runScenario(
      { name: 'e2e-cleanup', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, agentsPerPage: 2, callsPerAgent: 2, ringTimeMs: 100, talkTimeMs: 800 },
      {
        log: (line) => lines.push(line),
        beforeVerify: async (sut) => {
          const stack = sut as Stack;
          const runId = /^run (\S+):/.exec(lines[0] ?? '')?.[1] as string;
          const asterisk = run('docker', 'ps', '-q', '--filter', 'label=org.callcheck.role=asterisk', '--filter', `label=${RUN_LABEL}=${runId}`).trim();
          const rtp = run('docker', 'exec', asterisk, 'cat', '/etc/asterisk/rtp.conf');
          const start = Number(/^rtpstart\s*=\s*(\d+)/m.exec(rtp)?.[1]);
          const end = Number(/^rtpend\s*=\s*(\d+)/m.exec(rtp)?.[1]);
          stackPorts = { tcp: [Number(new URL(stack.wsUrl).port), stack.cdr.connection.port], udp: [stack.sipUdpPort], rtp: [start, end] };
          listeningDuringRun = listening().map((s) => s.socket);
        },
      },
    );
    clearInterval(watch);
    const runId = outcome.results.run.id;
    expect(outcome.results.summary).toMatchObject({ placed: 4, answered: 4, conforms: true });

    // What Asterisk held once the agents had stopped, asked before it was stopped.
    expect(outcome.results.cleanup).toEqual({ channels: 0, contacts: [] });

    // The browsers ran, and none of their processes is left.
    expect(browserProcesses.size).toBeGreaterThan(0);
    const alive = descendants();
    expect([...browserProcesses.keys()].filter((pid) => alive.has(pid))).toEqual([]);

    // No container of the run, running or stopped.
    expect(run('docker', 'ps', '-aq', '--filter', `label=${RUN_LABEL}=${runId}`).trim()).toBe('');

    // Asterisk's WebSocket and SIP/UDP ports and the database's listened during the run, the page server
    // too (a socket of this process); none of them, nor any RTP port of Asterisk's window, is left.
    const ports = stackPorts as NonNullable<typeof stackPorts>;
    expect(ports.rtp[1]).toBeGreaterThan(ports.rtp[0]);
    for (const port of ports.tcp) expect(listeningDuringRun).toContain(`tcp 127.0.0.1:${port}`);
    for (const port of ports.udp) expect(listeningDuringRun).toContain(`udp 127.0.0.1:${port}`);
    expect(ownSockets.size).toBeGreaterThan(0);
    const after = listening();
    const leftover = after.filter(({ socket }) => {
      const port = portOf(socket);
      return (
        ownSockets.has(socket) ||
        (socket.startsWith('tcp ') && ports.tcp.includes(port)) ||
        (socket.startsWith('udp ') && (ports.udp.includes(port) || (port >= ports.rtp[0] && port <= ports.rtp[1])))
      );
    });
    expect(leftover).toEqual([]);
    expect(after.filter((s) => s.pid === process.pid && !before.has(s.socket))).toEqual([]);
  });
});
