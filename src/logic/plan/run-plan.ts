import { CallcheckError } from '../../contracts/errors.ts';
import { agentsNeeded, type LoadScenarios } from '../../contracts/executor-config.ts';
import type { Scenario } from '../../contracts/scenario.ts';
import { plannedDurationMs, plannedIterations } from '../executors/planned.ts';
import { shardExecutor } from '../executors/shard.ts';
import { shardIndex, type ShardNumbering } from './call-plan.ts';
import { matrixRounds } from './matrix-rounds.ts';

/** The label of the one build of a run without a browser matrix. */
const SINGLE_BUILD = 'default';

/** Most calls checked ahead of the run when the load profile does not say how many it places. */
const PREFLIGHT_LIMIT = 200_000;

export interface RunPlanInput {
  scenario: Scenario;
  runId: string;
  /** This run is shard `shard` of `count` of a split run: it places its part of the load. */
  shard?: ShardNumbering;
  /** The browser matrix: its build labels in the scenario's order, and its rounds; absent: a run of one build. */
  matrix?: { builds: readonly string[]; rounds: number };
  /** How the run names its agent of each global index (callcheck's `agentNNN`, or your own PBX's accounts). */
  nameAgent: (index: number) => string;
}

/** What a run will do, decided before anything starts. */
export interface RunPlan {
  runId: string;
  numbering: ShardNumbering;
  /** The run directory's name under the reports directory: the run id, with the shard for a split run. */
  dirName: string;
  /** The load this run places: every load scenario's part for this shard; scenarios left with no agent are dropped. */
  load: LoadScenarios;
  /** Build labels in the scenario's order (one, {@link SINGLE_BUILD}, without a matrix). */
  buildLabels: string[];
  /** Build labels round by round: each build places the whole load once per round. */
  order: string[][];
  /** Per build (in `buildLabels` order), each load scenario's agents: k6 gives every scenario VUs of its own. */
  agentsOfBuild: Record<string, string[]>[];
  /** Every agent of the run, in every build. */
  agents: string[];
  /** How many calls to check before the run (their header values, their numbers). */
  preflightCalls: number;
}

/** This shard's part of every load scenario; scenarios left with no agent are dropped. */
function shardLoad(load: LoadScenarios, shard: ShardNumbering | undefined): LoadScenarios {
  if (!shard || shard.count === 1) return load;
  const out: LoadScenarios = {};
  for (const [name, config] of Object.entries(load)) {
    const part = shardExecutor(config, shard.shard, shard.count);
    if (agentsNeeded(part) > 0) out[name] = part;
  }
  return out;
}

/**
 * How many calls to check before the run: all of them when the profile says, else as many as the agents
 * could place in the planned time if every call were over at once (bounded).
 */
function callsToPreflight(load: LoadScenarios, scenario: Pick<Scenario, 'pauseBetweenCallsMs'>, turns: number): number {
  let total = 0;
  for (const config of Object.values(load)) {
    const known = plannedIterations(config);
    const shortestCallMs = Math.max(100, scenario.pauseBetweenCallsMs);
    total += known ?? agentsNeeded(config) * Math.ceil(plannedDurationMs(config) / shortestCallMs);
  }
  return Math.min(PREFLIGHT_LIMIT, total * turns);
}

/**
 * The plan of a run: this shard's load, the builds and the order they take turns in, the agents of every
 * load scenario on every build (numbered so no two shards share one), the calls to check ahead, and the
 * run directory's name. Refuses a shard left without an agent (exit 2).
 */
export function planRun(input: RunPlanInput): RunPlan {
  const { scenario, runId } = input;
  const numbering: ShardNumbering = input.shard ?? { shard: 1, count: 1 };
  const load = shardLoad(scenario.load, input.shard);
  const buildLabels = input.matrix ? [...input.matrix.builds] : [SINGLE_BUILD];
  const order = input.matrix ? matrixRounds(buildLabels, input.matrix.rounds) : [[SINGLE_BUILD]];
  const agentsOfBuild: Record<string, string[]>[] = [];
  let agentCount = 0;
  for (let b = 0; b < buildLabels.length; b++) {
    const agentsOf: Record<string, string[]> = {};
    for (const [name, config] of Object.entries(load)) {
      const needed = agentsNeeded(config);
      agentsOf[name] = Array.from({ length: needed }, (_, i) => input.nameAgent(shardIndex(agentCount + i, numbering)));
      agentCount += needed;
    }
    agentsOfBuild.push(agentsOf);
  }
  if (agentCount === 0) {
    throw new CallcheckError('INVALID_ARGUMENTS', `shard ${numbering.shard}/${numbering.count} has no agent: the load profile has fewer agents than shards`, { hint: 'use fewer shards, or more VUs' });
  }
  return {
    runId,
    numbering,
    dirName: numbering.count > 1 ? `${runId}-shard-${numbering.shard}-of-${numbering.count}` : runId,
    load,
    buildLabels,
    order,
    agentsOfBuild,
    agents: agentsOfBuild.flatMap((agentsOf) => Object.values(agentsOf).flat()),
    preflightCalls: callsToPreflight(load, scenario, order.flat().length),
  };
}
