import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DialplanPriority } from '../contracts/asterisk-trace.ts';
import type { ConfigChange } from '../contracts/config-change.ts';
import { CallcheckError } from '../contracts/errors.ts';
import type { AgentCredentials } from '../contracts/pbx.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { UserAsterisk } from '../contracts/user-asterisk.ts';
import { adaptConfig, type AdaptedConfig } from '../logic/asterisk/adapt-config.ts';
import { renderCarrierConfig } from '../logic/asterisk/carrier-config.ts';
import { configLoadErrors, lineNaming, type ConfigLoadError } from '../logic/asterisk/config-load-errors.ts';
import { missingApplications, parseApplications, parseDialplanIncludes, parseDialplanShow } from '../logic/asterisk/dialplan-listing.ts';
import { fillTemplate } from '../logic/plan/fill-template.ts';
import { callLimitMs } from '../logic/plan/call-plan.ts';
import type { CdrConnection } from '../cdr/cdr-database.ts';
import { StartedAsterisk } from './asterisk-container.ts';
import type { ConfigFile } from './asterisk-config.ts';
import { freeUdpPort } from './tcp-ports.ts';

/** Where a whole configuration is copied in the container; the image's entrypoint puts it in /etc/asterisk. */
const STAGED = '/etc/callcheck-asterisk';
const CA_FILE = 'cdr-database-ca.pem';

/** A file of the user's configuration and the folder it came from (a later folder's file replaces an earlier one's). */
interface UserFile {
  text: string;
  dir: string;
}

/** Reads the configuration folders: every regular file at their top level, a later folder's replacing an earlier one's. */
export async function readConfigFolders(dirs: readonly string[]): Promise<Map<string, UserFile>> {
  const files = new Map<string, UserFile>();
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true }).catch((cause: unknown) => {
      throw new CallcheckError('CONFIG_NOT_USABLE', `asterisk.config: folder ${dir} cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, {
        cause,
        hint: 'give the folder of the call center\'s Asterisk configuration (their /etc/asterisk), relative to the folder callcheck runs in',
      });
    });
    for (const entry of entries) {
      if (entry.isFile()) files.set(entry.name, { text: await readFile(join(dir, entry.name), 'utf8'), dir });
    }
  }
  return files;
}

export interface UserAsteriskOptions {
  scenario: Scenario;
  config: UserAsterisk;
  agents: readonly AgentCredentials[];
  db: CdrConnection;
  templateDir: string;
  imageDir: string;
  baseImage: string | undefined;
  runDir: string;
  labels: Record<string, string>;
  resources: AsyncDisposableStack;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface StartedUserAsterisk {
  asterisk: StartedAsterisk;
  carrierVersion: string;
  wsUrl: string;
  changes: ConfigChange[];
  /** The dialplan Asterisk loaded, read once it booted. */
  dialplan: DialplanPriority[];
  includes: Record<string, string[]>;
}

/** A random even-aligned window of `count` ports in [from, to). */
function portWindow(from: number, to: number, count: number): { start: number; end: number } {
  const start = from + 2 * Math.floor(Math.random() * ((to - from - count) / 2));
  return { start, end: start + count - 1 };
}

/**
 * Boots the call center's configuration: a copy, changed only where it must be (see adaptConfig), with
 * the simulated carrier behind its trunk. Refuses a configuration Asterisk does not load as written
 * (exit 3), naming the file, the line and what Asterisk said. Both containers are left in `resources`.
 */
export async function startUserAsterisk(options: UserAsteriskOptions): Promise<StartedUserAsterisk> {
  const { scenario, config, log } = options;
  const userFiles = await readConfigFolders(config.config);
  const files = new Map([...userFiles].map(([name, f]) => [name, f.text]));
  const pathOf = (file: string) => (userFiles.has(file) ? join((userFiles.get(file) as UserFile).dir, file) : `${file} (added by callcheck)`);
  const callcheckFiles = {
    'asterisk.conf': await readFile(join(options.templateDir, 'asterisk.conf'), 'utf8'),
    'logger.conf': await readFile(join(options.templateDir, 'logger.conf'), 'utf8'),
  };
  const maxCallS = Math.ceil(callLimitMs(scenario) / 1000);
  const carrierPort = await freeUdpPort();
  const httpPort = await freeUdpPort();
  const sipPorts = await Promise.all(Array.from({ length: 8 }, () => freeUdpPort()));
  const taken = new Map<string, number>();
  const portFor = (transport: string) => {
    const port = taken.get(transport) ?? sipPorts[taken.size];
    if (port === undefined) throw new CallcheckError('CONFIG_NOT_USABLE', `pjsip.conf has more than ${sipPorts.length} SIP transports that bind a port`, { hint: 'keep the transports the calls use' });
    taken.set(transport, port);
    return port;
  };
  const adapted: AdaptedConfig = adaptConfig({
    files,
    agents: options.agents,
    agentEndpoints: config.agents === undefined ? 'add' : 'existing',
    agentContext: config.agentContext,
    trunkEndpoint: config.trunk.endpoint,
    carrierPort,
    httpPort,
    rtpPorts: portWindow(20_000, 40_000, 400),
    portFor,
    db: { user: options.db.user, password: options.db.password },
    policy: scenario.cdr,
    table: scenario.cdr.table,
    callcheckFiles,
  });
  for (const change of adapted.changes) if (userFiles.has(change.file)) change.file = pathOf(change.file);
  await writeCopy(join(options.runDir, 'asterisk-config'), adapted.files);
  log(`your Asterisk: ${userFiles.size} file(s) from ${config.config.join(', ')}; callcheck changed ${adapted.changes.length} thing(s) in its copy (asterisk-config/ in the run directory, and the report)`);

  const carrierFiles = renderCarrierConfig({ sipPort: carrierPort, rtpPorts: portWindow(40_000, 50_000, 200), ringTimeMs: scenario.ringTimeMs, maxCallS, callcheckFiles });
  log(`starting the simulated carrier (SIP on 127.0.0.1:${carrierPort}, behind trunk ${config.trunk.endpoint})`);
  const carrier = options.resources.use(
    await StartedAsterisk.start({
      context: options.imageDir,
      baseImage: options.baseImage,
      files: [...staged(carrierFiles), { target: '/etc/odbc.ini', content: '; The simulated carrier writes no CDR.\n' }],
      timeoutMs: scenario.timeouts.stackStartMs,
      logFile: join(options.runDir, 'carrier.log'),
      labels: options.labels,
      role: 'carrier',
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  const odbcIni = fillTemplate('odbc.ini', await readFile(join(options.templateDir, 'odbc.ini'), 'utf8'), {
    DB_HOST: options.db.host,
    DB_PORT: String(options.db.port),
    DB_NAME: options.db.database,
    DB_USER: options.db.user,
    DB_PASSWORD: options.db.password,
    DB_CA_FILE: `/etc/asterisk/${CA_FILE}`,
  });
  let dialplan: DialplanPriority[] = [];
  let includes: Record<string, string[]> = {};
  const configCheck = async (boot: { log: string; cli?: (command: string) => Promise<string> }) => {
    const errors = configLoadErrors(boot.log).map((e) => inUserLines(e, adapted, files));
    if (boot.cli) {
      const listing = await boot.cli('dialplan show');
      dialplan = parseDialplanShow(listing);
      includes = parseDialplanIncludes(listing);
      const applications = parseApplications(await boot.cli('core show applications'));
      for (const p of missingApplications(dialplan, applications)) {
        errors.push({ ...(p.file ? { file: p.file } : {}), ...(p.line ? { line: p.line } : {}), message: `[${p.context}] extension ${p.exten} priority ${p.priority} runs ${p.app}(${p.data}): this Asterisk has no application ${p.app}` });
      }
      if (errors.length === 0 && !dialplan.some((p) => p.context === config.agentContext)) {
        errors.push({ file: 'extensions.conf', message: `context ${config.agentContext} (asterisk.agentContext) is not in the dialplan Asterisk loaded; contexts: ${[...new Set(dialplan.map((p) => p.context))].join(', ')}` });
      }
    }
    if (errors.length === 0) return;
    const lines = errors.map((e) => `  ${e.file ? pathOf(e.file) : '(no file named)'}${e.line === undefined ? '' : ` line ${e.line}`}: ${e.message}`);
    throw new CallcheckError('CONFIG_NOT_LOADED', `Asterisk did not load the configuration as written${boot.cli ? '' : ' (it exited while booting)'}:\n${lines.join('\n')}`, {
      hint: `fix the line named; Asterisk's boot log is asterisk.log in the run directory, callcheck's copy of the configuration asterisk-config/`,
    });
  };
  log(`starting your Asterisk (WebSocket on 127.0.0.1:${httpPort}, agents in context ${config.agentContext})`);
  const asterisk = options.resources.use(
    await StartedAsterisk.start({
      context: options.imageDir,
      baseImage: options.baseImage,
      files: [...staged(adapted.files), { target: `${STAGED}/${CA_FILE}`, content: options.db.tls?.ca ?? '' }, { target: '/etc/odbc.ini', content: odbcIni }],
      cdr: { table: scenario.cdr.table, connection: adapted.cdrConnection },
      configCheck,
      timeoutMs: scenario.timeouts.stackStartMs,
      logFile: join(options.runDir, 'asterisk.log'),
      labels: options.labels,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  return { asterisk, carrierVersion: carrier.version, wsUrl: `ws://127.0.0.1:${httpPort}/ws`, changes: adapted.changes, dialplan, includes };
}

function staged(files: ReadonlyMap<string, string>): ConfigFile[] {
  return [...files].map(([name, content]) => ({ target: `${STAGED}/${name}`, content }));
}

/** An error's line, in the user's file: the copy's lines shift where callcheck added one. */
function inUserLines(error: ConfigLoadError, adapted: AdaptedConfig, files: ReadonlyMap<string, string>): ConfigLoadError {
  if (error.file === undefined) return error;
  if (error.line === undefined) {
    const module = /^module (\S+) is required/.exec(error.message)?.[1];
    const line = module ? lineNaming(files.get(error.file) ?? '', module) : undefined;
    return line === undefined ? error : { ...error, line };
  }
  const origin = adapted.origins.get(error.file)?.[error.line - 1];
  if (origin === undefined) return error;
  return origin === 0 ? { ...error, line: error.line, message: `${error.message} (in a line callcheck added to its copy)` } : { ...error, line: origin };
}

/** The copy as booted, for the user to read; passwords are masked (the agents' and the database's are the run's own). */
async function writeCopy(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(dir, name), text.replace(/^(\s*password\s*=>?\s*).*$/gim, '$1***'));
}
