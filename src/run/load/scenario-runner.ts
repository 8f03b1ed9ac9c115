import { agentsNeeded, type ArrivalRateConfig, type ExecutorConfig, type RampingVusConfig } from '../../contracts/executor-config.ts';
import { arrivalOffsets } from '../../logic/executors/arrival-schedule.ts';
import { plannedDurationMs, plannedIterations, runsForPlannedDuration } from '../../logic/executors/planned.ts';
import { isVuActive, nextVuActivation, rampDownDeadline } from '../../logic/executors/ramping-vus-schedule.ts';
import { AgentQueue } from './agent-queue.ts';
import type { Clock } from './load-clock.ts';

export interface ScenarioStats {
  /** Iterations started. */
  started: number;
  /** Iterations that ended by themselves (before their grace period ran out). */
  completed: number;
  /** Iterations not started: no free agent at an arrival, or maxDuration reached with iterations left. */
  dropped: number;
  /** Iterations still running when their gracefulStop (or gracefulRampDown) ran out, given up on. */
  interrupted: number;
}

/** waiting for startTime → running (starting iterations) → stopping (gracefulStop) → done. */
export type ScenarioState = 'waiting' | 'running' | 'stopping' | 'done';

export type ExpiryReason = 'gracefulStop' | 'gracefulRampDown';

export interface ScenarioRunnerOptions {
  name: string;
  config: ExecutorConfig;
  /** The agents this scenario owns; the first agentsNeeded(config) are used, VU k being agents[k]. */
  agents: readonly string[];
  clock: Clock;
  /** Clock time at which the run started; startTime counts from it. */
  runStart: number;
  runIteration: (scenario: string, agent: string) => Promise<void>;
  onDropped: (scenario: string, count: number) => void;
  onExpired: (scenario: string, agents: string[], reason: ExpiryReason) => void;
}

interface Iteration {
  agent: string;
  settled: Promise<void>;
  expired: boolean;
}

/** Runs one scenario's executor: when iterations start, on which agent, and when they are given up on. */
export class ScenarioRunner {
  readonly name: string;
  readonly config: ExecutorConfig;
  readonly stats: ScenarioStats = { started: 0, completed: 0, dropped: 0, interrupted: 0 };
  state: ScenarioState = 'waiting';
  /** Clock time at which the scenario started (after its startTime), once it has. */
  startedAt: number | undefined;
  /** Clock time at which the scenario was done, once it is. */
  finishedAt: number | undefined;

  readonly #options: ScenarioRunnerOptions;
  readonly #agents: readonly string[];
  readonly #inFlight = new Set<Iteration>();
  /** Aborted on Ctrl-C/abortOnFail: nothing more starts, not even scheduled arrivals. */
  readonly #aborted = new AbortController();
  /** Aborted at the end of the scenario's duration, or on abort: VUs start no new iteration. */
  readonly #stopStarting = new AbortController();
  /** Aborted when the runner is done, to cancel its leftover timers. */
  readonly #finished = new AbortController();

  constructor(options: ScenarioRunnerOptions) {
    this.#options = options;
    this.name = options.name;
    this.config = options.config;
    this.#agents = options.agents.slice(0, agentsNeeded(options.config));
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Stops starting iterations; those in flight get gracefulStop to end. */
  abort(): void {
    this.#aborted.abort();
    this.#stopStarting.abort();
  }

  async run(): Promise<ScenarioStats> {
    const { clock, config } = this.#options;
    const startAt = this.#options.runStart + config.startTimeMs;
    if (startAt > clock.now()) await clock.sleep(startAt - clock.now(), this.#stopStarting.signal);
    if (this.#stopStarting.signal.aborted) return this.#finish();

    const start = clock.now();
    this.startedAt = start;
    this.state = 'running';
    const end = start + plannedDurationMs(config);
    void clock.sleep(end - clock.now(), AbortSignal.any([this.#stopStarting.signal, this.#finished.signal])).then(() => this.#stopStarting.abort());

    const work = this.#startIterations(start, end);
    const stopped = new Promise<void>((resolve) => this.#stopStarting.signal.addEventListener('abort', () => resolve(), { once: true }));
    const first = await Promise.race([work.then(() => 'done' as const), stopped.then(() => 'stopped' as const)]);
    if (first === 'done') return this.#finish();

    this.state = 'stopping';
    this.#dropUnstarted();
    const grace = new AbortController();
    const outcome = await Promise.race([
      work.then(() => 'done' as const),
      clock.sleep(config.gracefulStopMs, AbortSignal.any([grace.signal, this.#finished.signal])).then(() => 'expired' as const),
    ]);
    grace.abort();
    if (outcome === 'expired') this.#expire([...this.#inFlight], 'gracefulStop');
    return this.#finish();
  }

  #finish(): ScenarioStats {
    this.state = 'done';
    this.finishedAt = this.#options.clock.now();
    this.#stopStarting.abort();
    this.#finished.abort();
    return { ...this.stats };
  }

  /** Iteration-based executors drop what they had not started when maxDuration ran out (not on abort). */
  #dropUnstarted(): void {
    if (this.#aborted.signal.aborted || runsForPlannedDuration(this.config)) return;
    const left = (plannedIterations(this.config) ?? 0) - this.stats.started;
    if (left <= 0) return;
    this.stats.dropped += left;
    this.#options.onDropped(this.name, left);
  }

  #expire(iterations: Iteration[], reason: ExpiryReason): void {
    const given = iterations.filter((i) => !i.expired);
    if (given.length === 0) return;
    for (const iteration of given) iteration.expired = true;
    this.stats.interrupted += given.length;
    this.#options.onExpired(this.name, given.map((i) => i.agent), reason);
  }

  #startIteration(agent: string): Iteration {
    this.stats.started++;
    const iteration: Iteration = { agent, expired: false, settled: Promise.resolve() };
    // runIteration never rejects by contract; a rejection (or a throw) still counts as an ended iteration.
    let running: Promise<void>;
    try {
      running = this.#options.runIteration(this.name, agent);
    } catch {
      running = Promise.resolve();
    }
    iteration.settled = running.then(
      () => this.#settle(iteration),
      () => this.#settle(iteration),
    );
    this.#inFlight.add(iteration);
    return iteration;
  }

  #settle(iteration: Iteration): void {
    this.#inFlight.delete(iteration);
    if (!iteration.expired) this.stats.completed++;
  }

  /** Whether VUs may start another iteration: not after the end of the duration, nor after an abort. */
  #canStart(end: number): boolean {
    return !this.#stopStarting.signal.aborted && this.#options.clock.now() < end;
  }

  /** Starts the executor's iterations; resolves once none will start any more and none is in flight. */
  #startIterations(start: number, end: number): Promise<unknown> {
    const config = this.config;
    switch (config.executor) {
      case 'shared-iterations': {
        let taken = 0;
        return this.#eachVu(async (agent) => {
          while (taken < config.iterations && this.#canStart(end)) {
            taken++;
            await this.#startIteration(agent).settled;
          }
        });
      }
      case 'per-vu-iterations':
        return this.#eachVu(async (agent) => {
          for (let i = 0; i < config.iterations && this.#canStart(end); i++) await this.#startIteration(agent).settled;
        });
      case 'constant-vus':
        return this.#eachVu(async (agent) => {
          while (this.#canStart(end)) await this.#startIteration(agent).settled;
        });
      case 'ramping-vus':
        return this.#eachVu((agent, vu) => this.#rampingVu(config, agent, vu, start, end));
      case 'constant-arrival-rate':
      case 'ramping-arrival-rate':
        return this.#arrivals(config, start);
    }
  }

  #eachVu(loop: (agent: string, vu: number) => Promise<void>): Promise<unknown> {
    return Promise.all(this.#agents.map((agent, vu) => loop(agent, vu)));
  }

  /**
   * One ramping-vus VU: runs iterations while the target has room for it; above the target it finishes its
   * iteration and waits to be ramped up again. An iteration still running gracefulRampDown after its VU
   * was ramped down is given up on (unless the VU was ramped up again in the meantime).
   */
  async #rampingVu(config: RampingVusConfig, agent: string, vu: number, start: number, end: number): Promise<void> {
    const { clock } = this.#options;
    const lastWord = plannedDurationMs(config) + config.gracefulStopMs;
    let notBefore = 0;
    while (this.#canStart(end)) {
      const t = Math.max(clock.now() - start, notBefore);
      if (isVuActive(config, vu, t)) {
        const iteration = this.#startIteration(agent);
        const deadline = rampDownDeadline(config, vu, t);
        if (deadline !== undefined && deadline < lastWord) {
          const watch = new AbortController();
          const outcome = await Promise.race([
            iteration.settled.then(() => 'done' as const),
            clock.sleep(start + deadline - clock.now(), AbortSignal.any([watch.signal, this.#finished.signal])).then(() => 'deadline' as const),
          ]);
          watch.abort();
          // The sleep also ends when the scenario is done; only a deadline that really came gives up.
          if (outcome === 'deadline' && !this.#finished.signal.aborted && this.#inFlight.has(iteration)) this.#expire([iteration], 'gracefulRampDown');
        }
        await iteration.settled;
        continue;
      }
      const next = nextVuActivation(config, vu, t);
      if (next === undefined) return;
      await clock.sleep(start + next - clock.now(), this.#stopStarting.signal);
      notBefore = next;
    }
  }

  /**
   * The arrival-rate executors: each scheduled arrival takes a free agent, or is dropped when every agent is
   * busy. The schedule itself says when to stop (an arrival exactly at the end still starts when the schedule
   * has it), so only an abort cuts it short.
   */
  async #arrivals(config: ArrivalRateConfig, start: number): Promise<void> {
    const { clock } = this.#options;
    const preAllocated = Math.min(config.preAllocatedVUs, this.#agents.length);
    const agents = new AgentQueue(this.#agents.slice(0, preAllocated), this.#agents.slice(preAllocated));
    const signal = this.#aborted.signal;
    for (const offset of arrivalOffsets(config)) {
      const wait = start + offset - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal.aborted) break;
      const agent = agents.take();
      if (agent === undefined) {
        this.stats.dropped++;
        this.#options.onDropped(this.name, 1);
        continue;
      }
      void this.#startIteration(agent).settled.then(() => agents.give(agent));
    }
    while (this.#inFlight.size > 0) await Promise.race([...this.#inFlight].map((i) => i.settled));
  }
}
