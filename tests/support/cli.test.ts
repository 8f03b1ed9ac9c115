import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callcheck, causeLines, causeOf, startCallcheck, type CliProcess } from './cli.ts';
import { useTempDir } from './temp-dir.ts';
import { waitFor } from './wait-for.ts';

const dir = useTempDir('cli');

describe('callcheck', () => {
  it('runs the CLI to its end and returns its exit code and output', () => {
    const { code, stdout, stderr } = callcheck(['fly']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(causeOf(stderr)).toBe('callcheck: unknown command "fly"');
  });

  it('runs it in the working folder given', async () => {
    await mkdir(join(dir(), 'a'));
    expect(causeOf(callcheck(['compare', 'a', 'b'], { cwd: dir() }).stderr)).toBe('callcheck: candidate run b: does not exist');
  });
});

describe('startCallcheck', () => {
  let serving: CliProcess | undefined;

  it('starts the CLI in the background and collects its output', async () => {
    const started = startCallcheck(['fly']);
    const closed = once(started.child, 'close');
    expect(await started.exited).toEqual({ code: 2, signal: null });
    await closed;
    expect(causeLines(started.stderr())).toEqual(['callcheck: unknown command "fly"']);
  });

  it('kills it when the test ends if it still runs', async () => {
    await writeFile(join(dir(), 'index.html'), '<!doctype html><title>report</title>');
    serving = startCallcheck(['show-report', dir(), '--port', '0']);
    await waitFor(() => serving?.stdout().includes('serving '), { what: 'show-report to serve', timeoutMs: 10_000, intervalMs: 20, seen: () => `${serving?.stdout()}${serving?.stderr()}` });
    expect(serving.child.exitCode).toBeNull();
  });

  it('(the process of the test before was killed when it ended)', async () => {
    expect(await serving?.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });
});

describe('causeOf', () => {
  it('refuses stderr without exactly one cause line, or with two what-to-do lines', () => {
    expect(causeOf('log line\ncallcheck: the cause\n  what to do: this\n')).toBe('callcheck: the cause');
    expect(() => causeOf('log line\n')).toThrow();
    expect(() => causeOf('callcheck: one\ncallcheck: two\n')).toThrow();
    expect(() => causeOf('callcheck: one\n  what to do: this\n  what to do: that\n')).toThrow();
  });
});
