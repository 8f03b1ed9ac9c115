import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CdrDatabase } from '../cdr/cdr-database.ts';
import type { CdrRow } from '../contracts/cdr-row.ts';
import { CallcheckError, InterruptedError } from '../contracts/errors.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { AsteriskTrace } from '../contracts/asterisk-trace.ts';
import type { UserConfigInfo } from '../contracts/results.ts';
import { traceDialplan } from '../logic/asterisk/dialplan-trace.ts';
import { startUserAsterisk } from './user-asterisk.ts';
import { PACKAGE_ROOT, SETUP_COMMAND } from '../host/package-info.ts';
import { cdrServerName, type CdrEngine } from '../contracts/cdr-engine.ts';
import { callLimitMs } from '../logic/plan/call-plan.ts';
import { renderCdrSchema } from '../logic/asterisk/cdr-schema.ts';
import type { Leftovers } from '../contracts/results.ts';
import { noLeftovers } from '../logic/asterisk/asterisk-leftovers.ts';
import type { AgentCredentials, PbxAgent } from '../contracts/pbx.ts';
import { pbxSrcOf, randomPassword } from './agent-credentials.ts';
import { AGENT_CONTEXT } from '../logic/asterisk/dialplan.ts';
import { SIPP_USERNAME } from '../logic/asterisk/pjsip-endpoints.ts';
import { renderAsteriskConfig } from './asterisk-config.ts';
import { StartedAsterisk, type AsteriskRestartOptions } from './asterisk-container.ts';
import { resolveCdrImage, StartedCdrDatabase } from './cdr-database-container.ts';
import { freePort, freeUdpPort } from './tcp-ports.ts';
import { RUN_LABEL } from './run-reaper.ts';
import type { FaultControls } from './fault-controls.ts';
import type { RunRowsRequest, SystemInfo, SystemUnderTest, SystemUnderTestOptions } from './system-under-test.ts';

/** The Asterisk image's build context and its configuration templates, shipped beside the code. */
export const ASTERISK_IMAGE_DIR = join(PACKAGE_ROOT, 'asterisk-image');

export interface StackOptions extends SystemUnderTestOptions {
  /**
   * Size of Asterisk's RTP port window (even; default 400). Every call holds an RTP and an RTCP port,
   * so it caps concurrent calls at half of it: the benchmark's SIPp concurrency steps need more.
   */
  rtpPortCount?: number;
}

const DEFAULT_RTP_PORT_COUNT = 400;

/** How long Asterisk is given to drop what the stopped agents leave (a channel hanging up, a contact removed). */
const LEFTOVERS_SETTLE_MS = 3000;

/** The CDR table's schema: the call center's own SQL file (asterisk.cdrSchemaFile), else generated from the header map. */
async function cdrSchemaOf(scenario: Scenario): Promise<string> {
  const file = scenario.asterisk?.cdrSchemaFile;
  if (file === undefined) return renderCdrSchema(scenario.cdr.table, scenario.mappings, scenario.key);
  return readFile(file, 'utf8').catch((cause: unknown) => {
    throw new CallcheckError('CONFIG_NOT_USABLE', `asterisk.cdrSchemaFile ${file} cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, { cause, hint: 'give the SQL file that creates the CDR table, relative to the folder callcheck runs in' });
  });
}

/** The system under test, started: the CDR database, then Asterisk writing CDRs into it. */
export class Stack implements SystemUnderTest {
  readonly wsUrl: string;
  /** Asterisk binds 127.0.0.1 and its AORs answer to that domain. */
  readonly sipDomain = '127.0.0.1';
  /** Every agent's call starts in one context (callcheck's generated one, or the one the scenario names), and each endpoint's caller ID is its name. */
  readonly rowExpectations: { context: string; srcOf?: Record<string, string> };
  /** Asterisk's SIP over UDP, bound to 127.0.0.1: where SIPp calls (`127.0.0.1:<sipUdpPort>`). */
  readonly sipUdpPort: number;
  /** Digest credentials of the `sipp` endpoint, random for every run; its calls are answered and echoed, never recorded. */
  readonly sipp: AgentCredentials;
  readonly cdr: CdrDatabase;
  readonly asteriskVersion: string;
  readonly cdrImage: string;
  readonly cdrImageFallbackFrom: string | undefined;
  readonly cdrServerVersion: string;
  readonly cdrEngine: CdrEngine;
  private readonly resources: AsyncDisposableStack;
  private readonly asterisk: StartedAsterisk;
  private readonly db: StartedCdrDatabase;
  private readonly runDir: string;
  private readonly user: UserConfigInfo | undefined;
  private readonly agentNames: ReadonlySet<string>;
  private readonly dialplan: Pick<AsteriskTrace, 'dialplan' | 'includes'>;

  private constructor(init: {
    wsUrl: string;
    sipUdpPort: number;
    sipp: AgentCredentials;
    db: StartedCdrDatabase;
    asterisk: StartedAsterisk;
    fallbackFrom: string | undefined;
    resources: AsyncDisposableStack;
    runDir: string;
    agents: readonly AgentCredentials[];
    user?: { info: UserConfigInfo; dialplan: Pick<AsteriskTrace, 'dialplan' | 'includes'>; accounts?: readonly PbxAgent[] };
  }) {
    this.wsUrl = init.wsUrl;
    this.sipUdpPort = init.sipUdpPort;
    this.sipp = init.sipp;
    this.cdr = init.db.database;
    this.cdrImage = init.db.image;
    this.cdrServerVersion = init.db.serverVersion;
    this.cdrEngine = init.db.engine;
    this.cdrImageFallbackFrom = init.fallbackFrom;
    this.asterisk = init.asterisk;
    this.db = init.db;
    this.asteriskVersion = init.asterisk.version;
    this.resources = init.resources;
    this.runDir = init.runDir;
    this.user = init.user?.info;
    this.agentNames = new Set(init.agents.map((a) => a.username));
    this.dialplan = init.user?.dialplan ?? { dialplan: [], includes: {} };
    const srcOf = init.user?.accounts ? pbxSrcOf({ agents: init.user.accounts }) : undefined;
    this.rowExpectations = { context: init.user?.info.agentContext ?? AGENT_CONTEXT, ...(srcOf ? { srcOf } : {}) };
  }

  /**
   * What Asterisk loaded and what each channel ran, read from its full log now: only for a call center's
   * own configuration, whose dialplan callcheck did not write (see explainKeyLost).
   */
  async asteriskTrace(): Promise<AsteriskTrace | undefined> {
    if (this.user === undefined) return undefined;
    const log = await this.asterisk.fullLog();
    return { ...this.dialplan, channels: [...traceDialplan(log).values()] };
  }

  get info(): SystemInfo {
    return {
      asteriskVersion: this.asteriskVersion,
      cdrImage: this.cdrImage,
      ...(this.cdrImageFallbackFrom ? { cdrImageFallbackFrom: this.cdrImageFallbackFrom } : {}),
      cdrEngine: this.cdrEngine,
      cdrServerVersion: this.cdrServerVersion,
      ...(this.user ? { userConfig: this.user } : {}),
    };
  }

  /**
   * What the run left in Asterisk once its agents stopped. A hangup or an unregistration that has just been
   * answered may take Asterisk a moment to finish, so it is asked again for up to `settleMs` until none is left.
   */
  async leftovers(settleMs = LEFTOVERS_SETTLE_MS): Promise<Leftovers> {
    const deadline = performance.now() + settleMs;
    for (;;) {
      const all = await this.asterisk.leftovers();
      // A configuration's static contacts (a trunk's) are its own, not the run's.
      const seen = { ...all, contacts: all.contacts.filter((c) => this.agentNames.has(c.split('/')[0] ?? '')) };
      if (noLeftovers(seen) || performance.now() >= deadline) return seen;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The scenario's faults act on these containers only. */
  get faults(): FaultControls {
    return {
      stopCdrDatabase: () => this.db.stopServer(),
      startCdrDatabase: () => this.db.startServer(),
      slowCdrInserts: (delayMs) => this.db.slowInserts(delayMs),
      restoreCdrInserts: () => this.db.restoreInserts(),
      killAsterisk: () => this.asterisk.kill(),
      restartAsterisk: (downtimeMs) => this.restartAsterisk({ downtimeMs }),
    };
  }

  /** A read-only account on the CDR database, like a call center's reporting user (see StartedCdrDatabase.addReader). */
  addCdrReader(user: string, password: string): Promise<void> {
    return this.db.addReader(user, password);
  }

  /** Every row is the run's: the database was created for it. */
  readRunRows(request: RunRowsRequest): Promise<CdrRow[]> {
    return this.cdr.waitForRows(request.expected, request.timeoutMs);
  }

  static async start(options: StackOptions): Promise<Stack> {
    const { scenario, runDir, signal, log } = options;
    if (signal?.aborted) throw new InterruptedError();
    await using resources = new AsyncDisposableStack();
    const { image, fallbackFrom } = await resolveCdrImage(scenario.cdr.image);
    if (fallbackFrom) log(`CDR database: ${fallbackFrom} is not in the local engine; using ${image} (built by ${SETUP_COMMAND})`);
    const dbPort = await freePort();
    const connection = { host: '127.0.0.1', port: dbPort, user: 'callcheck', password: randomPassword(), database: 'asteriskcdrdb' };
    log(`starting CDR database ${image} on 127.0.0.1:${dbPort}`);
    const db = resources.use(
      await StartedCdrDatabase.start({
        image,
        port: dbPort,
        rootPassword: randomPassword(),
        connection,
        table: scenario.cdr.table,
        schemaSql: await cdrSchemaOf(scenario),
        mappings: scenario.mappings,
        timeoutMs: scenario.timeouts.stackStartMs,
        logFile: join(runDir, 'cdr-database.log'),
        labels: { [RUN_LABEL]: options.runId },
        signal,
      }),
    );
    log(`CDR database: ${cdrServerName(db.engine, db.serverVersion)} (${image}), reached over TLS with a certificate made for this run`);
    const labels = { [RUN_LABEL]: options.runId };
    const baseImage = process.env['CALLCHECK_ASTERISK_BASE_IMAGE'];
    const sipp: AgentCredentials = { username: SIPP_USERNAME, password: randomPassword() };
    if (scenario.asterisk !== undefined) {
      const user = await startUserAsterisk({
        scenario,
        config: scenario.asterisk,
        agents: options.agents,
        db: db.database.connection,
        templateDir: join(ASTERISK_IMAGE_DIR, 'config'),
        imageDir: ASTERISK_IMAGE_DIR,
        baseImage,
        runDir,
        labels,
        resources,
        log,
        ...(signal ? { signal } : {}),
      });
      const info: UserConfigInfo = { folders: scenario.asterisk.config, agentContext: scenario.asterisk.agentContext, trunk: scenario.asterisk.trunk.endpoint, carrierVersion: user.carrierVersion, changes: user.changes };
      return new Stack({ wsUrl: user.wsUrl, sipUdpPort: 0, sipp, db, asterisk: user.asterisk, fallbackFrom, resources: resources.move(), runDir, agents: options.agents, user: { info, dialplan: { dialplan: user.dialplan, includes: user.includes }, ...(scenario.asterisk.agents ? { accounts: scenario.asterisk.agents } : {}) } });
    }
    const httpPort = await freePort();
    const sipUdpPort = await freeUdpPort();
    // A random window for RTP (400 ports unless asked), so two runs on one host do not collide.
    const rtpCount = 2 * Math.ceil((options.rtpPortCount ?? DEFAULT_RTP_PORT_COUNT) / 2);
    if (rtpCount < 2 || rtpCount > 20_000) throw new Error(`rtpPortCount ${options.rtpPortCount} is not between 2 and 20000`);
    const rtpStart = 20_000 + 2 * Math.floor(Math.random() * ((20_000 + DEFAULT_RTP_PORT_COUNT - rtpCount) / 2));
    const rtpEnd = rtpStart + rtpCount - 1;
    const files = await renderAsteriskConfig({
      templateDir: join(ASTERISK_IMAGE_DIR, 'config'),
      httpPort,
      sipUdpPort,
      rtpPorts: { start: rtpStart, end: rtpEnd },
      agents: options.agents,
      sipp,
      mappings: scenario.mappings,
      ringTimeMs: scenario.ringTimeMs,
      maxCallS: Math.ceil(callLimitMs(scenario) / 1000),
      policy: scenario.cdr,
      table: scenario.cdr.table,
      db: db.database.connection,
    });
    log(`starting Asterisk (WebSocket on 127.0.0.1:${httpPort}, SIP/UDP on 127.0.0.1:${sipUdpPort}, RTP ${rtpStart}-${rtpEnd})`);
    const asterisk = resources.use(
      await StartedAsterisk.start({
        context: ASTERISK_IMAGE_DIR,
        baseImage,
        files,
        cdr: { table: scenario.cdr.table, connection: 'cdr' },
        timeoutMs: scenario.timeouts.stackStartMs,
        logFile: join(runDir, 'asterisk.log'),
        labels,
        signal,
      }),
    );
    return new Stack({ wsUrl: `ws://127.0.0.1:${httpPort}/ws`, sipUdpPort, sipp, db, asterisk, fallbackFrom, resources: resources.move(), runDir, agents: options.agents });
  }

  /**
   * Restarts Asterisk (its container: stopped, down for `downtimeMs`, started) and resolves once it is
   * ready for calls again, as at the start; the database keeps running. For fault injection: the agents lose their
   * WebSockets, reconnect and register again on their own. Resolves with how long Asterisk was away, in ms.
   */
  async restartAsterisk(options?: AsteriskRestartOptions): Promise<number> {
    return this.asterisk.restart(options);
  }

  /** Keeps Asterisk's full log in the run directory, then stops Asterisk and the database. */
  async [Symbol.asyncDispose](): Promise<void> {
    const full = await this.asterisk.fullLog().catch(() => '');
    if (full) await writeFile(join(this.runDir, 'asterisk-full.log'), full).catch(() => undefined);
    await this.resources.disposeAsync();
  }
}
