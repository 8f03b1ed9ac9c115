import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/contracts/exit-codes.ts';
import { runScenario } from './support.ts';

/**
 * Two real browser builds from the cache `npm run setup` provisions (Debian's Chromium 150 and Firefox ESR
 * 140), the same calls on each, interleaved in rounds: the matrix end to end on the real stack.
 */
describe('browser matrix on the real stack', () => {
  it('runs the same calls on two builds in rotating rounds, verifies every CDR and compares the builds', async () => {
    const { results, exitCode } = await runScenario({
      name: 'matrix-e2e',
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: 2,
      callsPerAgent: 2,
      ringTimeMs: 0,
      talkTimeMs: 800,
      matrix: {
        builds: [
          { browser: 'chromium', version: '150' },
          { browser: 'firefox', version: '140' },
        ],
        rounds: 2,
        seed: 3,
      },
    });
    expect(results.summary).toMatchObject({ placed: 16, answered: 16, failed: 0, conforms: true });
    expect(results.summary.cdr.matched).toBe(16);
    expect(exitCode).toBe(ExitCode.Ok);

    // Every call names the exact version of the build that placed it, as that browser reported it.
    const chromium = results.browsers.find((b) => b.build === 'chromium-150');
    const firefox = results.browsers.find((b) => b.build === 'firefox-140');
    expect(chromium).toMatchObject({ engine: 'chromium', version: expect.stringMatching(/^150\.0\.\d+\.\d+$/) });
    expect(firefox).toMatchObject({ engine: 'firefox', version: expect.stringMatching(/^140\.\d+/) });
    for (const call of results.calls) {
      const info = call.build === 'chromium-150' ? chromium : firefox;
      expect(call.browserVersion).toBe(info?.version);
      expect(call.audio?.heard).toBe(true);
    }

    // The rounds rotate, and the calls ran in that order: each turn's 4 calls before the next turn's.
    expect(results.matrix?.rounds).toEqual([
      ['chromium-150', 'firefox-140'],
      ['firefox-140', 'chromium-150'],
    ]);
    const byDial = [...results.calls].sort((a, b) => (a.timeline.dialRequested ?? 0) - (b.timeline.dialRequested ?? 0));
    const turn = (build: string) => Array<string>(4).fill(build);
    expect(byDial.map((c) => c.build)).toEqual([...turn('chromium-150'), ...turn('firefox-140'), ...turn('firefox-140'), ...turn('chromium-150')]);

    // One comparison, Firefox 140 against the baseline Chromium 150, with every phase's verdict in words.
    const [comparison] = results.matrix?.comparisons ?? [];
    expect(results.matrix?.comparisons).toHaveLength(1);
    expect(comparison?.baseline).toMatchObject({ build: 'chromium-150', version: chromium?.version });
    expect(comparison?.candidate).toMatchObject({ build: 'firefox-140', version: firefox?.version });
    expect(comparison?.seed).toBe(3);
    const invite = comparison?.phases.find((p) => p.phase === 'invite_to_200');
    expect(invite).toMatchObject({ baselineCount: 8, candidateCount: 8 });
    expect(invite?.sentence).toMatch(/\S/);
  });
});
