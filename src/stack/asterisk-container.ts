import type { StartedTestContainer } from 'testcontainers';
import { createWriteStream, type WriteStream } from 'node:fs';
import { CallcheckError } from '../contracts/errors.ts';
import type { ConfigFile } from './asterisk-config.ts';
import { waitUntil } from './wait-until.ts';

/** Tag of the image built from asterisk-image/; `npm run setup` pre-builds it with the same context. */
export const ASTERISK_IMAGE = 'callcheck/asterisk:local';

export interface AsteriskOptions {
  /** The asterisk-image/ folder: Dockerfile and config templates. */
  context: string;
  /** Overrides the Dockerfile's BASE_IMAGE build argument. */
  baseImage?: string;
  files: readonly ConfigFile[];
  /** The CDR table the adaptive backend must have found before calls may start. */
  table: string;
  timeoutMs: number;
  /** Asterisk's console output is written here as it happens. */
  logFile: string;
  /** Labels for the container (the run's id, so leftovers can be reaped). */
  labels: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Asterisk, built from asterisk-image/ and started with host networking. Ready means fully booted, the
 * ODBC connection up and the adaptive CDR backend bound to the table: a call placed earlier could lose its CDR.
 */
export class StartedAsterisk implements AsyncDisposable {
  /** `core show version` up to "built by"; read once Asterisk is ready. */
  version = '';
  private readonly container: StartedTestContainer;
  private readonly log: WriteStream;

  private constructor(container: StartedTestContainer, log: WriteStream) {
    this.container = container;
    this.log = log;
  }

  static async start(options: AsteriskOptions): Promise<StartedAsterisk> {
    const { GenericContainer } = await import('testcontainers');
    let image;
    try {
      const builder = GenericContainer.fromDockerfile(options.context).withCache(true);
      if (options.baseImage) builder.withBuildArgs({ BASE_IMAGE: options.baseImage });
      image = await builder.build(ASTERISK_IMAGE, { deleteOnExit: false });
    } catch (cause) {
      throw new CallcheckError('STACK_START_FAILED', `building the Asterisk image from ${options.context} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
        hint: 'the engine builds without network access here; pre-build the image (and its package layer) with: npm run setup',
      });
    }
    const log = createWriteStream(options.logFile, { flags: 'a' });
    let container: StartedTestContainer;
    try {
      container = await image
        .withNetworkMode('host')
        .withCopyContentToContainer(options.files.map((f) => ({ content: f.content, target: f.target })))
        .withLabels({ ...options.labels, 'org.callcheck.role': 'asterisk' })
        .withLogConsumer((stream) => stream.pipe(log))
        .withStartupTimeout(options.timeoutMs)
        .start();
    } catch (cause) {
      log.end();
      throw new CallcheckError('STACK_START_FAILED', `Asterisk container did not start: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, hint: `see ${options.logFile}` });
    }
    const started = new StartedAsterisk(container, log);
    try {
      await started.waitReady(options);
      // "Asterisk 22.10.1+dfsg... built by nobody @ ...": the version is what comes before "built by".
      started.version = (await started.cli('core show version')).trim().split(' built by ')[0] ?? '';
      return started;
    } catch (error) {
      await started[Symbol.asyncDispose]();
      throw error;
    }
  }

  /** Runs one Asterisk CLI command in the container and returns its output. */
  async cli(command: string): Promise<string> {
    const result = await this.container.exec(['asterisk', '-rx', command]);
    if (result.exitCode !== 0) throw new Error(`asterisk -rx '${command}' exited ${result.exitCode}: ${result.output.trim()}`);
    return result.output;
  }

  private async waitReady(options: AsteriskOptions): Promise<void> {
    const common = { timeoutMs: options.timeoutMs, signal: options.signal, hint: `see the Asterisk log at ${options.logFile}` };
    await waitUntil(async () => {
      const out = await this.cli('core waitfullybooted');
      return { ready: /fully booted/i.test(out), seen: out };
    }, { ...common, what: 'Asterisk to be fully booted (core waitfullybooted)' });
    await waitUntil(async () => {
      const out = await this.cli('odbc show cdr');
      return { ready: /Number of active connections:\s*[1-9]/i.test(out) || /Connected:\s*yes/i.test(out), seen: out };
    }, { ...common, what: 'the ODBC connection "cdr" to the CDR database (odbc show cdr)' });
    await waitUntil(async () => {
      const out = await this.cli('cdr show status');
      return { ready: /Adaptive ODBC/i.test(out), seen: out };
    }, { ...common, what: 'the adaptive ODBC CDR backend to be registered (cdr show status)' });
    // "Found adaptive CDR table" is logged even when the table is missing (and every CDR is then dropped
    // silently); the alias line is only logged once the table's columns were actually read.
    const proof = `Found alias start for column calldate in ${options.table}@cdr`;
    await waitUntil(async () => {
      const log = await this.container.exec(['grep', '-F', 'adaptive', '/var/log/asterisk/full']);
      const alias = await this.container.exec(['grep', '-F', proof, '/var/log/asterisk/full']);
      return { ready: alias.exitCode === 0, seen: log.output || 'no cdr_adaptive_odbc line in the log' };
    }, { ...common, what: `cdr_adaptive_odbc to read the columns of table ${options.table} ("${proof}")` });
  }

  /** Kills the container with SIGKILL, as a crash would: no shutdown, nothing flushed. */
  async kill(): Promise<void> {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    await client.container.getById(this.container.getId()).kill({ signal: 'SIGKILL' });
  }

  /** Copies the full Asterisk log file out of the container, before it is removed. */
  async fullLog(): Promise<string> {
    const result = await this.container.exec(['cat', '/var/log/asterisk/full']);
    return result.exitCode === 0 ? result.output : '';
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.container.stop({ timeout: 5000, remove: true }).catch(() => undefined);
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }
}
