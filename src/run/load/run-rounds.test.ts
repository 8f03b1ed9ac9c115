import { describe, expect, it } from 'vitest';
import type { AgentPool } from '../../browser/agent-pool.ts';
import type { CallRecord } from '../../contracts/call-record.ts';
import type { LoadResult, RunLoadOptions } from './run-load.ts';
import { runRounds, type BuildAgents } from './run-rounds.ts';

/** A pool stands for its build only: runRounds hands it to the turn and never calls it itself. */
const poolOf = (label: string) => ({ label }) as unknown as AgentPool;

function build(label: string): BuildAgents {
  return { label, pool: poolOf(label), agentsOf: { default: [`${label}-agent`] } };
}

function call(index: number, build: string): CallRecord {
  return { id: `call-${index}`, index, agent: `${build}-agent`, dialed: '200', plannedOutcome: 'answer', headers: {}, browser: build, build, outcome: 'answered', timeline: {}, sip: [] };
}

/** A turn places two calls (numbered in turn order) and says it started 2 and dropped 1. */
function fakeTurns(log: string[], abortAfter?: number) {
  let next = 0;
  return async (options: RunLoadOptions): Promise<LoadResult> => {
    const label = (options.pool as unknown as { label: string }).label;
    log.push(`${label}:${Object.values(options.agentsOf).flat().join(',')}`);
    const calls = [call(next++, label), call(next++, label)];
    const aborted = abortAfter !== undefined && log.length === abortAfter;
    return { calls: calls.reverse(), durationMs: 10, scenarios: [{ name: 'default', executor: 'per-vu-iterations', agents: 1, iterations: 2, dropped: 1 }], ...(aborted ? { abortedBy: [] } : {}) };
  };
}

const common = { load: {}, planner: undefined as never, callsLog: undefined as never, talkTimeMs: 0, pauseBetweenCallsMs: 0, timeoutBeyondTalkMs: 0, thresholds: [], progress: undefined as never };

describe('runRounds', () => {
  it('runs every build in the given order, each with its own pool and agents, and joins the turns', async () => {
    const turns: string[] = [];
    const announced: string[] = [];
    const result = await runRounds({
      ...common,
      builds: [build('a'), build('b')],
      order: [['a', 'b'], ['b', 'a']],
      onTurn: (round, label) => announced.push(`${round}:${label}`),
      runTurn: fakeTurns(turns),
    });
    expect(turns).toEqual(['a:a-agent', 'b:b-agent', 'b:b-agent', 'a:a-agent']);
    expect(announced).toEqual(['0:a', '0:b', '1:b', '1:a']);
    expect(result.calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result.calls.map((c) => c.build)).toEqual(['a', 'a', 'b', 'b', 'b', 'b', 'a', 'a']);
    expect(result.durationMs).toBe(40);
    // Iterations and drops add up over the four turns; the agents are one build's VUs.
    expect(result.scenarios).toEqual([{ name: 'default', executor: 'per-vu-iterations', agents: 1, iterations: 8, dropped: 4 }]);
    expect(result.abortedBy).toBeUndefined();
  });

  it('stops at the first turn an abortOnFail threshold cut short', async () => {
    const turns: string[] = [];
    const result = await runRounds({ ...common, builds: [build('a'), build('b')], order: [['a', 'b'], ['b', 'a']], runTurn: fakeTurns(turns, 2) });
    expect(turns).toHaveLength(2);
    expect(result.abortedBy).toEqual([]);
    expect(result.calls).toHaveLength(4);
  });

  it('counts --max-failures over the whole run: each turn gets what is left, and the first to reach it ends the run', async () => {
    const budgets: (number | undefined)[] = [];
    let next = 0;
    // Every turn places two calls; the first of each fails (no final response), the second is answered.
    const runTurn = async (options: RunLoadOptions): Promise<LoadResult> => {
      budgets.push(options.maxFailures);
      const label = (options.pool as unknown as { label: string }).label;
      const calls = [{ ...call(next++, label), outcome: 'failed' as const }, call(next++, label)];
      const reached = options.maxFailures === 1 ? { maxFailuresReached: { failed: 1 } } : {};
      return { calls, durationMs: 10, scenarios: [], ...reached };
    };
    const result = await runRounds({ ...common, maxFailures: 3, builds: [build('a'), build('b')], order: [['a', 'b'], ['b', 'a']], runTurn });
    expect(budgets).toEqual([3, 2, 1]);
    expect(result.calls).toHaveLength(6);
    expect(result.maxFailuresReached).toEqual({ failed: 3 });
    expect(result.abortedBy).toBeUndefined();
  });

  it('starts no turn once the run is interrupted', async () => {
    const turns: string[] = [];
    const controller = new AbortController();
    const runTurn = fakeTurns(turns);
    const result = await runRounds({
      ...common,
      signal: controller.signal,
      builds: [build('a'), build('b')],
      order: [['a', 'b']],
      runTurn: async (o) => {
        controller.abort();
        return runTurn(o);
      },
    });
    expect(turns).toEqual(['a:a-agent']);
    expect(result.calls).toHaveLength(2);
  });

  it('refuses an order that names a build without agents', async () => {
    await expect(runRounds({ ...common, builds: [build('a')], order: [['a', 'x']], runTurn: fakeTurns([]) })).rejects.toThrow(/build x/);
  });
});
