import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import type { AgentCredentials } from '../../src/contracts/pbx.ts';
import { makeCredentials } from '../../src/stack/agent-credentials.ts';
import { validateScenario } from '../../src/run/load-scenario.ts';
import { configureTestcontainers } from '../../src/stack/container-runtime.ts';
import { reapRunContainers } from '../../src/stack/run-reaper.ts';
import { Stack } from '../../src/stack/stack.ts';
import { printLog } from './failure-log.ts';

/**
 * A stand-in PBX: callcheck's own Asterisk and CDR database, started by the test rather than by the runs
 * under test, so it outlives them (the runs reach it as your own PBX, through a scenario's `pbx`).
 */
export interface StandInPbx {
  readonly stack: Stack;
  /** The id its containers are labelled with: `e2e-<scenario name>-<random hex>`. */
  readonly runId: string;
  /** The agents' accounts on its Asterisk: agent001, agent002, …, each with a fresh random password. */
  readonly agents: AgentCredentials[];
  /**
   * Its CDR database as `--cdr` and `pbx.cdrUrl` name it, `mysql://user:password@host:port/database`, for a
   * reporting account: SELECT only, the server's default authentication (caching_sha2_password on MySQL),
   * plain TCP allowed.
   */
  readonly cdrUrl: string;
  /** The account its Asterisk writes with: it requires TLS (REQUIRE SSL), with `cdrCaFile` as the CA. */
  readonly writerUrl: string;
  /** PEM file of the CA of its database's certificate (in `dir`): what `pbx.cdrCaFile` and `--cdr-ca` take. */
  readonly cdrCaFile: string;
  /** Every password it made (the reader's, the writer's, the agents'), which no output may show. */
  readonly secrets: string[];
  /** A fresh temp folder, the stack's run directory (its logs), free for the test's own files too; removed by `stop`. */
  readonly dir: string;
  /** Disposes the stack, then removes whatever container of its run is left, and its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a stand-in PBX configured from `input` (headers, ring and talk times), with an account for each
 * of its `agents`. Call `stop` in afterAll. If the stack does not come up, what it logged is printed and
 * what it created is removed before the error is thrown.
 */
export async function startStandInPbx(input: ScenarioInput & { agents: number }): Promise<StandInPbx> {
  configureTestcontainers();
  const runId = `e2e-${input.name}-${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), `callcheck-${input.name}-`));
  const scenario = validateScenario(input, `the stand-in PBX ${input.name}`);
  const agents = makeCredentials(input.agents);
  const lines: string[] = [];
  let stack: Stack;
  try {
    stack = await Stack.start({ runId, scenario, agents, runDir: dir, log: (line) => lines.push(line) });
  } catch (error) {
    printLog(`the log of the stand-in PBX ${runId}, which did not come up`, lines.join('\n'));
    try {
      await reapRunContainers(runId);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    throw error;
  }
  const { user, password, host, port, database, tls } = stack.cdr.connection;
  const reader = { user: 'report', password: randomBytes(12).toString('base64url') };
  const cdrCaFile = join(dir, 'cdr-ca.pem');
  try {
    await stack.addCdrReader(reader.user, reader.password);
    await writeFile(cdrCaFile, tls?.ca ?? '');
  } catch (error) {
    await stack[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    stack,
    runId,
    agents,
    cdrUrl: `mysql://${reader.user}:${reader.password}@${host}:${port}/${database}`,
    writerUrl: `mysql://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`,
    cdrCaFile,
    secrets: [reader.password, password, ...agents.map((a) => a.password)],
    dir,
    async stop() {
      try {
        await stack[Symbol.asyncDispose]();
      } finally {
        try {
          await reapRunContainers(runId);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    },
  };
}
