import { CallcheckError, InterruptedError, type ErrorCode } from '../contracts/errors.ts';

export interface WaitOptions {
  /** What is being awaited, for the error message: "Asterisk fully booted". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  code?: ErrorCode;
  hint?: string;
  /** An error of the probe that ends the wait at once (the awaited process is gone); others are retried. */
  fatal?: (error: unknown) => boolean;
}

/**
 * Polls `probe` until it reports ready. On timeout the error says what was awaited, for how long, and
 * what the last probe saw, which is usually the answer to "why did it not start".
 */
export async function waitUntil(probe: () => Promise<{ ready: boolean; seen: string }>, options: WaitOptions): Promise<void> {
  const started = Date.now();
  let seen = 'nothing yet';
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError(`interrupted while waiting for ${options.what}`);
    try {
      const result = await probe();
      if (result.ready) return;
      seen = result.seen;
    } catch (error) {
      if (options.fatal?.(error)) throw error;
      seen = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() - started >= options.timeoutMs) {
      throw new CallcheckError(options.code ?? 'STACK_START_FAILED', `waited ${options.timeoutMs} ms for ${options.what}; last seen: ${seen.trim().slice(0, 600)}`, options.hint ? { hint: options.hint } : {});
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}
