import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCallcheck, type CliProcess } from '../support/cli.ts';
import { makeMatrixResults, makeResults } from '../support/report-fixtures.ts';
import { writeRunDir } from '../support/run-dirs.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

const SECRET = 'not-part-of-any-report';

const dir = useTempDir('show', 'all');
let reports: string;
let newest: string;
let fakeBin: string;
let opened: string;

beforeAll(async () => {
  reports = join(dir(), 'reports');
  const older = await writeRunDir(join(reports, '20261126-070000-aaaa'), makeResults());
  newest = await writeRunDir(join(reports, '20261126-080000-bbbb'), makeMatrixResults());
  await utimes(join(older, 'index.html'), new Date('2026-11-26T07:05:00Z'), new Date('2026-11-26T07:05:00Z'));
  await utimes(join(newest, 'index.html'), new Date('2026-11-26T08:05:00Z'), new Date('2026-11-26T08:05:00Z'));
  await writeFile(join(reports, 'secret.txt'), SECRET);
  // A stand-in for the desktop's opener: it writes down the URL it was asked to open.
  fakeBin = join(dir(), 'bin');
  opened = join(dir(), 'opened.txt');
  await mkdir(fakeBin);
  await writeFile(join(fakeBin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
  await chmod(join(fakeBin, 'xdg-open'), 0o755);
});

afterEach(async () => {
  await rm(opened, { force: true });
});

interface Serving extends CliProcess {
  url: string;
}

/** Starts `callcheck show-report` (killed when the test ends, if it still runs) and waits for the URL it serves on. */
async function showReport(args: string[], env: NodeJS.ProcessEnv): Promise<Serving> {
  const serving = startCallcheck(['show-report', ...args], { cwd: dir(), env: { ...env, PATH: `${fakeBin}:${process.env['PATH'] ?? ''}` } });
  const printed = () => `exit ${String(serving.child.exitCode)}:\n${serving.stdout()}\n${serving.stderr()}`;
  const url = await waitFor(
    () => {
      const served = / at (http:\/\/\S+) /.exec(serving.stdout())?.[1];
      if (served === undefined && serving.child.exitCode !== null) throw new Error(`show-report printed no URL (${printed()})`);
      return served;
    },
    { what: 'show-report to print its URL', timeoutMs: 30_000, intervalMs: 50, seen: printed },
  );
  return { ...serving, url };
}

/** A request sent as written, so no client tidies the path up first. */
async function rawStatus(url: string, path: string): Promise<{ status: number; body: string }> {
  const { port, host } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  let response = '';
  for await (const chunk of socket) response += String(chunk);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]), body: response };
}

const withoutCi = () => {
  const env = { ...process.env };
  delete env['CI'];
  return env;
};

describe('callcheck show-report', () => {
  it('serves the newest report on 127.0.0.1, refuses ../, opens nothing with CI set, and stops on SIGTERM with exit 0', async () => {
    const serving = await showReport(['--reports-dir', reports, '--port', '0'], { ...process.env, CI: 'true' });
    expect(serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(serving.stdout()).toContain(`serving ${newest} at ${serving.url}`);
    // The listening socket itself, as the kernel has it: bound to 127.0.0.1 alone, not to a wildcard or to
    // one of the machine's other addresses (eth0's), so nothing but this machine can reach it.
    const port = new URL(serving.url).port;
    const listeners = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(listeners.map((line) => line.trim().split(/\s+/)[3])).toEqual([`127.0.0.1:${port}`]);
    expect(listeners[0]).toContain(`pid=${serving.child.pid},`);
    const otherAddresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((a) => !a.internal).map((a) => a.address);
    for (const address of otherAddresses) expect(listeners.join('\n')).not.toContain(address);
    expect(serving.stdout()).toContain('CI is set, so no browser is opened');

    const index = await fetch(serving.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>callcheck · browser-upgrade');
    expect((await fetch(new URL('results.json', serving.url))).headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/%2e%2e/secret.txt']) {
      const { status, body } = await rawStatus(serving.url, path);
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(body, path).not.toContain(SECRET);
    }

    serving.child.kill('SIGTERM');
    expect((await serving.exited).code).toBe(0);
    expect(serving.stdout()).toContain('stopped serving the report');
    await expect(fetch(serving.url)).rejects.toThrow();
    await expect(readFile(opened, 'utf8')).rejects.toThrow();
  });

  it('opens the URL with the system opener when CI is not set, and stops on Ctrl-C with exit 0', async () => {
    const older = join(reports, '20261126-070000-aaaa');
    const serving = await showReport([older], withoutCi());
    const url = await waitFor(async () => (await readFile(opened, 'utf8').catch(() => '')) || undefined, { what: 'the opener to be called', timeoutMs: 10_000, intervalMs: 50, seen: serving.stdout });
    expect(url).toBe(serving.url);
    expect(serving.stdout()).toContain(`opened in your browser (${join(fakeBin, 'xdg-open')})`);
    expect(await (await fetch(serving.url)).text()).toContain('<title>callcheck · smoke');
    serving.child.kill('SIGINT');
    expect((await serving.exited).code).toBe(0);
  });

  it('refuses a directory that holds no report, exit 2, before serving anything', async () => {
    const refused = startCallcheck(['show-report', join(dir(), 'bin')], { cwd: dir() });
    const { code } = await refused.exited;
    expect(code).toBe(2);
    expect(refused.stderr()).toContain(`${join(dir(), 'bin')} holds no report: it has neither index.html nor comparison.html`);
    expect(refused.stderr()).toContain('what to do: pass a run directory');
  });
});
