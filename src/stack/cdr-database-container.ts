import type { StartedTestContainer } from 'testcontainers';
import { createWriteStream } from 'node:fs';
import { CallcheckError } from '../contracts/errors.ts';
import { CdrDatabase, type CdrConnection } from '../cdr/cdr-database.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';
import { imageExists } from './container-runtime.ts';
import { DEFAULT_CDR_IMAGE } from '../contracts/scenario.ts';
import { waitUntil } from './wait-until.ts';
import { SETUP_COMMAND } from '../host/package-info.ts';

/** The trigger that slows inserts for a `cdr-db-slow` fault. */
const SLOW_TRIGGER = 'callcheck_slow_insert';

/** MariaDB built from the Debian archive by `npm run setup`, used where no registry gave the default. */
export const LOCAL_CDR_IMAGE = 'callcheck/cdr-mariadb:local';

export interface CdrDatabaseOptions {
  image: string;
  port: number;
  rootPassword: string;
  connection: CdrConnection;
  table: string;
  schemaSql: string;
  mappings: readonly HeaderMapping[];
  timeoutMs: number;
  logFile: string;
  /** Labels for the container (the run's id, so leftovers can be reaped). */
  labels: Record<string, string>;
  signal?: AbortSignal;
}

/** Picks the image to run: the one asked for when present, else the local MariaDB in place of the default. */
export async function resolveCdrImage(image: string): Promise<{ image: string; fallbackFrom?: string }> {
  if (await imageExists(image)) return { image };
  if (image === DEFAULT_CDR_IMAGE && (await imageExists(LOCAL_CDR_IMAGE))) return { image: LOCAL_CDR_IMAGE, fallbackFrom: image };
  throw new CallcheckError('PREREQUISITE_MISSING', `CDR database image ${image} is not in the local container engine, and callcheck does not pull during a run`, {
    hint: image === DEFAULT_CDR_IMAGE ? `build the local MariaDB image with: ${SETUP_COMMAND}` : `load it first (docker pull ${image} where a registry is reachable, or docker load)`,
  });
}

/** The CDR database, started, with callcheck's database, user and CDR table created. */
export class StartedCdrDatabase implements AsyncDisposable {
  readonly database: CdrDatabase;
  readonly image: string;
  readonly serverVersion: string;
  private readonly container: StartedTestContainer;
  /** Root's connection: what the faults that slow the database need (a trigger). */
  private readonly admin: CdrDatabase;

  private constructor(container: StartedTestContainer, database: CdrDatabase, admin: CdrDatabase, image: string, serverVersion: string) {
    this.container = container;
    this.database = database;
    this.admin = admin;
    this.image = image;
    this.serverVersion = serverVersion;
  }

  /** Stops the container without removing it: the server shuts down, its data stays for the restart. */
  async stopServer(): Promise<void> {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    await client.container.stop(client.container.getById(this.container.getId()), { timeout: 5000 });
  }

  /** Starts the stopped container again, on the same port (host networking, the port is in its command). */
  async startServer(): Promise<void> {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    await client.container.start(client.container.getById(this.container.getId()));
  }

  /** Every insert into the CDR table sleeps `delayMs` first, in the server (a BEFORE INSERT trigger). */
  async slowInserts(delayMs: number): Promise<void> {
    const { database } = this.database.connection;
    const { table } = this.database;
    await this.admin.withConnection(async (c) => {
      await c.query(`DROP TRIGGER IF EXISTS \`${database}\`.\`${SLOW_TRIGGER}\``);
      await c.query(`CREATE TRIGGER \`${database}\`.\`${SLOW_TRIGGER}\` BEFORE INSERT ON \`${database}\`.\`${table}\` FOR EACH ROW DO SLEEP(${(delayMs / 1000).toFixed(3)})`);
    });
  }

  /** Drops the trigger of slowInserts. */
  async restoreInserts(): Promise<void> {
    await this.admin.withConnection(async (c) => {
      await c.query(`DROP TRIGGER IF EXISTS \`${this.database.connection.database}\`.\`${SLOW_TRIGGER}\``);
    });
  }

  static async start(options: CdrDatabaseOptions): Promise<StartedCdrDatabase> {
    const { GenericContainer } = await import('testcontainers');
    const isMysql = /(^|\/)mysql(:|$)/.test(options.image);
    // Host networking keeps SQL on 127.0.0.1; MySQL's X protocol would otherwise listen on every interface.
    // MySQL 8.4 disables mysql_native_password by default, and Asterisk's MariaDB ODBC driver can only do
    // caching_sha2_password over TLS or with the server's RSA key: the CDR user gets native passwords.
    const args = [`--port=${options.port}`, '--bind-address=127.0.0.1', ...(isMysql ? ['--mysqlx=OFF', '--mysql-native-password=ON'] : [])];
    const log = createWriteStream(options.logFile, { flags: 'a' });
    let container: StartedTestContainer;
    try {
      container = await new GenericContainer(options.image)
        .withNetworkMode('host')
        .withEnvironment({ MYSQL_ROOT_PASSWORD: options.rootPassword, MARIADB_ROOT_PASSWORD: options.rootPassword })
        .withCommand(args)
        .withLabels({ ...options.labels, 'org.callcheck.role': 'cdr-database' })
        .withLogConsumer((stream) => stream.pipe(log))
        .withStartupTimeout(options.timeoutMs)
        .start();
    } catch (cause) {
      log.end();
      throw new CallcheckError('STACK_START_FAILED', `CDR database container ${options.image} did not start within ${options.timeoutMs} ms: ${cause instanceof Error ? cause.message.trim() : String(cause)}`, {
        cause,
        hint: `cdr.image must be a MySQL or MariaDB server image that takes mysqld options (--port, --bind-address); its output is in ${options.logFile}`,
      });
    }
    const root: CdrConnection = { ...options.connection, user: 'root', password: options.rootPassword, database: 'mysql' };
    const admin = new CdrDatabase(root, options.table, options.mappings);
    try {
      let version = '';
      await waitUntil(
        async () => {
          version = await admin.withConnection(async (c) => String(((await c.query('SELECT VERSION() AS v'))[0] as { v: string }[])[0]?.v));
          return { ready: true, seen: version };
        },
        { what: `the CDR database (${options.image}) to accept connections on 127.0.0.1:${options.port}`, timeoutMs: options.timeoutMs, signal: options.signal, hint: `see ${options.logFile}` },
      );
      const { user, password, database } = options.connection;
      await admin.withConnection(async (c) => {
        await c.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
        for (const host of ['localhost', '127.0.0.1', '%']) {
          await c.query(`CREATE USER ?@? IDENTIFIED ${isMysql ? 'WITH mysql_native_password ' : ''}BY ?`, [user, host, password]);
          await c.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, host]);
        }
        await c.query(`USE \`${database}\``);
        await c.query(options.schemaSql);
      });
      return new StartedCdrDatabase(container, new CdrDatabase(options.connection, options.table, options.mappings), admin, options.image, version);
    } catch (error) {
      await container.stop({ timeout: 5000 }).catch(() => undefined);
      throw error;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.container.stop({ timeout: 5000, remove: true }).catch(() => undefined);
  }
}
