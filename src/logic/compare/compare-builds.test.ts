import { describe, expect, it } from 'vitest';
import type { CallTimeline } from '../../contracts/call-record.ts';
import type { BuildRef, PhaseComparison } from '../../contracts/comparison.ts';
import { compareBuilds, statedQuantile, type CompareBuildsInput } from './compare-builds.ts';
import { PHASES } from '../results/phases.ts';
import { bootstrapQuantileDifference } from '../stats/bootstrap.ts';
import { seededRandom, type RandomSource } from '../stats/seeded-random.ts';

const ref = (engine: BuildRef['engine'], version: string): BuildRef => ({
  build: `${engine}-${version.split('.')[0]}`,
  engine,
  name: engine === 'chromium' ? 'HeadlessChrome' : 'Firefox',
  version,
  runId: 'run-1',
});
const CHROMIUM_150 = ref('chromium', '150.0.7871.100');
const CHROMIUM_156 = ref('chromium', '156.0.7913.2');
const FIREFOX_153 = ref('firefox', '153.0');

interface Shifts {
  /** Added to the ICE gathering of every call. */
  iceMs?: number;
  /** Added to the time between the first 180 and the 200 OK. */
  ringToAnswerMs?: number;
}

/**
 * `count` calls whose stamps are separated by realistic noisy delays (rounded to 0.1 ms, like a browser
 * clock) drawn from `random`, except for ICE gathering and the time from 180 to 200, which follow the
 * call's index. Two builds given the same `random` seed get the same delays but for the shifts, so every
 * quantile of a phase moves by exactly the shifts it contains, and a phase without them is identical.
 */
function calls(random: RandomSource, count: number, shifts: Shifts = {}): { timeline: CallTimeline }[] {
  const noisy = (base: number, spread: number) => Math.round((base + spread * random()) * 10) / 10;
  return Array.from({ length: count }, (_, i) => {
    const dialRequested = 1000 + i * 10_000;
    const mediaReady = dialRequested + noisy(3, 2);
    const iceGathered = mediaReady + 25 + ((i * 37) % 100) / 10 + (shifts.iceMs ?? 0);
    const inviteSent = iceGathered + noisy(8, 4);
    const trying = inviteSent + noisy(5, 5);
    const ringing = inviteSent + noisy(40, 20);
    const answered = ringing + 200 + ((i * 53) % 400) / 10 + (shifts.ringToAnswerMs ?? 0);
    const ackSent = answered + noisy(1, 1);
    const iceConnected = answered + noisy(15, 10);
    const dtlsConnected = iceConnected + noisy(15, 10);
    const firstRtp = dtlsConnected + noisy(8, 8);
    const firstAudio = firstRtp + noisy(60, 20);
    return { timeline: { dialRequested, mediaReady, iceGathered, inviteSent, trying, ringing, answered, ackSent, iceConnected, dtlsConnected, firstRtp, firstAudio } };
  });
}

/** Calls with only the INVITE → 100 Trying phase, of the given durations. */
function tryingCalls(durations: readonly number[]): { timeline: CallTimeline }[] {
  return durations.map((d, i) => ({ timeline: { inviteSent: i * 1000, trying: i * 1000 + d } }));
}

const changes = (phases: readonly PhaseComparison[], change: PhaseComparison['change']) => phases.filter((p) => p.change === change).map((p) => p.phase);
const phaseOf = (phases: readonly PhaseComparison[], name: string) => phases.find((p) => p.phase === name)!;

// Phases whose interval includes ICE gathering, and those that include the time from 180 to 200.
const WITH_ICE = ['ice_gathering', 'dial_to_invite', 'dial_to_200', 'dial_to_first_audio'];
const WITH_RING_TO_ANSWER = ['invite_to_200', 'call_setup_time', 'dial_to_200', 'dial_to_first_audio'];

describe('compareBuilds', () => {
  const iceSlower: CompareBuildsInput = {
    baseline: { ref: CHROMIUM_150, calls: calls(seededRandom(1, 'noise'), 60) },
    candidate: { ref: CHROMIUM_156, calls: calls(seededRandom(1, 'noise'), 60, { iceMs: 400 }) },
  };

  it('finds ICE gathering +400 ms slower, with the phases that contain it, and nothing else', () => {
    const comparison = compareBuilds(iceSlower);
    expect(comparison.phases.map((p) => p.phase)).toEqual(PHASES.map((p) => p.name));
    expect(changes(comparison.phases, 'slower')).toEqual(WITH_ICE);
    expect(changes(comparison.phases, 'no-change')).toEqual(PHASES.map((p) => p.name).filter((name) => !WITH_ICE.includes(name)));

    const ice = phaseOf(comparison.phases, 'ice_gathering');
    expect(ice.sentence).toBe('ICE gathering +400 ms at p95 on Chromium 156 against 150, significant');
    expect(ice.p95!.diffMs).toBeCloseTo(400, 9);
    expect(ice.p50!.diffMs).toBeCloseTo(400, 9);
    // Every candidate call is slower than every baseline call.
    expect(ice.mannWhitney).toMatchObject({ u: 3600, effect: 1, method: 'normal' });
    expect(ice.mannWhitney!.pValue).toBeLessThan(1e-15);
    expect(comparison.summary).toBe(
      'Chromium 156 against 150: 4 phases slower (ICE gathering, click → INVITE, click → 200 OK, click → first audio), 11 unchanged',
    );
    expect(phaseOf(comparison.phases, 'post_dial_delay').sentence).toMatch(/^no significant change in post-dial delay \(p95 0\.0 ms, 95% CI \u2212\d+\.\d to \+\d+\.\d ms, p = 1\.0\)$/);
  });

  it('records its settings and the builds', () => {
    const comparison = compareBuilds({ ...iceSlower, seed: 7, resamples: 500, confidence: 0.9, alpha: 0.01, minSamples: 10 });
    expect(comparison).toMatchObject({ baseline: CHROMIUM_150, candidate: CHROMIUM_156, seed: 7, bootstrapResamples: 500, confidence: 0.9, alpha: 0.01, minSamples: 10 });
    expect(compareBuilds(iceSlower)).toMatchObject({ seed: 1, bootstrapResamples: 2000, confidence: 0.95, alpha: 0.05, minSamples: 5 });
  });

  it('finds a shorter ring-to-answer time faster, across engines', () => {
    const comparison = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: calls(seededRandom(2, 'noise'), 80) },
      candidate: { ref: FIREFOX_153, calls: calls(seededRandom(2, 'noise'), 80, { ringToAnswerMs: -50 }) },
    });
    expect(changes(comparison.phases, 'faster')).toEqual(WITH_RING_TO_ANSWER);
    expect(changes(comparison.phases, 'slower')).toEqual([]);
    expect(phaseOf(comparison.phases, 'invite_to_200').sentence).toBe('INVITE → 200 OK \u221250 ms at p95 on Firefox 153 against Chromium 150, significant');
    expect(comparison.summary).toBe('Firefox 153 against Chromium 150: 4 phases faster (INVITE → 200 OK, call setup time, click → 200 OK, click → first audio), 11 unchanged');
  });

  it('quotes p50 when the tail is too noisy to tell', () => {
    // 180 calls of 20.0–22.9 ms and 20 of 100–1000 ms on each side; the candidate's short calls are exactly
    // 5 ms longer, its long calls drawn afresh. The medians lie among the short calls (+5 ms exactly); p95
    // lies among the long ones.
    const tail = (random: RandomSource) => Array.from({ length: 20 }, () => 100 + 900 * random());
    const body = Array.from({ length: 180 }, (_, i) => 20 + (i % 30) / 10);
    const comparison = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: tryingCalls([...body, ...tail(seededRandom(3, 'baseline'))]) },
      candidate: { ref: CHROMIUM_156, calls: tryingCalls([...body.map((v) => v + 5), ...tail(seededRandom(3, 'candidate'))]) },
    });
    const trying = phaseOf(comparison.phases, 'invite_to_100');
    expect(trying.p95!.ciLowMs).toBeLessThan(0);
    expect(trying.p95!.ciHighMs).toBeGreaterThan(0);
    expect(trying.p50!.diffMs).toBeCloseTo(5, 9);
    expect(trying.change).toBe('slower');
    expect(trying.sentence).toBe('INVITE → 100 Trying +5.0 ms at p50 on Chromium 156 against 150, significant');
    expect(statedQuantile(trying)).toBe(trying.p50);
  });

  it('follows the test’s direction when the median and the tail moved apart', () => {
    // Short calls 10 ms slower, long calls 100 ms faster: the test sees the candidate slower (U/(n1·n2) =
    // (180·180 + 20·180)/200² = 0.9), the p95 interval lies below 0, the p50 interval above it.
    const body = Array.from({ length: 180 }, (_, i) => 20 + (i % 30) / 10);
    const tail = Array.from({ length: 20 }, (_, i) => 300 + i);
    const comparison = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: tryingCalls([...body, ...tail]) },
      candidate: { ref: CHROMIUM_156, calls: tryingCalls([...body.map((v) => v + 10), ...tail.map((v) => v - 100)]) },
    });
    const trying = phaseOf(comparison.phases, 'invite_to_100');
    expect(trying.mannWhitney!.effect).toBeCloseTo(0.9, 12);
    expect(trying.p95!.diffMs).toBeCloseTo(-100, 9);
    expect(trying.p95!.ciHighMs).toBeLessThan(0);
    expect(trying.change).toBe('slower');
    expect(trying.sentence).toBe('INVITE → 100 Trying +10 ms at p50 on Chromium 156 against 150, significant');

    // And the mirror image: short calls 10 ms faster, long calls 100 ms slower.
    const mirrored = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: tryingCalls([...body, ...tail]) },
      candidate: { ref: CHROMIUM_156, calls: tryingCalls([...body.map((v) => v - 10), ...tail.map((v) => v + 100)]) },
    });
    const mirroredTrying = phaseOf(mirrored.phases, 'invite_to_100');
    expect(mirroredTrying.mannWhitney!.effect).toBeCloseTo(0.1, 12);
    expect(mirroredTrying.p95!.ciLowMs).toBeGreaterThan(0);
    expect(mirroredTrying.change).toBe('faster');
    expect(mirroredTrying.sentence).toBe('INVITE → 100 Trying \u221210 ms at p50 on Chromium 156 against 150, significant');
  });

  it('rarely calls a phase changed when both builds draw from the same distribution', () => {
    // 300 pairs of independent samples of the same noise: a test at alpha = 0.05 alone flags about 5 %;
    // the interval condition can only lower that.
    const noise = (random: RandomSource) => Array.from({ length: 60 }, () => Math.round((5 + 5 * random()) * 10) / 10);
    let flagged = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const comparison = compareBuilds({
        baseline: { ref: CHROMIUM_150, calls: tryingCalls(noise(seededRandom(t, 'baseline'))) },
        candidate: { ref: CHROMIUM_156, calls: tryingCalls(noise(seededRandom(t, 'candidate'))) },
        resamples: 300,
      });
      if (phaseOf(comparison.phases, 'invite_to_100').change !== 'no-change') flagged++;
    }
    // At a true rate of 5 %, 30 or more of 300 (10 %) happen with probability 0.0003 (binomial tail).
    expect(flagged).toBeLessThan(30);
  });

  it('needs the test to be significant at alpha, however clear the intervals', () => {
    // ICE gathering's test gives p ≈ 4e-21 here (60 against 60, fully separated).
    const strict = compareBuilds({ ...iceSlower, alpha: 1e-30 });
    const ice = phaseOf(strict.phases, 'ice_gathering');
    expect(ice.p95!.ciLowMs).toBeGreaterThan(0);
    expect(ice.change).toBe('no-change');
    expect(ice.sentence).toMatch(/^no significant change in ICE gathering \(p95 \+400 ms, 95% CI \+\d+ to \+\d+ ms, p < 0\.001\)$/);
  });

  it('needs an interval to confirm a significant test', () => {
    // Durations of 10 or 20 ms: 50 % of each in the baseline, 35 % and 65 % in the candidate (400 calls
    // each). The test is highly significant, but the candidate's resampled median is always 20 and the
    // baseline's is 10, 15 or 20, so the median's interval reaches down to 0; p95 is 20 on both sides.
    const durations = (tens: number) => Array.from({ length: 400 }, (_, i) => (i < tens ? 10 : 20));
    const comparison = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: tryingCalls(durations(200)) },
      candidate: { ref: CHROMIUM_156, calls: tryingCalls(durations(140)) },
    });
    const trying = phaseOf(comparison.phases, 'invite_to_100');
    expect(trying.mannWhitney!.pValue).toBeLessThan(1e-4);
    expect(trying.p50).toMatchObject({ diffMs: 5, ciLowMs: 0 });
    expect(trying.p95).toMatchObject({ diffMs: 0, ciLowMs: 0, ciHighMs: 0 });
    expect(trying.change).toBe('no-change');
  });

  it('calls a phase insufficient when either side has too few calls with it', () => {
    const comparison = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: calls(seededRandom(4, 'baseline'), 40) },
      candidate: { ref: CHROMIUM_156, calls: calls(seededRandom(4, 'candidate'), 3) },
    });
    expect(changes(comparison.phases, 'insufficient-data')).toEqual(PHASES.map((p) => p.name));
    const ice = phaseOf(comparison.phases, 'ice_gathering');
    expect(ice).toEqual({
      phase: 'ice_gathering',
      label: 'Audio ready → ICE gathered',
      baselineCount: 40,
      candidateCount: 3,
      change: 'insufficient-data',
      sentence: 'too few calls to compare ICE gathering (3 against 40; at least 5 each)',
    });
    expect(comparison.summary).toBe('Chromium 156 against 150: 15 phases with too few calls');
  });

  it('counts, per phase, only the calls that have both of its stamps', () => {
    const candidateCalls = calls(seededRandom(5, 'candidate'), 40).map(({ timeline }) => ({ timeline: { ...timeline, firstAudio: undefined } }));
    const comparison = compareBuilds({ baseline: { ref: CHROMIUM_150, calls: calls(seededRandom(5, 'baseline'), 40) }, candidate: { ref: CHROMIUM_156, calls: candidateCalls } });
    expect(changes(comparison.phases, 'insufficient-data')).toEqual(['first_rtp_to_first_audio', 'dial_to_first_audio']);
    expect(phaseOf(comparison.phases, 'dial_to_first_audio').sentence).toBe('too few calls to compare click → first audio (0 against 40; at least 5 each)');
    expect(phaseOf(comparison.phases, 'ice_gathering').candidateCount).toBe(40);
  });

  it('compares from minSamples calls on', () => {
    const input = (minSamples: number): CompareBuildsInput => ({
      baseline: { ref: CHROMIUM_150, calls: calls(seededRandom(6, 'baseline'), 3) },
      candidate: { ref: CHROMIUM_156, calls: calls(seededRandom(6, 'candidate'), 3) },
      minSamples,
    });
    expect(compareBuilds(input(4)).phases.every((p) => p.change === 'insufficient-data')).toBe(true);
    expect(compareBuilds(input(3)).phases.every((p) => p.change !== 'insufficient-data' && p.mannWhitney !== undefined)).toBe(true);
  });

  it('gives the same comparison for the same calls and seed, and other intervals for another seed', () => {
    const first = compareBuilds(iceSlower);
    expect(compareBuilds(iceSlower)).toEqual(first);
    const other = compareBuilds({ ...iceSlower, seed: 2 });
    expect(other.phases.map((p) => p.change)).toEqual(first.phases.map((p) => p.change));
    const intervals = (c: typeof first) => c.phases.map((p) => [p.p50?.ciLowMs, p.p50?.ciHighMs, p.p95?.ciLowMs, p.p95?.ciHighMs]);
    expect(intervals(other)).not.toEqual(intervals(first));
    // The estimates and the test do not depend on the seed.
    expect(other.phases.map((p) => [p.p95?.diffMs, p.mannWhitney])).toEqual(first.phases.map((p) => [p.p95?.diffMs, p.mannWhitney]));
  });

  it('keeps each phase’s numbers independent of every other phase’s data', () => {
    const first = compareBuilds(iceSlower);
    // Change only the first-audio stamps of the candidate: two phases see new data, thirteen do not.
    const moved = iceSlower.candidate.calls.map(({ timeline }) => ({ timeline: { ...timeline, firstAudio: timeline.firstAudio! + 3 } }));
    const second = compareBuilds({ ...iceSlower, candidate: { ...iceSlower.candidate, calls: moved } });
    for (const phase of PHASES) {
      const before = phaseOf(first.phases, phase.name);
      const after = phaseOf(second.phases, phase.name);
      if (phase.to === 'firstAudio') expect(after.p50).not.toEqual(before.p50);
      else expect(after).toEqual(before);
    }
  });

  it('gives each phase and quantile its own random stream', () => {
    // Two phases with the very same durations: with a shared stream their intervals would be the same too.
    const timelines = (random: RandomSource) =>
      Array.from({ length: 50 }, (_, i) => {
        const d = Math.round(20 * random() * 10) / 10;
        return { timeline: { inviteSent: i * 1000, trying: i * 1000 + d, answered: i * 1000 + 500, ackSent: i * 1000 + 500 + d } };
      });
    const comparison = compareBuilds({
      baseline: { ref: CHROMIUM_150, calls: timelines(seededRandom(8, 'baseline')) },
      candidate: { ref: CHROMIUM_156, calls: timelines(seededRandom(8, 'candidate')) },
    });
    const trying = phaseOf(comparison.phases, 'invite_to_100');
    const ack = phaseOf(comparison.phases, '200_to_ack');
    expect(ack.mannWhitney).toEqual(trying.mannWhitney);
    expect(ack.p95!.diffMs).toBe(trying.p95!.diffMs);
    expect([ack.p95!.ciLowMs, ack.p95!.ciHighMs]).not.toEqual([trying.p95!.ciLowMs, trying.p95!.ciHighMs]);
    expect([ack.p50!.ciLowMs, ack.p50!.ciHighMs]).not.toEqual([trying.p50!.ciLowMs, trying.p50!.ciHighMs]);
  });

  it('names each stream after the phase and the quantile, so an interval can be recomputed from the calls alone', () => {
    const comparison = compareBuilds({ ...iceSlower, seed: 3 });
    const ice = (c: CompareBuildsInput['baseline']) => c.calls.map(({ timeline }) => timeline.iceGathered! - timeline.mediaReady!);
    const interval = bootstrapQuantileDifference(ice(iceSlower.baseline), ice(iceSlower.candidate), 95, { random: seededRandom(3, 'ice_gathering/p95') });
    expect(phaseOf(comparison.phases, 'ice_gathering').p95).toMatchObject({ ciLowMs: interval.low, ciHighMs: interval.high });
  });

  it('refuses impossible settings', () => {
    expect(() => compareBuilds({ ...iceSlower, alpha: 0 })).toThrow(RangeError);
    expect(() => compareBuilds({ ...iceSlower, confidence: 1.5 })).toThrow(RangeError);
    expect(() => compareBuilds({ ...iceSlower, resamples: 0 })).toThrow(RangeError);
    expect(() => compareBuilds({ ...iceSlower, minSamples: 0 })).toThrow(RangeError);
    expect(() => compareBuilds({ ...iceSlower, seed: 0.5 })).toThrow(RangeError);
  });
});

describe('compareBuilds: the smallest change that counts', () => {
  // 40 calls a side; every candidate call 0.4 ms slower at INVITE → 100 Trying than its baseline twin.
  const base = Array.from({ length: 40 }, (_, i) => 5 + (i % 10) * 0.1 + Math.floor(i / 10) * 0.01);
  const shifted = base.map((d) => d + 0.4);

  it('calls a significant shift under minEffectMs no change, and says why in words', () => {
    const result = compareBuilds({ baseline: { ref: CHROMIUM_150, calls: tryingCalls(base) }, candidate: { ref: FIREFOX_153, calls: tryingCalls(shifted) } });
    const trying = phaseOf(result.phases, 'invite_to_100');
    expect(result.minEffectMs).toBe(1);
    expect(trying.mannWhitney?.pValue).toBeLessThan(0.05);
    expect(trying.p95?.ciLowMs).toBeGreaterThan(0);
    expect(trying.change).toBe('no-change');
    expect(trying.sentence).toBe('INVITE → 100 Trying +0.4 ms at p95, significant (p < 0.001) but under the 1.0 ms that counts as a change');
  });

  it('counts the same shift as slower once the floor is below it', () => {
    const result = compareBuilds({ baseline: { ref: CHROMIUM_150, calls: tryingCalls(base) }, candidate: { ref: FIREFOX_153, calls: tryingCalls(shifted) }, minEffectMs: 0.2 });
    const trying = phaseOf(result.phases, 'invite_to_100');
    expect(trying.change).toBe('slower');
    expect(trying.sentence).toBe('INVITE → 100 Trying +0.4 ms at p95 on Firefox 153 against Chromium 150, significant');
  });
});
