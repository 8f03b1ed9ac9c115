import type { WatchedComponent } from '../contracts/observations.ts';
import type { RunEventSink } from '../contracts/run-events.ts';

export interface ComponentWatchOptions {
  component: WatchedComponent;
  /** Resolves when the component answers, rejects (or outlasts `timeoutMs`) when it does not. */
  probe: () => Promise<void>;
  /** Time between the end of one probe and the start of the next, in ms. */
  intervalMs: number;
  /** Longest a probe may take before it counts as failed, in ms. */
  timeoutMs: number;
  sink: RunEventSink;
  now?: () => number;
}

const KINDS = {
  'cdr-db': { down: 'cdr-db-down', up: 'cdr-db-up', name: 'the CDR database' },
  asterisk: { down: 'asterisk-down', up: 'asterisk-up', name: 'Asterisk' },
} as const;

/**
 * Probes one component of the system under test over and over and records when it stops and starts
 * answering: a `-down` event at the first failed probe (with when the last one succeeded), an `-up`
 * event at the first success after it. Assumes the component is up when watching starts.
 */
export class ComponentWatch implements AsyncDisposable {
  private readonly options: ComponentWatchOptions;
  private stopped = false;
  private readonly loop: Promise<void>;
  private down = false;
  private readonly upWaiters: (() => void)[] = [];

  constructor(options: ComponentWatchOptions) {
    this.options = options;
    this.loop = this.run();
  }

  /** Whether the last probe failed. */
  get isDown(): boolean {
    return this.down;
  }

  /** Resolves once a probe succeeds after an outage (at once when none is going on), or after `timeoutMs`. */
  async waitUp(timeoutMs: number): Promise<boolean> {
    if (!this.down) return true;
    let timer: NodeJS.Timeout | undefined;
    const up = await Promise.race([
      new Promise<boolean>((resolve) => this.upWaiters.push(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return up;
  }

  private async run(): Promise<void> {
    const { component, intervalMs, timeoutMs, sink } = this.options;
    const now = this.options.now ?? Date.now;
    const kinds = KINDS[component];
    let lastUpAt = now();
    while (!this.stopped) {
      const started = now();
      const failure = await this.attempt(timeoutMs);
      if (this.stopped) break;
      if (failure === undefined) {
        if (this.down) {
          this.down = false;
          sink({ at: started, kind: kinds.up, detail: `${kinds.name} answered again` });
          for (const wake of this.upWaiters.splice(0)) wake();
        }
        lastUpAt = started;
      } else if (!this.down) {
        this.down = true;
        sink({ at: started, kind: kinds.down, detail: `${kinds.name} did not answer: ${failure}`, lastUpAt });
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** One probe; the reason it failed, or undefined when it succeeded. */
  private async attempt(timeoutMs: number): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.probe(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
      ]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
