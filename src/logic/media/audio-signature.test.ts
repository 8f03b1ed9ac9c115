import { describe, expect, it } from 'vitest';
import {
  detectSignature,
  formatSignature,
  HIGH_GRID_HZ,
  LOW_GRID_HZ,
  MAX_TONE_IMBALANCE_DB,
  MIN_SNR_DB,
  SIGNATURE_CYCLE,
  oneStepFrom,
  signatureFor,
  SNAP_TOLERANCE_HZ,
  type Signature,
} from './audio-signature.ts';

// ---------------------------------------------------------------------------------------------------
// Small fakes: samples made of sines and noise, and the dB spectrum an AnalyserNode would give of them.
// ---------------------------------------------------------------------------------------------------

const RATE = 48_000;
const N = 8192;

interface Tone {
  hz: number;
  amplitude: number;
  /** The tone only sounds in the last part of the window (0..1 of it), as when the echo has just begun. */
  lastFraction?: number;
}

/** A repeatable pseudo-random sequence (a 32-bit xorshift), so a failing noise case fails every time. */
function randomSource(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

function samples(tones: Tone[], noiseRms = 0, seed = 1, rate = RATE): Float64Array {
  const random = randomSource(seed);
  const out = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let v = 0;
    for (const t of tones) if (n >= N * (1 - (t.lastFraction ?? 1))) v += t.amplitude * Math.sin((2 * Math.PI * t.hz * n) / rate + 0.3);
    if (noiseRms > 0) {
      // Box–Muller: a normal deviate from two uniform ones.
      const u = 1 - random();
      v += noiseRms * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    }
    out[n] = v;
  }
  return out;
}

type Window = 'blackman' | 'hann';

/** In-place iterative radix-2 FFT of re/im, length a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = start + k;
        const b = a + size / 2;
        const br = (re[b] ?? 0) * wr - (im[b] ?? 0) * wi;
        const bi = (re[b] ?? 0) * wi + (im[b] ?? 0) * wr;
        re[b] = (re[a] ?? 0) - br;
        im[b] = (im[a] ?? 0) - bi;
        re[a] = (re[a] ?? 0) + br;
        im[a] = (im[a] ?? 0) + bi;
      }
    }
  }
}

/**
 * The magnitude spectrum in dB, bins 0..N/2−1, scaled as AnalyserNode scales it (|X[k]| / N). AnalyserNode
 * itself windows with Blackman (α = 0.16); Hann is checked too, the detector must not depend on the window.
 */
function spectrumDb(x: Float64Array, window: Window = 'blackman'): Float32Array {
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const phase = (2 * Math.PI * n) / N;
    const w = window === 'hann' ? 0.5 - 0.5 * Math.cos(phase) : 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    re[n] = (x[n] ?? 0) * w;
  }
  fft(re, im);
  const out = new Float32Array(N / 2);
  for (let k = 0; k < N / 2; k++) out[k] = 20 * Math.log10(Math.hypot(re[k] ?? 0, im[k] ?? 0) / N);
  return out;
}

const BIN_HZ = RATE / N;
const tonesOf = (s: Signature, amplitude = 0.4, lastFraction?: number): Tone[] => [
  { hz: s.lowHz, amplitude, ...(lastFraction === undefined ? {} : { lastFraction }) },
  { hz: s.highHz, amplitude, ...(lastFraction === undefined ? {} : { lastFraction }) },
];
const detect = (x: Float64Array, expected: Signature, window: Window = 'blackman') => detectSignature(spectrumDb(x, window), BIN_HZ, expected);

// ---------------------------------------------------------------------------------------------------

describe('oneStepFrom', () => {
  it('holds for one tone a grid step off and the other equal, in either band, and for nothing else', () => {
    const own = { lowHz: 360, highHz: 1395 };
    expect(oneStepFrom(own, { lowHz: 330, highHz: 1395 })).toBe(true);
    expect(oneStepFrom(own, { lowHz: 390, highHz: 1395 })).toBe(true);
    expect(oneStepFrom(own, { lowHz: 360, highHz: 1305 })).toBe(true);
    expect(oneStepFrom(own, { lowHz: 360, highHz: 1485 })).toBe(true);
    expect(oneStepFrom(own, own)).toBe(false);
    expect(oneStepFrom(own, { lowHz: 330, highHz: 1305 })).toBe(false);
    expect(oneStepFrom(own, { lowHz: 300, highHz: 1395 })).toBe(false);
    expect(oneStepFrom(own, { lowHz: 360, highHz: 1575 })).toBe(false);
  });
});

describe('signatureFor', () => {
  it('gives every one of a cycle of consecutive calls its own pair, wherever the window starts', () => {
    expect(SIGNATURE_CYCLE).toBeGreaterThanOrEqual(500);
    for (const start of [0, 1, 23, 24, 500, 10_000]) {
      const seen = new Set<string>();
      for (let i = start; i < start + SIGNATURE_CYCLE; i++) seen.add(formatSignature(signatureFor(i)));
      expect(seen.size).toBe(SIGNATURE_CYCLE);
    }
    // Past the cycle the pairs come round again.
    expect(signatureFor(SIGNATURE_CYCLE + 7)).toEqual(signatureFor(7));
  });

  it('makes two consecutive calls differ in both tones, so a crossed pair is told apart by either band', () => {
    for (let i = 0; i < 2 * SIGNATURE_CYCLE; i++) {
      const a = signatureFor(i);
      const b = signatureFor(i + 1);
      expect(a.lowHz).not.toBe(b.lowHz);
      expect(a.highHz).not.toBe(b.highHz);
    }
  });

  it('picks both tones from their grids', () => {
    for (let i = 0; i < SIGNATURE_CYCLE; i++) {
      const s = signatureFor(i);
      expect(LOW_GRID_HZ).toContain(s.lowHz);
      expect(HIGH_GRID_HZ).toContain(s.highHz);
    }
    expect(signatureFor(0)).toEqual({ lowHz: 300, highHz: 1215 });
    // Index 31 = 24·1 + 7: low tone 7 (510 Hz), high tone 7 + 1 = 8 (1215 + 8·90 = 1935 Hz).
    expect(formatSignature(signatureFor(31))).toBe('510+1935 Hz');
  });

  it('puts two calls whose signatures are one grid step apart (one tone equal) at least 23 calls apart', () => {
    let closest = Infinity;
    for (let i = 0; i < SIGNATURE_CYCLE; i++) {
      for (let j = i + 1; j < i + SIGNATURE_CYCLE; j++) {
        if (oneStepFrom(signatureFor(i), signatureFor(j))) closest = Math.min(closest, j - i);
      }
    }
    expect(closest).toBe(23);
  });

  it('refuses an index that is not an integer', () => {
    expect(() => signatureFor(1.5)).toThrow(/integer/);
  });

  it('keeps the 2nd and 3rd harmonics of every low tone off the high grid, beyond twice the snap tolerance', () => {
    for (const f of LOW_GRID_HZ) {
      for (const harmonic of [2 * f, 3 * f]) {
        const nearest = Math.min(...HIGH_GRID_HZ.map((h) => Math.abs(h - harmonic)));
        expect(nearest).toBeGreaterThanOrEqual(2 * SNAP_TOLERANCE_HZ);
      }
    }
  });
});

describe('detectSignature', () => {
  const own = signatureFor(42);

  it('hears the own signature in a noisy echo, with a signal-to-noise ratio to match', () => {
    for (const window of ['blackman', 'hann'] as const) {
      const result = detect(samples(tonesOf(own), 0.01), own, window);
      expect(result).toEqual({ heard: true, snrDb: expect.any(Number) });
      // Tones of 0.4 in white noise of RMS 0.01: each stands some 60 dB above the median of its band.
      expect(result.snrDb).toBeGreaterThan(40);
    }
  });

  it('hears signatures across both grids, at 44.1 kHz as well as 48 kHz', () => {
    for (const index of [0, 23, 24, 287, 575]) {
      const s = signatureFor(index);
      expect(detect(samples(tonesOf(s), 0.01, index + 1), s).heard).toBe(true);
      const at441 = spectrumDb(samples(tonesOf(s), 0.01, index + 1, 44_100));
      expect(detectSignature(at441, 44_100 / N, s).heard).toBe(true);
    }
  });

  it('hears the echo as soon as it fills the end of the window, after silence', () => {
    expect(detect(samples(tonesOf(own, 0.4, 0.15)), own).heard).toBe(true);
    expect(detect(samples(tonesOf(own, 0.4, 0.15), 0.001), own).heard).toBe(true);
  });

  it('does not hear silence, and reports nothing crossed', () => {
    const result = detect(new Float64Array(N), own);
    expect(result).toEqual({ heard: false, snrDb: 0 });
  });

  it('does not hear tones far below anything audible, even in digital silence', () => {
    // 1e-6 is −120 dB: leakage and rounding are lower still, but no echo is ever that faint.
    expect(detect(samples(tonesOf(own, 1e-6)), own).heard).toBe(false);
    // 1e-3 (−60 dB) is faint but real.
    expect(detect(samples(tonesOf(own, 1e-3)), own).heard).toBe(true);
  });

  it('does not hear noise alone, whatever the noise', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const result = detect(samples([], 0.1, seed), own);
      expect(result.heard).toBe(false);
      expect(result.crossedWith).toBeUndefined();
      expect(result.snrDb).toBeLessThan(MIN_SNR_DB);
    }
  });

  it('does not hear own tones buried in noise', () => {
    // Tone 0.002 against noise RMS 0.2: about 6 dB below a noise bin, far under the 15 dB needed.
    expect(detect(samples(tonesOf(own, 0.002), 0.2, 7), own).heard).toBe(false);
  });

  it('does not hear a single tone: both tones must come back', () => {
    for (const tone of tonesOf(own)) {
      const result = detect(samples([tone], 0.01), own);
      expect(result.heard).toBe(false);
      expect(result.crossedWith).toBeUndefined();
      expect(result.snrDb).toBeLessThan(MIN_SNR_DB);
    }
  });

  it("reports another call's signature when it comes back instead of the own one", () => {
    const next = signatureFor(43);
    expect(detect(samples(tonesOf(next), 0.01), own)).toEqual({ heard: false, snrDb: expect.any(Number), crossedWith: formatSignature(next), foreign: next });
    // A call 24 later shares the low tone: its different high tone alone gives it away.
    const sameLow = signatureFor(42 + 24);
    expect(sameLow.lowHz).toBe(own.lowHz);
    expect(detect(samples(tonesOf(sameLow), 0.01), own).crossedWith).toBe(formatSignature(sameLow));
  });

  it('tells neighbouring grid points apart: the tones one step away are not the own ones', () => {
    const shifted = { lowHz: own.lowHz + 30, highHz: own.highHz + 90 };
    const result = detect(samples(tonesOf(shifted), 0.01), own);
    expect(result.heard).toBe(false);
    expect(result.crossedWith).toBe(formatSignature(shifted));
  });

  it('lends the own tone nothing from a strong tone one grid step away', () => {
    for (const window of ['blackman', 'hann'] as const) {
      for (const stepHz of [30, -30]) {
        const x = samples([{ hz: own.lowHz + stepHz, amplitude: 0.4 }, { hz: own.highHz, amplitude: 0.4 }], 0.0001);
        const result = detect(x, own, window);
        expect(result.heard).toBe(false);
        expect(result.snrDb).toBeLessThan(MIN_SNR_DB);
      }
    }
  });

  it('still hears the own signature when another one is mixed in', () => {
    const mixed = [...tonesOf(own, 0.2), ...tonesOf(signatureFor(43), 0.3)];
    expect(detect(samples(mixed, 0.01), own).heard).toBe(true);
  });

  it('takes tones off the grid for neither the own signature nor another', () => {
    const between = { lowHz: own.lowHz + 15, highHz: own.highHz + 45 };
    expect(detect(samples(tonesOf(between), 0.01), own)).toEqual({ heard: false, snrDb: expect.any(Number) });
  });

  it('does not call crossed a faint grid-point tone next to a strong one (a distortion product, not a call)', () => {
    const otherHigh = signatureFor(43).highHz;
    const faint = 0.4 * 10 ** (-(MAX_TONE_IMBALANCE_DB + 10) / 20);
    const x = samples([{ hz: own.lowHz, amplitude: 0.4 }, { hz: otherHigh, amplitude: faint }], 0.0001);
    expect(detect(x, own)).toEqual({ heard: false, snrDb: expect.any(Number) });
    // The same tone at full level is another call's signature.
    const y = samples([{ hz: own.lowHz, amplitude: 0.4 }, { hz: otherHigh, amplitude: 0.4 }], 0.0001);
    expect(detect(y, own).crossedWith).toBe(formatSignature({ lowHz: own.lowHz, highHz: otherHigh }));
  });

  it('refuses a spectrum that does not reach the high band', () => {
    expect(() => detectSignature(new Float32Array(64), BIN_HZ, own)).toThrow(/does not cover/);
  });
});
