import { open, readFile, type FileHandle } from 'node:fs/promises';

/**
 * A JSON-lines file that only grows: each value is appended as one line and synced to disk before
 * append resolves, so a crash keeps every line written.
 */
export class JsonlFile<T> implements AsyncDisposable {
  readonly path: string;
  private readonly file: FileHandle;

  private constructor(path: string, file: FileHandle) {
    this.path = path;
    this.file = file;
  }

  static async open<T>(path: string): Promise<JsonlFile<T>> {
    return new JsonlFile<T>(path, await open(path, 'a'));
  }

  async append(value: T): Promise<void> {
    await this.file.appendFile(`${JSON.stringify(value)}\n`);
    await this.file.datasync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.file.close();
  }
}

/** The values a JSON-lines file kept, and whether its last line was cut short. */
export interface KeptLines<T> {
  values: T[];
  /** A last line that is not complete JSON: the process was killed while appending it. That value is lost. */
  truncatedLastLine: boolean;
}

/**
 * Reads a JSON-lines file written by JsonlFile. Only its last line may be incomplete (a process killed in
 * the middle of an append); a damaged line anywhere else is an error naming the line. A missing file kept
 * nothing.
 */
export async function readJsonlFile<T>(path: string, what: string): Promise<KeptLines<T>> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const lines = text.split('\n');
  const values: T[] = [];
  let truncatedLastLine = false;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line) as T);
    } catch (cause) {
      const last = lines.slice(i + 1).every((rest) => rest.trim() === '');
      if (!last) throw new Error(`${path} line ${i + 1} is not ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      truncatedLastLine = true;
    }
  }
  return { values, truncatedLastLine };
}
