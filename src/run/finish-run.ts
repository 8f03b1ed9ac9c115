import type { CdrRow } from '../contracts/cdr-row.ts';
import { CallcheckError } from '../contracts/errors.ts';
import type { Leftovers, StoppedEarly } from '../contracts/results.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { leftoversText, noLeftovers } from '../logic/asterisk/asterisk-leftovers.ts';
import { expectCdr } from '../logic/verify/cdr-expectation.ts';
import { writeCdrRows } from '../run-dir/cdr-rows-file.ts';
import type { RunRowsRequest, SystemUnderTest } from '../stack/system-under-test.ts';
import { abortable } from './abortable.ts';
import type { LoadResult } from './load/run-load.ts';
import { reportRunDirectory } from './report-run-directory.ts';
import type { RunOptions, RunOutcome } from './run-options.ts';
import type { StartedRun } from './started-run.ts';

/** How long to wait for a CDR database that a fault stopped to answer again before the rows are read, in ms. */
const DB_BACK_TIMEOUT_MS = 60_000;

async function readCdrRows(stack: SystemUnderTest, request: RunRowsRequest): Promise<CdrRow[]> {
  try {
    return await stack.readRunRows(request);
  } catch (cause) {
    throw new CallcheckError('CDR_READ_FAILED', `the CDR table could not be read after the calls: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: 'see cdr-database.log in the run directory; calls.jsonl keeps every call, and the run can be verified again later',
    });
  }
}

/**
 * Asks callcheck's own Asterisk what the stopped agents left, and warns of any channel or contact. A
 * leftover does not fail the run: a channel still up has written no CDR row, so its call is already
 * `missing`; a contact left only outlives the run by as long as Asterisk runs, which is seconds.
 */
async function checkLeftovers(stack: SystemUnderTest, log: (line: string) => void): Promise<Leftovers | undefined> {
  if (!stack.leftovers) return undefined;
  try {
    const left = await stack.leftovers();
    if (!noLeftovers(left)) log(`warning: ${leftoversText(left)}`);
    return left;
  } catch (error) {
    log(`warning: could not ask Asterisk what the run left: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function stoppedEarlyOf(load: LoadResult): StoppedEarly | undefined {
  if (load.maxFailuresReached) return { reason: 'max-failures', afterCalls: load.calls.length, maxFailures: load.maxFailuresReached.failed };
  if (load.abortedBy) return { reason: 'abort-on-fail', afterCalls: load.calls.length };
  return undefined;
}

/** How many rows the calls should have written, and the keys that find them: what reading the table waits for. */
function rowsRequest(scenario: Scenario, load: LoadResult, loadStartedAt: number): RunRowsRequest {
  return {
    expected: load.calls.filter((c) => expectCdr(c, scenario.cdr).recorded).length,
    timeoutMs: scenario.cdr.settleTimeoutMs,
    keys: load.calls.map((c) => c.headers[scenario.key.header] ?? ''),
    loadStartedAt,
  };
}

/**
 * The end of a run whose load is over: the faults ended, the agents stopped and what they left in Asterisk
 * asked, the CDR rows read (once the database answers again) and kept in cdr-rows.json, the observation
 * stopped; then everything the run learned goes into run.json (what the load did, why it stopped early,
 * the row delays, the leftovers, its end) and the reports are assembled from the run directory, as
 * `callcheck report` would.
 */
export async function finishRun(run: StartedRun, load: LoadResult, options: RunOptions, log: (line: string) => void): Promise<RunOutcome> {
  const { scenario, signal } = options;
  const { stack, manifest } = run;
  await run.injector.finish();
  if (!(await run.observer.cdrDb.waitUp(DB_BACK_TIMEOUT_MS))) log(`the CDR database has not answered for ${DB_BACK_TIMEOUT_MS} ms after the calls; reading the rows anyway`);
  await run.stopAgents();
  const cleanup = await checkLeftovers(stack, log);

  await options.beforeVerify?.(stack);
  const loadStartedAt = manifest.manifest.loadStartedAt ?? Date.now();
  const rows = await abortable(readCdrRows(stack, rowsRequest(scenario, load, loadStartedAt)), signal);
  const { host, port, database } = stack.cdr.connection;
  const trace = await stack.asteriskTrace?.().catch((error: unknown) => {
    log(`warning: could not read the dialplan steps from Asterisk's log: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  await writeCdrRows(run.runDir, { source: `${host}:${port}/${database}.${stack.cdr.table}`, readAt: new Date().toISOString(), rows, ...(trace ? { trace } : {}) });
  await run.observer.stop();
  const cdrRowDelays = run.observer.rowDelays(load.calls, scenario.key.header);
  await run.events.flushed();
  signal?.throwIfAborted();
  const stoppedEarly = stoppedEarlyOf(load);
  await manifest.update({
    loadSummary: {
      scenarios: load.scenarios,
      durationMs: Math.round(load.durationMs),
      pages: run.builds.reduce((sum, b) => sum + b.pool.pageCount, 0),
      recycledPages: run.builds.reduce((sum, b) => sum + b.pool.recycledPages, 0),
    },
    ...(stoppedEarly ? { stoppedEarly } : {}),
    observation: cdrRowDelays ? { cdrRowDelays } : {},
    ...(cleanup ? { cleanup } : {}),
    ended: { at: new Date().toISOString(), how: 'finished' },
  });
  return reportRunDirectory(run.runDir, { log });
}
