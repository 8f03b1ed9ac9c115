import { describe, expect, it } from 'vitest';
import type { RunResults } from '../contracts/results.ts';
import { MATRIX_BUILDS, makeMatrixResults, makeResults } from '../../tests/support/report-fixtures.ts';
import { buildTitle, runBuilds } from './run-builds.ts';

describe('runBuilds', () => {
  it("groups a matrix run's calls by build, in the matrix's order, the baseline marked", () => {
    const results = makeMatrixResults();
    const builds = runBuilds(results);
    expect(builds.map((b) => [b.label, b.baseline, b.calls.length, b.browserIds])).toEqual([
      ['chromium-150', true, 30, ['chromium-150']],
      ['chromium-156', false, 30, ['chromium-156']],
      ['firefox-esr-140', false, 30, ['firefox-esr-140']],
    ]);
    expect(builds[2]!.ref).toEqual({ build: 'firefox-esr-140', engine: 'firefox', name: 'Firefox', version: '140.5.0esr', runId: results.run.id });
    for (const build of builds) expect(build.calls.every((c) => c.build === build.label)).toBe(true);
  });

  it('keeps a matrix build that placed no call, so a report can say so', () => {
    const results = makeMatrixResults();
    const builds = runBuilds({ ...results, calls: results.calls.filter((c) => c.build !== 'chromium-156') });
    expect(builds.map((b) => [b.label, b.calls.length])).toEqual([['chromium-150', 30], ['chromium-156', 0], ['firefox-esr-140', 30]]);
  });

  it('makes one build of the browsers of one version in a run without a matrix', () => {
    const base = makeResults();
    const results: RunResults = {
      ...base,
      browsers: [base.browsers[0]!, { ...base.browsers[0]!, id: 'browser-2' }],
      calls: base.calls.map((c, i) => ({ ...c, browser: i % 2 === 0 ? 'browser-1' : 'browser-2' })),
    };
    const builds = runBuilds(results);
    expect(builds).toHaveLength(1);
    expect(builds[0]!.label).toBe('chromium-156.0.8078.108');
    expect(builds[0]!.browserIds).toEqual(['browser-1', 'browser-2']);
    expect(builds[0]!.calls).toHaveLength(results.calls.length);
    expect(builds[0]!.baseline).toBe(false);
  });

  it('tells apart browsers of two versions in a run without a matrix, and leaves out one that placed no call', () => {
    const base = makeResults();
    const results: RunResults = {
      ...base,
      browsers: [base.browsers[0]!, { ...base.browsers[0]!, id: 'browser-2', version: '157.0.1.2' }, { ...base.browsers[0]!, id: 'browser-3', version: '158.0.0.1' }],
      calls: base.calls.map((c, i) => ({ ...c, browser: i < 3 ? 'browser-2' : 'browser-1' })),
    };
    expect(runBuilds(results).map((b) => [b.label, b.calls.length])).toEqual([['chromium-156.0.8078.108', 4], ['chromium-157.0.1.2', 3]]);
  });

  it("falls back on the call's own version when the results do not list its browser", () => {
    const base = makeResults();
    const results: RunResults = { ...base, browsers: [], calls: base.calls.map((c) => ({ ...c, browser: 'gone', browserVersion: '149.0.1.1' })) };
    const [only] = runBuilds(results);
    expect(only!.label).toBe('chromium-149.0.1.1');
    expect(only!.ref.version).toBe('149.0.1.1');
  });
});

describe('buildTitle', () => {
  it('names the label and the exact product, or only the product when the label is just that', () => {
    expect(buildTitle({ build: MATRIX_BUILDS[1].label, engine: 'chromium', version: '156.0.8078.108' })).toBe('chromium-156 (Chromium 156.0.8078.108)');
    expect(buildTitle({ build: 'firefox-esr-140', engine: 'firefox', version: '140.5.0esr' })).toBe('firefox-esr-140 (Firefox 140.5.0esr)');
    expect(buildTitle({ build: 'chromium-156.0.8078.108', engine: 'chromium', version: '156.0.8078.108' })).toBe('Chromium 156.0.8078.108');
  });
});
