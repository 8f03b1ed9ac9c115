import type { Clock } from '../../src/run/load/load-clock.ts';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/** Lets every promise chain that can move on do so (the microtask queue drains before an immediate runs). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Virtual time for the executor driver. Nothing happens until the test runs the clock: `runUntil` and
 * `runUntilSettled` fire the pending sleeps in time order (same time: in the order they were asked for),
 * letting promise chains settle between two timers, so code under test sees exact times.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer: Timer = {
        at: this.#now + ms,
        seq: this.#seq++,
        wake: () => {
          this.#timers.delete(timer);
          signal?.removeEventListener('abort', timer.wake);
          resolve();
        },
      };
      this.#timers.add(timer);
      signal?.addEventListener('abort', timer.wake, { once: true });
    });
  }

  /** Sleeps not yet woken. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  #next(): Timer | undefined {
    let first: Timer | undefined;
    for (const t of this.#timers) if (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq)) first = t;
    return first;
  }

  /** Fires the timers due up to `limitMs` (absolute), then leaves the clock at `limitMs`. */
  async runUntil(limitMs: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.#next();
      if (!next || next.at > limitMs) break;
      this.#now = Math.max(this.#now, next.at);
      next.wake();
    }
    this.#now = Math.max(this.#now, limitMs);
    await settle();
  }

  /**
   * Fires timers until `promise` settles and returns its value. Fails when the promise can no longer settle
   * (no timer left) or when virtual time passes `limitMs`, so a hanging driver fails the test instead of hanging it.
   */
  async runUntilSettled<T>(promise: Promise<T>, limitMs = 1e9): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    for (;;) {
      await settle();
      if (settled) return watched;
      const next = this.#next();
      if (!next) throw new Error(`FakeClock: the promise is still pending at ${this.#now} ms and no timer is left`);
      if (next.at > limitMs) throw new Error(`FakeClock: the promise is still pending at the limit of ${limitMs} ms`);
      this.#now = Math.max(this.#now, next.at);
      next.wake();
    }
  }
}
