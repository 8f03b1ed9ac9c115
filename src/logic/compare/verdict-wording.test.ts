import { describe, expect, it } from 'vitest';
import type { BuildRef, PhaseChange, QuantileDifference } from '../../contracts/comparison.ts';
import { PHASES } from '../results/phases.ts';
import { buildsInWords, comparisonSummary, confidenceInWords, phaseSentence, pValueInWords, signedMsInWords, type PhaseSentenceInput } from './verdict-wording.ts';

const build = (engine: BuildRef['engine'], version: string, label = `${engine}-${version.split('.')[0]}`): BuildRef => ({
  build: label,
  engine,
  name: engine === 'chromium' ? 'HeadlessChrome' : 'Firefox',
  version,
  runId: 'run-1',
});

const CHROMIUM_150 = build('chromium', '150.0.7871.100');

describe('buildsInWords', () => {
  it.each<[string, BuildRef, BuildRef, string]>([
    ['same engine: majors only', CHROMIUM_150, build('chromium', '156.0.7913.2'), 'Chromium 156 against 150'],
    ['other engine: both engines named', CHROMIUM_150, build('firefox', '153.0'), 'Firefox 153 against Chromium 150'],
    ['other engine, same major: majors suffice', CHROMIUM_150, build('firefox', '150.0.1'), 'Firefox 150 against Chromium 150'],
    ['same major: full versions', build('chromium', '150.0.7871.64'), CHROMIUM_150, 'Chromium 150.0.7871.100 against 150.0.7871.64'],
    [
      'same version: the build labels tell them apart',
      CHROMIUM_150,
      build('chromium', '150.0.7871.100', 'chromium-150-rerun'),
      'Chromium 150.0.7871.100 (chromium-150-rerun) against 150.0.7871.100 (chromium-150)',
    ],
    ['a version without a leading number stays whole', build('firefox', 'nightly'), build('firefox', '153.0'), 'Firefox 153 against nightly'],
  ])('%s', (_, baseline, candidate, expected) => {
    expect(buildsInWords(baseline, candidate)).toBe(expected);
  });
});

describe('numbers in words', () => {
  it.each<[number, string]>([
    [412.4, '+412 ms'],
    [-3.14, '\u22123.1 ms'],
    [2, '+2.0 ms'],
    [9.94, '+9.9 ms'],
    [9.96, '+10 ms'],
    [10, '+10 ms'],
    [-1234.5, '\u22121235 ms'],
    [0.04, '0.0 ms'],
    [-0.04, '0.0 ms'],
  ])('signs and rounds %s ms as "%s"', (ms, expected) => {
    expect(signedMsInWords(ms)).toBe(expected);
  });

  it.each<[number, string]>([
    [0.4103, 'p = 0.41'],
    [1, 'p = 1.0'],
    [0.0496, 'p = 0.050'],
    [0.00123, 'p = 0.0012'],
    [0.001, 'p = 0.0010'],
    [0.00099, 'p < 0.001'],
    [1e-40, 'p < 0.001'],
  ])('writes p = %s as "%s"', (p, expected) => {
    expect(pValueInWords(p)).toBe(expected);
  });

  it('writes confidence levels as percentages', () => {
    expect([0.95, 0.9, 0.995, 0.99].map(confidenceInWords)).toEqual(['95%', '90%', '99.5%', '99%']);
  });
});

const difference = (quantile: number, diffMs: number, ciLowMs: number, ciHighMs: number): QuantileDifference => ({
  quantile,
  baselineMs: 100,
  candidateMs: 100 + diffMs,
  diffMs,
  ciLowMs,
  ciHighMs,
});

const input = (overrides: Partial<PhaseSentenceInput>): PhaseSentenceInput => ({
  name: 'ICE gathering',
  change: 'no-change',
  builds: 'Chromium 156 against 150',
  confidence: 0.95,
  baselineCount: 40,
  candidateCount: 40,
  minSamples: 5,
  ...overrides,
});

describe('phaseSentence', () => {
  it.each<[string, Partial<PhaseSentenceInput>, string]>([
    [
      'slower, at p95',
      { change: 'slower', stated: difference(95, 412.3, 380.2, 450.9), pValue: 1e-12 },
      'ICE gathering +412 ms at p95 on Chromium 156 against 150, significant',
    ],
    [
      'faster, at p50, across engines',
      { name: 'INVITE → 200 OK', change: 'faster', stated: difference(50, -3.06, -4.2, -1.9), pValue: 0.003, builds: 'Firefox 153 against Chromium 150' },
      'INVITE → 200 OK \u22123.1 ms at p50 on Firefox 153 against Chromium 150, significant',
    ],
    [
      'no change, small numbers',
      { stated: difference(95, 2.01, -1.14, 5.27), pValue: 0.4103 },
      'no significant change in ICE gathering (p95 +2.0 ms, 95% CI \u22121.1 to +5.3 ms, p = 0.41)',
    ],
    [
      'no change, large numbers and another confidence',
      { name: 'post-dial delay', stated: difference(50, -8.2, -12.4, 30.6), pValue: 0.72, confidence: 0.9 },
      'no significant change in post-dial delay (p50 \u22128.2 ms, 90% CI \u221212 to +31 ms, p = 0.72)',
    ],
    [
      'too few candidate calls',
      { change: 'insufficient-data', candidateCount: 3, baselineCount: 40 },
      'too few calls to compare ICE gathering (3 against 40; at least 5 each)',
    ],
    [
      'too few baseline calls',
      { name: 'click → first audio', change: 'insufficient-data', candidateCount: 40, baselineCount: 0, minSamples: 10 },
      'too few calls to compare click → first audio (40 against 0; at least 10 each)',
    ],
  ])('%s', (_, overrides, expected) => {
    expect(phaseSentence(input(overrides))).toBe(expected);
  });

  it('refuses a verdict sentence without its figures', () => {
    expect(() => phaseSentence(input({ change: 'slower', pValue: 0.01 }))).toThrow(TypeError);
    expect(() => phaseSentence(input({ change: 'no-change', stated: difference(95, 1, -1, 3) }))).toThrow(TypeError);
  });
});

describe('comparisonSummary', () => {
  const phases = (changes: Partial<Record<string, PhaseChange>>, rest: PhaseChange) =>
    PHASES.map((p) => ({ name: p.verdictName, change: changes[p.name] ?? rest }));
  const builds = 'Chromium 156 against 150';

  it.each<[string, { name: string; change: PhaseChange }[], string]>([
    [
      'slower, faster and unchanged',
      phases({ ice_gathering: 'slower', post_dial_delay: 'slower', invite_to_200: 'faster' }, 'no-change'),
      'Chromium 156 against 150: 2 phases slower (ICE gathering, post-dial delay), 1 faster (INVITE → 200 OK), 12 unchanged',
    ],
    ['nothing changed', phases({}, 'no-change'), 'Chromium 156 against 150: 15 phases unchanged'],
    [
      'one slower, some too few',
      phases({ ice_gathering: 'slower', first_rtp_to_first_audio: 'insufficient-data' }, 'no-change'),
      'Chromium 156 against 150: 1 phase slower (ICE gathering), 13 unchanged, 1 with too few calls',
    ],
    [
      'only faster',
      phases({ dial_to_media_ready: 'faster' }, 'no-change'),
      'Chromium 156 against 150: 1 phase faster (click → audio ready), 14 unchanged',
    ],
    ['all too few', phases({}, 'insufficient-data'), 'Chromium 156 against 150: 15 phases with too few calls'],
    ['no phases', [], 'Chromium 156 against 150: no phases to compare'],
  ])('%s', (_, list, expected) => {
    expect(comparisonSummary(builds, list)).toBe(expected);
  });
});
