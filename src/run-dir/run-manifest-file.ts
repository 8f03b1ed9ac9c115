import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { RUN_MANIFEST_FILE, RUN_MANIFEST_SCHEMA_VERSION, type RunManifest } from '../contracts/run-manifest.ts';
import { writeFileAtomic } from './atomic-write.ts';

/**
 * The run manifest of a run in progress: written as soon as the run directory exists, and rewritten
 * atomically each time the run learns something `report` and `verify` need, so a run killed at any moment
 * leaves a complete run.json of what it knew.
 */
export class RunManifestFile {
  readonly path: string;
  private current: RunManifest;
  /** Writes in the order they were asked for: a later state never lands under an earlier one. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(path: string, manifest: RunManifest) {
    this.path = path;
    this.current = manifest;
  }

  static async create(dir: string, manifest: RunManifest): Promise<RunManifestFile> {
    const file = new RunManifestFile(join(dir, RUN_MANIFEST_FILE), manifest);
    await file.update({});
    return file;
  }

  get manifest(): RunManifest {
    return this.current;
  }

  /** Adds what the run has learned and writes the whole manifest again. */
  update(patch: Partial<RunManifest>): Promise<void> {
    this.current = { ...this.current, ...patch };
    const text = `${JSON.stringify(this.current, null, 2)}\n`;
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, text));
    return this.writing;
  }
}

/**
 * Reads a run directory's run.json, refusing with exit 2 (and what to do) a directory without one, or with
 * one that is damaged or from another callcheck version.
 */
export async function readRunManifest(dir: string): Promise<RunManifest> {
  const path = join(dir, RUN_MANIFEST_FILE);
  const refuse = (message: string, hint: string, cause?: unknown) =>
    new CallcheckError('INVALID_ARGUMENTS', `run directory ${dir}: ${message}`, { hint, ...(cause === undefined ? {} : { cause }) });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw refuse(`has no readable ${RUN_MANIFEST_FILE} (${cause instanceof Error ? cause.message : String(cause)})`, `pass a directory that callcheck run wrote (it prints "writing to <dir>"); runs made before ${RUN_MANIFEST_FILE} existed cannot be rebuilt`, cause);
  }
  let parsed: Partial<RunManifest>;
  try {
    parsed = JSON.parse(text) as Partial<RunManifest>;
  } catch (cause) {
    throw refuse(`${RUN_MANIFEST_FILE} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, 'the file is damaged: restore it from a copy of the run directory', cause);
  }
  if (parsed.schemaVersion !== RUN_MANIFEST_SCHEMA_VERSION) {
    throw refuse(`${RUN_MANIFEST_FILE} has schema version ${String(parsed.schemaVersion)}; this callcheck reads version ${RUN_MANIFEST_SCHEMA_VERSION}`, 'use the callcheck version that made the run');
  }
  if (typeof parsed.run?.id !== 'string' || parsed.settings === undefined || !Array.isArray(parsed.agents)) {
    throw refuse(`${RUN_MANIFEST_FILE} lacks run.id, settings or agents`, 'pass a directory that callcheck run wrote');
  }
  return parsed as RunManifest;
}
