import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../contracts/results.ts';
import { buildResults } from '../logic/results/build-results.ts';
import { completeResults } from '../logic/results/complete-results.ts';
import { mergeShards, type ShardInput } from '../logic/results/merge-shards.ts';
import { exitCodeOf } from '../logic/results/exit-code.ts';
import { verifyCdr } from '../logic/verify/verify-cdr.ts';
import { readCdrRows, writeCdrRows } from '../run-dir/cdr-rows-file.ts';
import { writeAllReports } from '../report/reporter.ts';
import type { RunOutcome } from './run-conformance.ts';

async function readShard(dir: string): Promise<ShardInput> {
  let results: RunResults;
  try {
    results = JSON.parse(await readFile(resolve(dir, 'results.json'), 'utf8')) as RunResults;
  } catch (cause) {
    throw new CallcheckError('INVALID_ARGUMENTS', `${dir} is not a finished run directory: its results.json cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, {
      cause,
      hint: 'pass the directories that `callcheck run --shard i/n` printed, each with results.json and cdr-rows.json',
    });
  }
  if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new CallcheckError('INVALID_ARGUMENTS', `${dir}/results.json has schema version ${String(results.schemaVersion)}; this callcheck reads version ${RESULTS_SCHEMA_VERSION}`, {
      hint: 'merge runs made with the same callcheck version',
    });
  }
  try {
    return { dir, results, rows: await readCdrRows(dir) };
  } catch (cause) {
    throw new CallcheckError('INVALID_ARGUMENTS', `${dir} has no readable cdr-rows.json: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, hint: 'merge only runs that reached their verification' });
  }
}

/**
 * `callcheck merge`: joins the run directories of a split run into one, verified afresh over every call
 * and every CDR row of every shard, with the scenario's thresholds evaluated over the whole, and writes
 * one set of reports.
 */
export async function mergeRuns(dirs: readonly string[], outDir: string): Promise<RunOutcome> {
  const shards = await Promise.all(dirs.map(readShard));
  const merged = mergeShards(shards);
  const [first] = shards;
  if (!first) throw new Error('unreachable: mergeShards refuses an empty list');
  const verification = verifyCdr({ calls: merged.calls, rows: merged.rows, ...merged.settings });
  const runDir = resolve(outDir);
  await mkdir(runDir, { recursive: true });
  const { startedAt, finishedAt } = merged;
  const { shard: _shard, ...firstRun } = first.results.run;
  const built = buildResults({
    run: {
      ...firstRun,
      id: `${first.results.run.id}-merged`,
      startedAt,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
      mergedFrom: dirs.map((d) => resolve(d)),
    },
    stack: first.results.stack,
    browsers: merged.browsers,
    calls: merged.calls,
    settings: merged.settings,
    verification,
    ...(merged.load ? { load: merged.load } : {}),
  });
  // A browser matrix's verdict is drawn again over every shard's calls: more calls, narrower intervals.
  // The shards ran side by side: the load lasted as long as the longest shard's.
  const loadS = (merged.load?.durationMs ?? Math.max(...shards.map((s) => s.results.run.durationMs))) / 1000;
  const { matrix, thresholdDefinitions } = first.results;
  const results = completeResults(built, { ...(matrix ? { matrix } : {}), ...(thresholdDefinitions ? { thresholdDefinitions } : {}), loadS });
  await writeCdrRows(runDir, { source: `merged from ${shards.length} shards`, readAt: new Date().toISOString(), rows: merged.rows });
  await writeAllReports(results, runDir);
  return { runDir, results, exitCode: exitCodeOf(results) };
}
