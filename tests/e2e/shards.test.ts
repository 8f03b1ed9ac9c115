import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/contracts/exit-codes.ts';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import { mergeRuns } from '../../src/run/merge-runs.ts';
import { tempDirForTest } from '../support/temp-dir.ts';
import { RemoteDebuggingChromium } from './remote-browser.ts';
import { runScenario } from './support.ts';

const split: ScenarioInput = {
  name: 'split-floor',
  headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
  ringTimeMs: 100,
  talkTimeMs: 1200,
  agentsPerPage: 2,
  options: {
    scenarios: { floor: { executor: 'shared-iterations', vus: 4, iterations: 10 } },
    thresholds: { cdr_matched: ['rate==1'], audio_proven: ['rate==1'] },
  },
  headerValues: ({ index, agent, runId }) => ({ 'X-CRM-Id': `CRM-${runId}-${index + 1}`, 'X-Agent-Id': agent }),
};

describe('a run split into two shards', () => {
  it('places each shard\'s part (one shard in a browser started elsewhere with remote debugging) and merges them into one verified run', async () => {
    await using remote = await RemoteDebuggingChromium.start();
    const first = await runScenario(split, { shard: { shard: 1, count: 2 } });
    const second = await runScenario({ ...split, browser: { endpoints: [remote.wsEndpoint] } }, { shard: { shard: 2, count: 2 } });

    // Each shard took half of the agents and iterations, with indexes that never collide.
    expect(first.results.summary.placed).toBe(5);
    expect(second.results.summary.placed).toBe(5);
    expect(first.results.calls.every((c) => c.index % 2 === 0)).toBe(true);
    expect(second.results.calls.every((c) => c.index % 2 === 1)).toBe(true);
    expect(first.runDir).toMatch(/-shard-1-of-2$/);
    expect(second.results.run.shard).toEqual({ index: 2, count: 2 });
    // The second shard ran in the remote browser, which callcheck left running.
    expect(second.results.browsers).toEqual([expect.objectContaining({ id: 'shard2-browser-1', executablePath: remote.wsEndpoint })]);
    expect(second.results.calls.every((c) => c.browser === 'shard2-browser-1' && c.audio?.heard)).toBe(true);
    expect(remote.running).toBe(true);

    const out = join(await tempDirForTest('merged'), 'merged');
    const merged = await mergeRuns([first.runDir, second.runDir], out);
    expect(merged.exitCode).toBe(ExitCode.Ok);
    expect(merged.results.summary).toMatchObject({ placed: 10, answered: 10, conforms: true, thresholdsPassed: true });
    expect(merged.results.summary.cdr).toMatchObject({ matched: 10, missing: 0, duplicate: 0, unknown: 0 });
    expect(merged.results.calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(merged.results.run.mergedFrom).toEqual([first.runDir, second.runDir]);
    expect(merged.results.load?.scenarios).toEqual([expect.objectContaining({ name: 'floor', agents: 4, iterations: 10 })]);
    expect(merged.results.browsers.map((b) => b.id).sort()).toEqual(['shard1-browser-1', 'shard2-browser-1']);
  });
});
