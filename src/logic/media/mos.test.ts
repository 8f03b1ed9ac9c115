import { describe, expect, it } from 'vitest';
import { delayImpairment, effectiveEquipmentImpairment, estimateMos, mosFromR, mouthToEarDelayMs, rFactor } from './mos.ts';

// Every expected value below was worked out by hand from the formulas, not by running the code.

describe('mosFromR', () => {
  it('gives 4.41 for the default rating of a clean G.711 call', () => {
    // 1 + 0.035·93.2 + 7e-6·93.2·33.2·6.8 = 1 + 3.262 + 7e-6·21040.832 = 1 + 3.262 + 0.147286 = 4.409286
    expect(mosFromR(93.2)).toBeCloseTo(4.409286, 5);
  });

  it('follows G.107 Annex B across the scale', () => {
    // R = 60: the cubic term vanishes, 1 + 0.035·60 = 3.1
    expect(mosFromR(60)).toBeCloseTo(3.1, 10);
    // R = 100: 1 + 3.5 + 0 = 4.5
    expect(mosFromR(100)).toBeCloseTo(4.5, 10);
    // R = 0: 1
    expect(mosFromR(0)).toBe(1);
  });

  it('clamps: below R = 0 is 1, above R = 100 is 4.5, and the dip of the cubic just above 0 stays at 1', () => {
    expect(mosFromR(-12)).toBe(1);
    expect(mosFromR(130)).toBe(4.5);
    // R = 5: 1 + 0.175 + 7e-6·5·(−55)·95 = 1.175 − 0.182875 = 0.992125, below 1
    expect(mosFromR(5)).toBe(1);
  });
});

describe('E-model impairments', () => {
  it('charges 0.024 per ms of one-way delay, and 0.11 more per ms beyond 177.3 ms', () => {
    expect(delayImpairment(0)).toBe(0);
    // 0.024·100 = 2.4
    expect(delayImpairment(100)).toBeCloseTo(2.4, 10);
    // 0.024·200 + 0.11·(200 − 177.3) = 4.8 + 2.497 = 7.297
    expect(delayImpairment(200)).toBeCloseTo(7.297, 10);
  });

  it('charges packet loss through the codec robustness, more for bursty loss', () => {
    expect(effectiveEquipmentImpairment('g711', 0)).toBe(0);
    // 95·2 / (2 + 25.1) = 190 / 27.1 = 7.011070
    expect(effectiveEquipmentImpairment('g711', 2)).toBeCloseTo(7.01107, 5);
    // BurstR 2: 190 / (2/2 + 25.1) = 190 / 26.1 = 7.279693
    expect(effectiveEquipmentImpairment('g711', 2, 2)).toBeCloseTo(7.279693, 5);
  });

  it('estimates the one-way delay as half the round trip plus the jitter buffer', () => {
    expect(mouthToEarDelayMs(40, 30)).toBe(50);
    expect(mouthToEarDelayMs(0, 0)).toBe(0);
  });
});

describe('estimateMos', () => {
  it('gives a clean call on loopback the default 4.41', () => {
    expect(rFactor({ codec: 'opus', oneWayDelayMs: 0, packetLossPct: 0 })).toBeCloseTo(93.2, 10);
    expect(estimateMos({ codec: 'opus', oneWayDelayMs: 0, packetLossPct: 0 })).toBeCloseTo(4.409286, 5);
  });

  it('lowers the score for 200 ms of one-way delay', () => {
    // R = 93.2 − 7.297 = 85.903; MOS = 1 + 3.006605 + 7e-6·85.903·25.903·14.097
    //   = 1 + 3.006605 + 7e-6·31367.87 = 1 + 3.006605 + 0.219575 = 4.22618
    expect(estimateMos({ codec: 'opus', oneWayDelayMs: 200, packetLossPct: 0 })).toBeCloseTo(4.22618, 4);
  });

  it('lowers the score for 2 % of packets lost', () => {
    // R = 93.2 − 7.011070 = 86.188930; MOS = 1 + 3.016613 + 7e-6·86.18893·26.18893·13.81107
    //   = 1 + 3.016613 + 7e-6·31174.3 = 1 + 3.016613 + 0.218220 = 4.234833
    expect(estimateMos({ codec: 'g711', oneWayDelayMs: 0, packetLossPct: 2 })).toBeCloseTo(4.234833, 4);
  });

  it('rates a call with 400 ms of delay and 20 % loss near the bottom', () => {
    // Id = 9.6 + 0.11·222.7 = 34.097; Ie,eff = 1900 / 45.1 = 42.128603; R = 16.974397
    // MOS = 1 + 0.594104 + 7e-6·16.974397·(−43.025603)·83.025603 = 1.594104 − 0.424453 = 1.169651
    expect(estimateMos({ codec: 'g711', oneWayDelayMs: 400, packetLossPct: 20 })).toBeCloseTo(1.169651, 4);
  });

  it('gives 1 when the impairments drive R below 0', () => {
    // Id = 14.4 + 0.11·422.7 = 60.897; Ie,eff = 4750 / 75.1 = 63.249; R = 93.2 − 124.146 = −30.946
    expect(rFactor({ codec: 'opus', oneWayDelayMs: 600, packetLossPct: 50 })).toBeLessThan(0);
    expect(estimateMos({ codec: 'opus', oneWayDelayMs: 600, packetLossPct: 50 })).toBe(1);
  });
});
