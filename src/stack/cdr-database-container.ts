import type { StartedTestContainer } from 'testcontainers';
import { createWriteStream } from 'node:fs';
import { CallcheckError } from '../contracts/errors.ts';
import { CdrDatabase, type CdrConnection } from '../cdr/cdr-database.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';
import { imageExists } from './container-runtime.ts';
import { DEFAULT_CDR_IMAGE } from '../contracts/scenario.ts';
import { waitUntil } from './wait-until.ts';
import { SETUP_COMMAND } from '../host/package-info.ts';
import { makeRunCertificate } from '../host/run-certificate.ts';
import { cdrEngineOf, type CdrEngine } from '../contracts/cdr-engine.ts';
import { sqlStatements } from '../logic/asterisk/cdr-schema.ts';

/** The trigger that slows inserts for a `cdr-db-slow` fault. */
const SLOW_TRIGGER = 'callcheck_slow_insert';

/** MySQL built from the Debian archive by `npm run setup`, used where no registry gave the default. */
export const LOCAL_MYSQL_IMAGE = 'callcheck/cdr-mysql:local';
/** MariaDB built the same way: what a scenario names in `cdr.image` to run on MariaDB. */
export const LOCAL_MARIADB_IMAGE = 'callcheck/cdr-mariadb:local';

/** Where the run's TLS files go in the database's container. */
const TLS_DIR = '/etc/callcheck-tls';

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

/** Picks the image to run: the one asked for when present, else callcheck's own MySQL in place of the default. */
export async function resolveCdrImage(image: string): Promise<{ image: string; fallbackFrom?: string }> {
  if (await imageExists(image)) return { image };
  if (image === DEFAULT_CDR_IMAGE && (await imageExists(LOCAL_MYSQL_IMAGE))) return { image: LOCAL_MYSQL_IMAGE, fallbackFrom: image };
  throw new CallcheckError('PREREQUISITE_MISSING', `CDR database image ${image} is not in the local container engine, and callcheck does not pull during a run`, {
    hint: image === DEFAULT_CDR_IMAGE || image === LOCAL_MARIADB_IMAGE ? `build callcheck's MySQL and MariaDB images with: ${SETUP_COMMAND}` : `load it first (docker pull ${image} where a registry is reachable, or docker load)`,
  });
}

/** The CDR database, started, with callcheck's database, user and CDR table created. */
export class StartedCdrDatabase implements AsyncDisposable {
  readonly database: CdrDatabase;
  readonly image: string;
  readonly serverVersion: string;
  readonly engine: CdrEngine;
  private readonly container: StartedTestContainer;
  /** Root's connection: what the faults that slow the database need (a trigger). */
  private readonly admin: CdrDatabase;

  private constructor(container: StartedTestContainer, database: CdrDatabase, admin: CdrDatabase, image: string, serverVersion: string) {
    this.container = container;
    this.database = database;
    this.admin = admin;
    this.image = image;
    this.serverVersion = serverVersion;
    this.engine = cdrEngineOf(serverVersion);
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

  /**
   * Adds an account that may only read the CDR database, as a call center's reporting user has: the
   * server's default authentication (caching_sha2_password on MySQL), TLS not required. For a stand-in of
   * your own PBX, whose runs read their rows as such a user.
   */
  async addReader(user: string, password: string): Promise<void> {
    const { database } = this.database.connection;
    await this.admin.withConnection(async (c) => {
      for (const host of ['localhost', '%']) {
        await c.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
        await c.query(`GRANT SELECT ON \`${database}\`.* TO ?@?`, [user, host]);
      }
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
    // Every connection to the database is TLS, checked against a CA made for this run: MySQL's
    // caching_sha2_password needs a secure link (or an RSA key exchange Debian's MariaDB ODBC driver does
    // not do) for a first login, and one path for both engines keeps the facts measured on each comparable.
    const tls = await makeRunCertificate({ authority: 'callcheck CDR database CA (one run)', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] });
    const certificateFiles = [
      { content: tls.caPem, target: `${TLS_DIR}/ca.pem`, mode: 0o644 },
      { content: tls.certPem, target: `${TLS_DIR}/server-cert.pem`, mode: 0o644 },
      // Read by the server's own user, whatever its uid in the image; a key made for this run alone.
      { content: tls.keyPem, target: `${TLS_DIR}/server-key.pem`, mode: 0o644 },
    ];
    // Host networking keeps SQL on 127.0.0.1; the official MySQL image's X protocol would otherwise listen
    // on every interface (callcheck's own MySQL image turns it off in its configuration; MariaDB has none,
    // and refuses the option).
    const isOfficialMysql = /(^|\/)mysql(:|$)/.test(options.image);
    const args = [
      `--port=${options.port}`,
      '--bind-address=127.0.0.1',
      `--ssl-ca=${TLS_DIR}/ca.pem`,
      `--ssl-cert=${TLS_DIR}/server-cert.pem`,
      `--ssl-key=${TLS_DIR}/server-key.pem`,
      ...(isOfficialMysql ? ['--mysqlx=OFF'] : []),
    ];
    const log = createWriteStream(options.logFile, { flags: 'a' });
    let container: StartedTestContainer;
    try {
      container = await new GenericContainer(options.image)
        .withNetworkMode('host')
        .withEnvironment({ MYSQL_ROOT_PASSWORD: options.rootPassword, MARIADB_ROOT_PASSWORD: options.rootPassword })
        .withCopyContentToContainer(certificateFiles)
        .withCommand(args)
        .withLabels({ ...options.labels, 'org.callcheck.role': 'cdr-database' })
        .withLogConsumer((stream) => stream.pipe(log))
        .withStartupTimeout(options.timeoutMs)
        .start();
    } catch (cause) {
      log.end();
      throw new CallcheckError('STACK_START_FAILED', `CDR database container ${options.image} did not start within ${options.timeoutMs} ms: ${cause instanceof Error ? cause.message.trim() : String(cause)}`, {
        cause,
        hint: `cdr.image must be a MySQL or MariaDB server image that takes mysqld options (--port, --bind-address, --ssl-ca); its output is in ${options.logFile}`,
      });
    }
    const connection: CdrConnection = { ...options.connection, tls: { ca: tls.caPem } };
    const root: CdrConnection = { ...connection, user: 'root', password: options.rootPassword, database: 'mysql' };
    const admin = new CdrDatabase(root, options.table, options.mappings);
    try {
      let version = '';
      await waitUntil(
        async () => {
          version = await admin.withConnection(async (c) => String(((await c.query('SELECT VERSION() AS v'))[0] as { v: string }[])[0]?.v));
          return { ready: true, seen: version };
        },
        { what: `the CDR database (${options.image}) to accept TLS connections on 127.0.0.1:${options.port}`, timeoutMs: options.timeoutMs, signal: options.signal, hint: `see ${options.logFile}` },
      );
      const { user, password, database } = connection;
      await admin.withConnection(async (c) => {
        await c.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
        // The server's default authentication, never named: caching_sha2_password on MySQL (which has
        // mysql_native_password off), mysql_native_password on MariaDB (still its default in 11.8). REQUIRE SSL
        // makes a link without TLS fail loudly rather than work by chance.
        for (const host of ['localhost', '127.0.0.1', '%']) {
          await c.query('CREATE USER ?@? IDENTIFIED BY ? REQUIRE SSL', [user, host, password]);
          await c.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, host]);
        }
        await c.query(`USE \`${database}\``);
        for (const statement of sqlStatements(options.schemaSql)) {
          await c.query(statement).catch((cause: unknown) => {
            throw new CallcheckError('CONFIG_NOT_USABLE', `the CDR schema's statement failed on ${options.image}: ${cause instanceof Error ? cause.message : String(cause)}\n  ${statement.slice(0, 300)}`, {
              cause,
              hint: 'fix the statement in the schema file (asterisk.cdrSchemaFile), or leave the option out to have callcheck create the table from the header map',
            });
          });
        }
      });
      return new StartedCdrDatabase(container, new CdrDatabase(connection, options.table, options.mappings), admin, options.image, version);
    } catch (error) {
      await container.stop({ timeout: 5000 }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Removes the container at once (SIGKILL, no grace): its data goes with it, and the run read its rows
   * before; MySQL's graceful shutdown cost about 1.2 s of every run for data nobody keeps.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.container.stop({ timeout: 0, remove: true }).catch(() => undefined);
  }
}
