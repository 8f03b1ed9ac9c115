import { join } from 'node:path';
import type { RunManifest } from '../contracts/run-manifest.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { RUN_FILES } from './run-directory.ts';

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
    const file = new RunManifestFile(join(dir, RUN_FILES.manifest), manifest);
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
