import type { StartedTestContainer } from 'testcontainers';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { CallcheckError } from '../contracts/errors.ts';
import type { Leftovers } from '../contracts/results.ts';
import { parseChannelCount, parseContacts } from '../logic/asterisk/asterisk-leftovers.ts';
import type { ConfigFile } from './asterisk-config.ts';
import { waitUntil } from './wait-until.ts';
import { SETUP_COMMAND } from '../host/package-info.ts';

/** Tag of the image built from asterisk-image/; `npm run setup` pre-builds it with the same context. */
export const ASTERISK_IMAGE = 'callcheck/asterisk:local';

export interface AsteriskOptions {
  /** The asterisk-image/ folder: Dockerfile and config templates. */
  context: string;
  /** Overrides the Dockerfile's BASE_IMAGE build argument. */
  baseImage?: string;
  files: readonly ConfigFile[];
  /**
   * The CDR table the adaptive backend must have found, and the res_odbc connection it writes through,
   * before calls may start. Absent: Asterisk writes no CDR (the simulated carrier).
   */
  cdr?: { table: string; connection: string };
  /**
   * Checks the configuration once Asterisk has booted (`cli` given) or has exited while booting (`cli`
   * absent; `log` is its console output); throws when the configuration did not load as written.
   */
  configCheck?: (boot: { log: string; cli?: (command: string) => Promise<string> }) => Promise<void>;
  /** The container's role label: `asterisk` (default) or `carrier`. */
  role?: string;
  timeoutMs: number;
  /** Asterisk's console output is written here as it happens. */
  logFile: string;
  /** Labels for the container (the run's id, so leftovers can be reaped). */
  labels: Record<string, string>;
  signal?: AbortSignal;
}

export interface AsteriskRestartOptions {
  /** How long Asterisk may take to stop on SIGTERM before it is killed, in ms. Default 2000. */
  graceMs?: number;
  /** How long the PBX stays down between the stop and the start, in ms. Default 0. */
  downtimeMs?: number;
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
  private readonly options: AsteriskOptions;

  private constructor(container: StartedTestContainer, log: WriteStream, options: AsteriskOptions) {
    this.container = container;
    this.log = log;
    this.options = options;
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
        hint: `the engine builds without network access here; pre-build the image (and its package layer) with: ${SETUP_COMMAND}`,
      });
    }
    const log = createWriteStream(options.logFile, { flags: 'a' });
    let container: StartedTestContainer;
    try {
      container = await image
        .withNetworkMode('host')
        .withCopyContentToContainer(options.files.map((f) => ({ content: f.content, target: f.target })))
        .withLabels({ ...options.labels, 'org.callcheck.role': options.role ?? 'asterisk' })
        // Not ended with the container's log stream: a restart stops the container and its log goes on.
        .withLogConsumer((stream) => stream.pipe(log, { end: false }))
        .withStartupTimeout(options.timeoutMs)
        .start();
    } catch (cause) {
      log.end();
      throw new CallcheckError('STACK_START_FAILED', `Asterisk container did not start: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, hint: `see ${options.logFile}` });
    }
    const started = new StartedAsterisk(container, log, options);
    try {
      await started.waitReady(options, 0, true);
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

  /**
   * Restarts the container as an administrator restarting the PBX would: SIGTERM (SIGKILL after
   * `graceMs`), `downtimeMs` with no Asterisk at all, then the same container started again; resolves once
   * Asterisk is ready again exactly as at the start (fully booted, ODBC up, the CDR table's columns read).
   * Host networking and the files copied in before the first start stay, so the WebSocket comes back on
   * the same port and the agents' credentials still hold. Resolves with how long Asterisk was away, in ms.
   */
  async restart(options: AsteriskRestartOptions = {}): Promise<number> {
    const { graceMs = 2000, downtimeMs = 0 } = options;
    const before = await this.tableReadCount();
    const startedAt = performance.now();
    this.log.write(`--- callcheck: restarting Asterisk (SIGTERM, ${graceMs} ms grace, ${downtimeMs} ms down) ---\n`);
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const container = client.container.getById(this.container.getId());
    await client.container.stop(container, { timeout: graceMs });
    if (downtimeMs > 0) await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    const since = Math.floor(Date.now() / 1000);
    await client.container.start(container);
    // Testcontainers follows the log of the first start only; the restarted Asterisk's console is followed from here.
    (await this.container.logs({ since })).pipe(this.log, { end: false });
    await this.waitReady(this.options, before);
    return performance.now() - startedAt;
  }

  /** How often the full log says the adaptive backend read the table's columns: once per Asterisk start. */
  private async tableReadCount(): Promise<number> {
    if (this.options.cdr === undefined) return 0;
    const result = await this.container.exec(['grep', '-cF', this.aliasProof(this.options.cdr), '/var/log/asterisk/full']);
    return Number.parseInt(result.output.trim(), 10) || 0;
  }

  private aliasProof(cdr: { table: string; connection: string }): string {
    return `Found alias start for column calldate in ${cdr.table}@${cdr.connection}`;
  }

  /** Whether the container still runs (Asterisk exits when a module its configuration requires does not load). */
  private async running(): Promise<boolean> {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const info = await client.container.inspect(client.container.getById(this.container.getId())).catch(() => undefined);
    return info?.State.Running === true;
  }

  /** Asterisk's console output so far, from the run's log file (written as it comes). */
  private async consoleLog(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return readFile(this.options.logFile, 'utf8').catch(() => '');
  }

  /** `tableReadsBefore`: how often the log said the table was read before this start (the full log survives a restart). */
  private async waitReady(options: AsteriskOptions, tableReadsBefore: number, firstStart = false): Promise<void> {
    const common = { timeoutMs: options.timeoutMs, signal: options.signal, hint: `see the Asterisk log at ${options.logFile}` };
    const exited = new Error('Asterisk exited while booting');
    await waitUntil(async () => {
      try {
        const out = await this.cli('core waitfullybooted');
        return { ready: /fully booted/i.test(out), seen: out };
      } catch (error) {
        if (!(await this.running())) throw exited;
        throw error;
      }
    }, { ...common, what: 'Asterisk to be fully booted (core waitfullybooted)', fatal: (error) => error === exited }).catch(async (error: unknown) => {
      if (error === exited) {
        await options.configCheck?.({ log: await this.consoleLog() });
        throw new CallcheckError('STACK_START_FAILED', 'Asterisk exited while booting', { hint: `see the Asterisk log at ${options.logFile}` });
      }
      throw error;
    });
    if (firstStart) await options.configCheck?.({ log: await this.fullLog(), cli: (command) => this.cli(command) });
    const cdr = options.cdr;
    if (cdr === undefined) return;
    await waitUntil(async () => {
      const out = await this.cli(`odbc show ${cdr.connection}`);
      return { ready: /Number of active connections:\s*[1-9]/i.test(out) || /Connected:\s*yes/i.test(out), seen: out };
    }, { ...common, what: `the ODBC connection "${cdr.connection}" to the CDR database (odbc show ${cdr.connection})` });
    await waitUntil(async () => {
      const out = await this.cli('cdr show status');
      return { ready: /Adaptive ODBC/i.test(out), seen: out };
    }, { ...common, what: 'the adaptive ODBC CDR backend to be registered (cdr show status)' });
    // "Found adaptive CDR table" is logged even when the table is missing (and every CDR is then dropped
    // silently); the alias line is only logged once the table's columns were actually read.
    const proof = this.aliasProof(cdr);
    await waitUntil(async () => {
      const log = await this.container.exec(['grep', '-F', 'adaptive', '/var/log/asterisk/full']);
      return { ready: (await this.tableReadCount()) > tableReadsBefore, seen: log.output || 'no cdr_adaptive_odbc line in the log' };
    }, { ...common, what: `cdr_adaptive_odbc to read the columns of table ${cdr.table} ("${proof}")` });
  }

  /** The channels and contacts Asterisk holds now; throws when its CLI's answer cannot be read. */
  async leftovers(): Promise<Leftovers> {
    const channelsOut = await this.cli('core show channels count');
    const contactsOut = await this.cli('pjsip show contacts');
    const channels = parseChannelCount(channelsOut);
    const contacts = parseContacts(contactsOut);
    if (channels === undefined) throw new Error(`could not read the channel count from 'core show channels count': ${channelsOut.trim()}`);
    if (contacts === undefined) throw new Error(`could not read the contacts from 'pjsip show contacts': ${contactsOut.trim()}`);
    return { channels, contacts };
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

  /**
   * Removes the container at once (SIGKILL, no grace): by now the run has asked Asterisk what it left and
   * copied its full log, and a graceful shutdown cost about 0.7 s of every run for nothing it keeps.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.container.stop({ timeout: 0, remove: true }).catch(() => undefined);
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }
}
