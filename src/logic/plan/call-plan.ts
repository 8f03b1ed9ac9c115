import type { PlannedCall } from '../../contracts/call-record.ts';
import type { HeaderValue } from '../../contracts/header-map.ts';
import { CallcheckError } from '../../contracts/errors.ts';
import type { HeaderValueFn } from '../../contracts/header-value-function.ts';
import type { Scenario } from '../../contracts/scenario.ts';
import { dialedNumber, dialNumbersOf } from './dial-numbers.ts';
import { OutcomeMixer } from './outcome-mix.ts';
import { resolveCallHeaders } from './call-headers.ts';
import { CDR_VARIABLE_BUFFER_BYTES, columnExpectation, lengthOf } from '../verify/column-expectation.ts';

/** Where header values come from: generated, the scenario's function, or rows of a JSON-lines file. */
export type HeaderValueSource =
  | { kind: 'generated' }
  | { kind: 'function'; fn: HeaderValueFn }
  | { kind: 'rows'; file: string; rows: Record<string, HeaderValue>[] };

/** Agent names are letters and digits only: Asterisk strips punctuation such as '-' from caller ID numbers, and the CDR's src must equal the name. */
export function agentName(index: number): string {
  return `agent${String(index + 1).padStart(3, '0')}`;
}

/** How calls are numbered when a run is split into shards: shard `shard` (1-based) of `count`. */
export interface ShardNumbering {
  shard: number;
  count: number;
}

/** The global index of a shard's n-th call (or agent): shards interleave, so indexes never collide across shards. */
export function shardIndex(local: number, numbering: ShardNumbering): number {
  return local * numbering.count + (numbering.shard - 1);
}

/**
 * Plans calls one at a time, as the load profile starts them: which number the agent dials and which
 * headers it sends. Refuses values that cannot be sent and keys that would make matching ambiguous,
 * with an error naming the call and the value. A run's calls are checked before anything starts by
 * planning them ahead on a second planner (see `preflight`); this one plans them as they happen.
 */
export class CallPlanner {
  private readonly scenario: Scenario;
  private readonly runId: string;
  private readonly source: HeaderValueSource;
  private readonly numbering: ShardNumbering;
  private readonly outcomes: OutcomeMixer;
  private readonly seenKeys = new Map<string, string>();
  /** Calls planned so far. */
  planned = 0;

  constructor(scenario: Scenario, runId: string, source: HeaderValueSource, numbering: ShardNumbering = { shard: 1, count: 1 }) {
    this.scenario = scenario;
    this.runId = runId;
    this.source = source;
    this.numbering = numbering;
    this.outcomes = new OutcomeMixer(scenario.outcomes);
  }

  /** Plans the next call, placed by `agent` for the load scenario `loadScenario`. */
  next(agent: string, loadScenario?: string): PlannedCall {
    const { scenario, source } = this;
    const index = shardIndex(this.planned, this.numbering);
    const id = `call-${String(index + 1).padStart(5, '0')}`;
    if (source.kind === 'rows' && index >= source.rows.length) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${source.file} has ${source.rows.length} rows of header values, but the run needs a row for call ${id} (line ${index + 1})`, {
        hint: 'add a line per call, or place fewer calls (agents, iterations, rate or duration of the load profile)',
      });
    }
    const where = source.kind === 'rows' ? `${source.file} line ${index + 1}` : `call ${id}`;
    const sent = resolveCallHeaders(headerValuesFor(scenario, source, { index, agent, runId: this.runId }), scenario.mappings, scenario.key, where);
    const { headers } = sent;
    const key = headers[scenario.key.header];
    if (key === undefined || key === '') {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: the key header ${scenario.key.header} is missing or empty; calls are matched to CDR rows by it`);
    }
    // Asterisk's adaptive backend truncates silently: a key cut short could never be matched to its call.
    if ([...key].length > scenario.key.length) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: ${scenario.key.header} "${key}" has ${[...key].length} characters, but its column ${scenario.key.column} holds ${scenario.key.length}`, {
        hint: `give ${scenario.key.header} a longer column in the header map ({ column: '${scenario.key.column}', length: N }) or shorter values`,
      });
    }
    const fate = columnExpectation([key], scenario.key.length);
    if (fate.kind === 'refused' || fate.cut !== undefined) {
      const { characters, bytes } = lengthOf(key);
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: ${scenario.key.header} "${key}" (${characters} characters, ${bytes} bytes) would not reach its column ${scenario.key.column} intact: ${fate.kind === 'refused' ? fate.cause : fate.cut?.cause}`, {
        hint: `keep key values within ${CDR_VARIABLE_BUFFER_BYTES - 1} bytes: calls are matched to CDR rows by them`,
      });
    }
    const previous = this.seenKeys.get(key);
    if (previous) {
      throw new CallcheckError('INVALID_HEADER_VALUES', `${where}: ${scenario.key.header} "${key}" is also used by ${previous}; each call needs its own key to be matched to its CDR row`);
    }
    this.seenKeys.set(key, where);
    this.planned++;
    const plannedOutcome = this.outcomes.next();
    const call: PlannedCall = { id, index, agent, dialed: dialedNumber(plannedOutcome, index, dialNumbersOf(scenario)), plannedOutcome, ...sent };
    if (loadScenario !== undefined) call.loadScenario = loadScenario;
    return call;
  }
}

/**
 * Checks, before anything starts, the first `count` calls a run can place: every value sendable, every
 * key unique and within its column. Agents are taken round-robin, as the scenario's function may use them.
 */
export function preflight(scenario: Scenario, runId: string, source: HeaderValueSource, agents: readonly string[], count: number, numbering?: ShardNumbering): void {
  const planner = new CallPlanner(scenario, runId, source, numbering);
  for (let i = 0; i < count; i++) planner.next(agents[i % agents.length] ?? agentName(0));
}

/**
 * Plans every call of a fixed-size run, `agents × callsPerAgent`, numbered round-robin over the agents so
 * call n of every agent happens in the same round.
 */
export function planCalls(scenario: Scenario, runId: string, source: HeaderValueSource, agents: number, callsPerAgent: number): PlannedCall[] {
  const count = agents * callsPerAgent;
  if (source.kind === 'rows' && source.rows.length < count) {
    throw new CallcheckError(
      'INVALID_HEADER_VALUES',
      `${source.file} has ${source.rows.length} rows of header values, but the scenario places ${count} calls (${agents} agents × ${callsPerAgent})`,
      { hint: 'add a line per call, or lower agents/callsPerAgent' },
    );
  }
  const planner = new CallPlanner(scenario, runId, source);
  return Array.from({ length: count }, (_, index) => planner.next(agentName(index % agents)));
}

function headerValuesFor(scenario: Scenario, source: HeaderValueSource, ctx: { index: number; agent: string; runId: string }): Record<string, unknown> {
  switch (source.kind) {
    case 'rows':
      return source.rows[ctx.index] ?? {};
    case 'function': {
      let values: unknown;
      try {
        values = source.fn(ctx);
      } catch (cause) {
        throw new CallcheckError('INVALID_SCENARIO', `the scenario's headerValues function threw for call ${ctx.index + 1}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      }
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new CallcheckError('INVALID_SCENARIO', `the scenario's headerValues function returned ${JSON.stringify(values)} for call ${ctx.index + 1}; it must return an object of header values`);
      }
      return values as Record<string, unknown>;
    }
    case 'generated':
      return Object.fromEntries(
        scenario.mappings.map((m) => [m.header, m === scenario.key ? `${ctx.runId}-${ctx.index + 1}` : `${m.column}-${ctx.index + 1}`]),
      );
  }
}

/**
 * The longest one call may take from the click to its end, in ms: the ringing before the answer, or before
 * the agent cancels, whichever is longer, then the talk time and the scenario's slack. The agents give up
 * on a call after it, and the simulated customer never holds a call longer.
 */
export function callLimitMs(scenario: Pick<Scenario, 'ringTimeMs' | 'cancelAfterMs' | 'talkTimeMs' | 'timeouts'>): number {
  return Math.max(scenario.ringTimeMs, scenario.cancelAfterMs) + scenario.talkTimeMs + scenario.timeouts.callSlackMs;
}
