import { spawn, type ChildProcess } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULE_EXTENSION } from '../../host/package-info.ts';
import { RUN_ENV } from '../../host/run-processes.ts';

export const WATCHDOG_LOG_FILE = 'watchdog.log';

/** The line that tells the watchdog the run stopped everything itself. */
export const GOODBYE = 'goodbye';

const MAIN = fileURLToPath(new URL(`./watchdog-main${MODULE_EXTENSION}`, import.meta.url));

export interface RunWatchdogOptions {
  runId: string;
  runDir: string;
  /** Whether the run starts containers (not against your own PBX): the watchdog then removes those labelled with the run. */
  containers: boolean;
}

/**
 * A small detached process that outlives a killed run and stops what it started. It holds the read end of
 * a pipe from the run: when the run says goodbye (disposing this, after everything is stopped) it leaves;
 * when the pipe closes without it (the run was killed, or forced out by a second Ctrl-C) it kills every
 * process that carries the run's mark ({@link RUN_ENV}, set here for all the run starts) and removes the
 * run's containers, and nothing else. What it did goes to watchdog.log in the run directory.
 */
export class RunWatchdog implements AsyncDisposable {
  private readonly child: ChildProcess;
  private readonly previousMark: string | undefined;

  private constructor(child: ChildProcess, previousMark: string | undefined) {
    this.child = child;
    this.previousMark = previousMark;
  }

  static async start(options: RunWatchdogOptions): Promise<RunWatchdog> {
    const log = await open(join(options.runDir, WATCHDOG_LOG_FILE), 'a');
    try {
      const child = spawn(process.execPath, [MAIN, options.runId, String(process.pid), options.containers ? 'containers' : 'no-containers'], {
        detached: true,
        stdio: ['pipe', log.fd, log.fd],
        // The watchdog itself is not one of the run's processes.
        env: withoutMark(process.env),
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      const previous = process.env[RUN_ENV];
      // Everything started from here on (browsers, their helpers, the audio sink) inherits the mark.
      process.env[RUN_ENV] = options.runId;
      return new RunWatchdog(child, previous);
    } finally {
      await log.close();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.previousMark === undefined) delete process.env[RUN_ENV];
    else process.env[RUN_ENV] = this.previousMark;
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed) return;
    await new Promise<void>((resolve) => stdin.end(`${GOODBYE}\n`, () => resolve()));
  }
}

function withoutMark(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { [RUN_ENV]: _mark, ...rest } = env;
  return rest;
}
