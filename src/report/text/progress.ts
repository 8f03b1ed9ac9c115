/**
 * Live progress of a run: calls ended (of how many, when known), calls in progress, calls ended per second
 * over a sliding window, failures and the estimated time left.
 *
 * On a terminal (a TTY, and `CI` not set) one status line is redrawn in place, at most every 250 ms; other
 * code writes its lines through {@link ProgressDisplay.log}, which clears the status line first and redraws
 * it after, so the two never garble. Otherwise (a pipe, a file, or `CI` set) a plain line is written every
 * 10 s:
 *
 *     progress: 312/1200 calls ended, 42 active, 19.8 calls/s, 0 failed, ETA 45s
 *
 * The formatting functions are pure; the display takes its stream, environment and clock as options.
 */

/** What progress is written to: `process.stderr` in a run. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  /** Width of the terminal; the status line is cut to fit. */
  readonly columns?: number;
  write(chunk: string): unknown;
}

export interface ProgressClock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The system clock; its timers do not keep the process alive. Resolved at each call, so fake timers apply. */
export const SYSTEM_CLOCK: ProgressClock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** What the run knows of its end; both may be unknown, and may change while it runs. */
export interface ProgressPlan {
  /** Calls the run will place in all (iteration-bound load). */
  totalCalls?: number;
  /** Epoch ms at which the load is planned to end (time-bound load). */
  endsAt?: number;
}

export interface ProgressSnapshot {
  ended: number;
  active: number;
  failed: number;
  totalCalls?: number;
  /** Calls ended per second over the sliding window. */
  callsPerS: number;
  /** Estimated ms until the run ends; undefined when nothing tells. */
  etaMs?: number;
}

/** `CI` set to anything but empty, `0` or `false` (as CI services do: `CI=true`). */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** `45s`, `3m05s`, `1h02m`; rounded up to the second. */
export function formatEta(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
}

/**
 * Time left: until the planned end when the load is time-bound; else the calls left at the current rate;
 * else unknown. 0 once every planned call ended.
 */
export function estimateEtaMs(input: { ended: number; callsPerS: number; now: number; plan: ProgressPlan }): number | undefined {
  const { ended, callsPerS, now, plan } = input;
  if (plan.totalCalls !== undefined && ended >= plan.totalCalls) return 0;
  if (plan.endsAt !== undefined) return Math.max(0, plan.endsAt - now);
  if (plan.totalCalls !== undefined && callsPerS > 0) return ((plan.totalCalls - ended) / callsPerS) * 1000;
  return undefined;
}

/** `312/1200 calls ended, 42 active, 19.8 calls/s, 0 failed, ETA 45s` (without `/1200` or ETA when unknown). */
export function formatProgress(s: ProgressSnapshot): string {
  const ended = s.totalCalls === undefined ? `${s.ended}` : `${s.ended}/${s.totalCalls}`;
  const parts = [`${ended} calls ended`, `${s.active} active`, `${s.callsPerS.toFixed(1)} calls/s`, `${s.failed} failed`];
  if (s.etaMs !== undefined) parts.push(`ETA ${formatEta(s.etaMs)}`);
  return `progress: ${parts.join(', ')}`;
}

/** `line` cut to one character less than the terminal is wide, so it never wraps (and `\r` returns to its start). */
export function fitToColumns(line: string, columns: number | undefined): string {
  if (columns === undefined || columns <= 1 || line.length < columns) return line;
  return line.slice(0, columns - 1);
}

/** Events per second over the last `windowMs` (or since `startedAt`, while the run is younger than that). */
export class RateWindow {
  private readonly windowMs: number;
  private readonly startedAt: number;
  private readonly stamps: number[] = [];
  private head = 0;

  constructor(windowMs: number, startedAt: number) {
    this.windowMs = windowMs;
    this.startedAt = startedAt;
  }

  record(at: number): void {
    this.stamps.push(at);
  }

  perSecond(now: number): number {
    const since = now - this.windowMs;
    while (this.head < this.stamps.length && (this.stamps[this.head] as number) <= since) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
    const span = Math.min(this.windowMs, now - this.startedAt);
    if (span <= 0) return 0;
    let count = 0;
    for (let i = this.head; i < this.stamps.length; i += 1) if ((this.stamps[i] as number) <= now) count += 1;
    return (count / span) * 1000;
  }
}

export interface ProgressOptions {
  stream: ProgressStream;
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default {@link SYSTEM_CLOCK}. */
  clock?: ProgressClock;
  /** Asked at each line: default nothing known. */
  plan?: () => ProgressPlan;
  /** Plain mode: ms between lines, default 10 000. */
  intervalMs?: number;
  /** Terminal mode: ms between redraws, default 250. */
  redrawMs?: number;
  /** Window of the calls/s rate, default 5 000 ms. */
  rateWindowMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';

/** Live progress, fed by call events. Dispose it to stop its timer and leave the final counts on their own line. */
export class ProgressDisplay implements Disposable {
  readonly mode: 'tty' | 'plain';
  private readonly stream: ProgressStream;
  private readonly clock: ProgressClock;
  private readonly plan: () => ProgressPlan;
  private readonly rate: RateWindow;
  private readonly timer: unknown;
  private started = 0;
  private ended = 0;
  private failed = 0;
  /** Terminal mode: the status line on screen, '' when none. */
  private shown = '';
  /** Plain mode: the last line written. */
  private lastPlain = '';
  private disposed = false;

  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.plan = options.plan ?? (() => ({}));
    this.mode = options.stream.isTTY === true && !isCi(options.env ?? process.env) ? 'tty' : 'plain';
    this.rate = new RateWindow(options.rateWindowMs ?? 5000, this.clock.now());
    this.timer =
      this.mode === 'tty'
        ? this.clock.setInterval(() => this.redraw(), options.redrawMs ?? 250)
        : this.clock.setInterval(() => this.writePlain(), options.intervalMs ?? 10_000);
  }

  callStarted(): void {
    this.started += 1;
  }

  callEnded(failed = false): void {
    this.ended += 1;
    if (failed) this.failed += 1;
    this.rate.record(this.clock.now());
  }

  snapshot(): ProgressSnapshot {
    const now = this.clock.now();
    const plan = this.plan();
    const callsPerS = this.rate.perSecond(now);
    const snapshot: ProgressSnapshot = { ended: this.ended, active: Math.max(0, this.started - this.ended), failed: this.failed, callsPerS };
    if (plan.totalCalls !== undefined) snapshot.totalCalls = plan.totalCalls;
    const etaMs = estimateEtaMs({ ended: this.ended, callsPerS, now, plan });
    if (etaMs !== undefined) snapshot.etaMs = etaMs;
    return snapshot;
  }

  /** Writes a line of its own (a log message), keeping the status line below it on a terminal. */
  log(line: string): void {
    if (this.shown === '') {
      this.stream.write(`${line}\n`);
      return;
    }
    this.stream.write(`${CLEAR_LINE}${line}\n${this.shown}`);
  }

  [Symbol.dispose](): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clock.clearInterval(this.timer);
    if (this.mode === 'tty') {
      this.stream.write(`${CLEAR_LINE}${this.statusLine()}\n`);
      this.shown = '';
    } else {
      this.writePlain(true);
    }
  }

  private statusLine(): string {
    return fitToColumns(formatProgress(this.snapshot()), this.stream.columns);
  }

  private redraw(): void {
    const line = this.statusLine();
    if (line === this.shown) return;
    this.stream.write(`${CLEAR_LINE}${line}`);
    this.shown = line;
  }

  private writePlain(onlyIfChanged = false): void {
    const line = formatProgress(this.snapshot());
    if (onlyIfChanged && line === this.lastPlain) return;
    this.stream.write(`${line}\n`);
    this.lastPlain = line;
  }
}
