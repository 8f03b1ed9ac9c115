export interface WaitOptions {
  /** What is awaited, as the error names it: `10 calls to end`. */
  what: string;
  /** How long to wait at most, in ms. */
  timeoutMs: number;
  /** How long between two checks, in ms. Default 100. */
  intervalMs?: number;
  /** What the error says was last seen, read when it is thrown. Default: the check's last answer. */
  seen?: () => string;
}

/**
 * Checks `check` at once and then every `intervalMs` until it answers something other than undefined or
 * false, and returns that answer. After `timeoutMs` it throws an error naming what was awaited, the limit
 * and what was last seen. An error the check throws ends the wait with that error.
 */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const started = Date.now();
  for (;;) {
    const answer = await check();
    if (answer !== undefined && answer !== false) return answer;
    if (Date.now() - started > options.timeoutMs) {
      const seen = options.seen ? options.seen() : String(answer);
      throw new Error(`waited ${options.timeoutMs} ms for ${options.what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
