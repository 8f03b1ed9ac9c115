import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { callRecordSchema, type CallRecord } from '../contracts/call-record.ts';
import { cdrRowsSnapshotSchema, type CdrRowsSnapshot } from '../contracts/cdr-row.ts';
import { CallcheckError, describeIssues } from '../contracts/errors.ts';
import { runResultsSchema, RESULTS_SCHEMA_VERSION, type RunResults } from '../contracts/results.ts';
import { runEventSchema, type RunEvent } from '../contracts/run-events.ts';
import { RUN_MANIFEST_SCHEMA_VERSION, runManifestSchema, type RunManifest } from '../contracts/run-manifest.ts';
import { RUN_FILES } from './run-directory.ts';

/** What a run directory kept: everything a run's results are assembled from. */
export interface KeptRun {
  dir: string;
  manifest: RunManifest;
  /** The calls that ended, in the order calls.jsonl has them (the order they ended). */
  calls: CallRecord[];
  /** What the run observed of the system under test (events.jsonl). */
  events: RunEvent[];
  /** The CDR rows the run read (cdr-rows.json); absent when it stopped before reading them. */
  rows?: CdrRowsSnapshot;
  /** Why cdr-rows.json, which is there, cannot be used: damaged or hand-edited. */
  rowsError?: CallcheckError;
  /** What the reader should know about what was kept (a call cut short, a run that may still be going). */
  notes: string[];
}

const REMAKE = 'restore it from a copy of the run directory (e.g. the CI artifacts), or run the scenario again';

/** An error about a run directory's file: `where` names the directory as the user gave it, e.g. `run directory reports/x`. */
function invalid(where: string, message: string, hint: string, cause?: unknown): CallcheckError {
  return new CallcheckError('INVALID_RUN_DIRECTORY', `${where}: ${message}`, { hint, ...(cause === undefined ? {} : { cause }) });
}

/** `file: field: what was expected` for the first issues of a value that is not what callcheck writes. */
function schemaProblem(file: string, issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3);
  const more = issues.length > shown.length ? `\n  (and ${issues.length - shown.length} more)` : '';
  return `${file} is not what callcheck writes:\n${describeIssues(shown, '(the whole value)')}${more}`;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Refuses a path that is missing or a file, naming it and what to pass instead. */
async function mustBeDirectory(dir: string, whatToPass: string): Promise<void> {
  const where = await stat(dir).catch(() => undefined);
  if (where === undefined) throw new CallcheckError('INVALID_RUN_DIRECTORY', `run directory ${dir} does not exist`, { hint: `pass the directory callcheck run printed ("writing to <dir>"), e.g. reports/20261126-075401-2770` });
  if (!where.isDirectory()) throw new CallcheckError('INVALID_RUN_DIRECTORY', `${dir} is a file, not a run directory`, { hint: `pass the directory that holds ${whatToPass}, not a file in it` });
}

/** Parses a JSON file of the run directory against its schema, naming the file and the field that is off. */
function parseJsonFile<T>(where: string, file: string, text: string, schema: z.ZodType<T>, version?: { field: string; expected: number }): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalid(where, `${file} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, `the file is damaged or was cut short: ${REMAKE}`, cause);
  }
  if (version !== undefined) {
    const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[version.field] : undefined;
    if (found !== version.expected) {
      throw invalid(where, `${file} has schema version ${String(found)}; this callcheck reads version ${version.expected}`, 'use the callcheck version that made the run, or run the scenario again with this one');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(where, schemaProblem(file, parsed.error.issues), `the file was changed after the run, or is not callcheck's: ${REMAKE}`);
  return parsed.data;
}

/**
 * Reads a JSON-lines file of the run directory, each line against the schema. Only the last line may be cut
 * short (a process killed in the middle of an append): it is left out and said so. A damaged line anywhere
 * else, or a line that parses but is not what callcheck writes, is an error naming the file, the line and
 * the field. A missing file kept nothing.
 */
function parseJsonLines<T>(where: string, file: string, text: string | undefined, schema: z.ZodType<T>): { values: T[]; truncatedLastLine: boolean } {
  const lines = (text ?? '').split('\n');
  const values: T[] = [];
  let truncatedLastLine = false;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      const last = lines.slice(i + 1).every((rest) => rest.trim() === '');
      if (last) {
        truncatedLastLine = true;
        continue;
      }
      throw invalid(where, `${file} line ${i + 1} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, `${file} was changed after the run: ${REMAKE}`, cause);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw invalid(where, schemaProblem(`${file} line ${i + 1}`, parsed.error.issues), `${file} was changed after the run, or is not callcheck's: ${REMAKE}`);
    values.push(parsed.data);
  }
  return { values, truncatedLastLine };
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return pid !== process.pid;
  } catch {
    return false;
  }
}

/**
 * Reads a run directory: run.json, calls.jsonl, events.jsonl and, when the run got as far, cdr-rows.json,
 * each validated against its schema. Refuses with exit 2 a path that is not a run directory, and a file
 * that is damaged, hand-edited or foreign, naming the file, the line and the field and what was expected.
 * cdr-rows.json that is there but unusable does not refuse the run: `rowsError` says why, and the caller
 * decides (a report marks the calls not verified; verify and merge refuse).
 */
export async function readRunDirectory(dir: string): Promise<KeptRun> {
  await mustBeDirectory(dir, `${RUN_FILES.manifest} and ${RUN_FILES.calls}`);
  const where = `run directory ${dir}`;
  const manifestText = await readText(join(dir, RUN_FILES.manifest)).catch((cause: unknown) => {
    throw invalid(where, `${RUN_FILES.manifest} cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, REMAKE, cause);
  });
  if (manifestText === undefined) {
    throw invalid(where, `has no readable ${RUN_FILES.manifest}`, `pass a directory that callcheck run or callcheck merge wrote (it prints "writing to <dir>"); runs made before ${RUN_FILES.manifest} existed cannot be rebuilt`);
  }
  const manifest = parseJsonFile(where, RUN_FILES.manifest, manifestText, runManifestSchema, { field: 'schemaVersion', expected: RUN_MANIFEST_SCHEMA_VERSION });
  const calls = parseJsonLines(where, RUN_FILES.calls, await readText(join(dir, RUN_FILES.calls)), callRecordSchema);
  const events = parseJsonLines(where, RUN_FILES.events, await readText(join(dir, RUN_FILES.events)), runEventSchema);
  const notes: string[] = [];
  if (calls.truncatedLastLine) notes.push(`the last line of ${RUN_FILES.calls} was cut short (the run was killed while writing it): that call is left out`);
  if (manifest.ended === undefined && manifest.run.host === hostname() && processRuns(manifest.pid)) {
    notes.push(`the run recorded no end and its process ${manifest.pid} still runs: these are the calls that ended so far`);
  }
  if (events.truncatedLastLine) notes.push(`the last line of ${RUN_FILES.events} was cut short (the run was killed while writing it): that event is left out`);
  const kept: KeptRun = { dir, manifest, calls: calls.values, events: events.values, notes };
  const rowsText = await readText(join(dir, RUN_FILES.cdrRows));
  if (rowsText !== undefined) {
    try {
      kept.rows = parseJsonFile(where, RUN_FILES.cdrRows, rowsText, cdrRowsSnapshotSchema);
    } catch (error) {
      if (!(error instanceof CallcheckError)) throw error;
      kept.rowsError = error;
    }
  }
  return kept;
}

/**
 * Reads a finished run's results.json, validated against its schema, refusing with exit 2 (and what to do)
 * a path that is missing, is not a directory, holds no results.json, or holds one that is damaged, from
 * another callcheck version or not callcheck's. `role` names the argument in messages, e.g. `baseline run`.
 */
export async function readRunResults(dir: string, role: string): Promise<RunResults> {
  const where = `${role} ${dir}`;
  const stated = await stat(dir).catch(() => undefined);
  if (stated === undefined) throw invalid(where, 'does not exist', 'pass a run directory that callcheck run printed, e.g. reports/20261126-075401-2770');
  if (!stated.isDirectory()) throw invalid(where, 'is a file, not a run directory', `pass the directory that holds ${RUN_FILES.results}, not a file in it`);
  let text: string;
  try {
    text = await readFile(join(dir, RUN_FILES.results), 'utf8');
  } catch (cause) {
    throw invalid(where, `is not a run directory: it has no readable ${RUN_FILES.results} (${cause instanceof Error ? cause.message : String(cause)})`, `pass a directory written by callcheck run or merge; a run stopped before its reports were written has no ${RUN_FILES.results}`, cause);
  }
  return parseJsonFile(where, RUN_FILES.results, text, runResultsSchema, { field: 'schemaVersion', expected: RESULTS_SCHEMA_VERSION });
}
