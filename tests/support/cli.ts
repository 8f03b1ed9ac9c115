import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, TestRunner } from 'vitest';
import { printIfTestFails } from './failure-log.ts';

/** bin/callcheck.js, run under this process's Node (24), as `npx callcheck` runs it. */
const BIN = fileURLToPath(new URL('../../bin/callcheck.js', import.meta.url));

export interface CliOptions {
  /** The working directory. Default: this process's. */
  cwd?: string;
  /**
   * The CLI's whole environment. Default: this process's with `CI=true`, as CI runs it (show-report opens
   * no browser). Pass `process.env` for the machine's own.
   */
  env?: NodeJS.ProcessEnv;
  /** What the CLI reads on its standard input. Default: nothing (an empty input for `callcheck`, none at all for `startCallcheck`). */
  input?: string;
  /** `callcheck` only: the CLI is killed (SIGTERM) after this long. Default 120 000 ms. */
  timeoutMs?: number;
}

export interface CliResult {
  /** The exit code; null when a signal ended it (the timeout's among them). */
  code: number | null;
  stdout: string;
  stderr: string;
}

const ciEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CI: 'true' });

/** The command line as printed with a failure: the password of a `--cdr mysql://user:password@…` hidden. */
const commandLine = (args: readonly string[]) => `callcheck ${args.join(' ')}`.replace(/(:\/\/[^:@/\s]+):[^@/\s]+@/g, '$1:***@');

/**
 * Runs `callcheck <args>` to its end. If the test fails, the command line, its exit and everything it
 * printed are printed with the failure.
 */
export function callcheck(args: readonly string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: options.env ?? ciEnv(),
    cwd: options.cwd,
    input: options.input,
  });
  const ended = result.error ? `${result.error.message}, signal ${String(result.signal)}` : result.signal ? `signal ${result.signal}` : `exit ${String(result.status)}`;
  printIfTestFails(`${commandLine(args)} (${ended})`, () => `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A `callcheck` started in the background. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** What it printed on stdout so far. */
  stdout(): string;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** Settles when the process exits (its output may still be arriving), with its code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `callcheck <args>` without waiting for it. Started in a test, it is killed (SIGKILL) when the test
 * ends if it still runs, and what it printed is printed if the test fails.
 */
export function startCallcheck(args: readonly string[], options: Omit<CliOptions, 'timeoutMs'> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: options.env ?? ciEnv(),
    cwd: options.cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.input !== undefined) child.stdin?.end(options.input);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  if (TestRunner.getCurrentTest() !== undefined) {
    onTestFinished(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    });
  }
  printIfTestFails(`${commandLine(args)} (pid ${String(child.pid)})`, () => `stdout:\n${stdout}\nstderr:\n${stderr}`);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The lines of stderr that give the cause of an exit: those starting with `callcheck:`. */
export function causeLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('callcheck:'));
}

/**
 * The cause of an exit as stderr gives it: exactly one line starting with `callcheck:` and at most one
 * `what to do:` line under it (log and progress lines say nothing of the cause). Returns the cause line.
 */
export function causeOf(stderr: string): string {
  const causes = causeLines(stderr);
  expect(causes, stderr).toHaveLength(1);
  expect(stderr.split('\n').filter((l) => l.startsWith('  what to do:')).length, stderr).toBeLessThanOrEqual(1);
  return causes[0] as string;
}
