import { open, type FileHandle } from 'node:fs/promises';

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
