import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../contracts/results.ts';
import { JSON_REPORT_FILE } from '../report/json-report.ts';

/**
 * Reads a finished run's results.json, refusing with exit 2 (and what to do) a path that is missing, is
 * not a directory, holds no results.json, or holds one that is damaged or from another callcheck version.
 * `role` names the argument in messages, e.g. `baseline run`.
 */
export async function readRunResults(dir: string, role: string): Promise<RunResults> {
  const refuse = (message: string, hint: string, cause?: unknown) =>
    new CallcheckError('INVALID_ARGUMENTS', `${role} ${dir}: ${message}`, { hint, ...(cause === undefined ? {} : { cause }) });
  const where = await stat(dir).catch(() => undefined);
  if (where === undefined) throw refuse('does not exist', 'pass a run directory that callcheck run printed, e.g. reports/20261126-075401-2770');
  if (!where.isDirectory()) throw refuse('is a file, not a run directory', `pass the directory that holds ${JSON_REPORT_FILE}, not a file in it`);
  const file = join(dir, JSON_REPORT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw refuse(`is not a run directory: it has no readable ${JSON_REPORT_FILE} (${cause instanceof Error ? cause.message : String(cause)})`, `pass a directory written by callcheck run or merge; a run stopped before its reports were written has no ${JSON_REPORT_FILE}`, cause);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw refuse(`${JSON_REPORT_FILE} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, 'the file is damaged or was cut short: restore it (e.g. from the CI artifacts) or run again', cause);
  }
  if (!isRunResults(parsed)) {
    throw refuse(`${JSON_REPORT_FILE} is not callcheck results: it lacks run.id, browsers or calls`, 'pass a directory written by callcheck run or merge');
  }
  if (parsed.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw refuse(`${JSON_REPORT_FILE} has schema version ${String(parsed.schemaVersion)}; this callcheck reads version ${RESULTS_SCHEMA_VERSION}`, 'use the callcheck version that wrote the run, or run again with this one');
  }
  return parsed;
}

/** Enough of the shape to read calls and builds from; the rest is trusted as callcheck wrote it. */
function isRunResults(value: unknown): value is RunResults {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RunResults>;
  return typeof v.run?.id === 'string' && Array.isArray(v.browsers) && Array.isArray(v.calls);
}
