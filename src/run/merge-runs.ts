import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { mergeShards, type ShardRecord } from '../logic/results/merge-shards.ts';
import { writeCallsLog } from '../run-dir/calls-log.ts';
import { writeCdrRows } from '../run-dir/cdr-rows-file.ts';
import { readRunDirectory } from '../run-dir/read-run.ts';
import { RUN_FILES } from '../run-dir/run-directory.ts';
import { RunManifestFile } from '../run-dir/run-manifest-file.ts';
import { reportRunDirectory } from './report-run-directory.ts';
import type { RunOutcome } from './run-options.ts';

async function readShard(dir: string): Promise<ShardRecord> {
  let kept;
  try {
    kept = await readRunDirectory(resolve(dir));
  } catch (cause) {
    throw new CallcheckError('INVALID_ARGUMENTS', `${dir} is not a finished run directory: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: 'pass the directories that `callcheck run --shard i/n` printed, each with run.json, calls.jsonl and cdr-rows.json',
    });
  }
  if (kept.rows === undefined) {
    const why = kept.rowsError?.message ?? 'it has no cdr-rows.json: the run stopped before it read its CDR rows';
    throw new CallcheckError('INVALID_ARGUMENTS', `${dir} has no readable cdr-rows.json: ${why}`, { hint: 'merge only runs that reached their verification' });
  }
  return { dir, manifest: kept.manifest, calls: kept.calls, rows: kept.rows };
}

/**
 * `callcheck merge`: joins the run directories of a split run into one run directory (run.json,
 * calls.jsonl and cdr-rows.json of the whole), verified afresh over every call and every CDR row of every
 * shard, with the scenario's thresholds evaluated over the whole, and writes its reports as a run does. The
 * merged directory is a run directory like any other: report, verify and compare take it.
 */
export async function mergeRuns(dirs: readonly string[], outDir: string): Promise<RunOutcome> {
  const shards = await Promise.all(dirs.map(readShard));
  const merged = mergeShards(shards, { mergedFrom: dirs.map((d) => resolve(d)), pid: process.pid, at: new Date().toISOString() });
  const runDir = resolve(outDir);
  const earlier = await readRunDirectory(runDir).catch(() => undefined);
  if (earlier !== undefined && earlier.manifest.run.mergedFrom === undefined) {
    throw new CallcheckError('INVALID_ARGUMENTS', `--out ${outDir} is the directory of run ${earlier.manifest.run.id}: merging into it would overwrite what that run kept`, {
      hint: 'give the merged run a directory of its own, e.g. --out reports/merged',
    });
  }
  await mkdir(runDir, { recursive: true });
  // A merge made again into the same directory replaces the earlier one whole; a merged run observed nothing itself.
  await rm(join(runDir, RUN_FILES.events), { force: true });
  await RunManifestFile.create(runDir, merged.manifest);
  await writeCallsLog(runDir, merged.calls);
  await writeCdrRows(runDir, merged.rows);
  return reportRunDirectory(runDir);
}
