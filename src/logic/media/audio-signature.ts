/**
 * The audio signature of a call: two steady tones, one from a low grid and one from a high grid, that
 * the agent sends and listens for in the echo Asterisk sends back. Hearing its own pair proves the call's
 * media made the round trip; hearing another call's pair proves two calls' media crossed.
 *
 * Grids. Low: 300, 330, … 990 Hz (24 tones, 30 Hz apart). High: 1215, 1305, … 3285 Hz (24 tones, 90 Hz
 * apart). Both sit inside the 300–3400 Hz telephone band, so they survive G.711 at 8 kHz as well as Opus.
 * 30 Hz is 5 bins of an AnalyserNode with fftSize 8192 at 48 kHz (5.9 Hz bins): AnalyserNode windows with
 * a Blackman window, whose main lobe spans ±3 bins, so even two neighbouring tones sounding together
 * stay two peaks (a Hann window, ±2 bins, separates them more easily still). The high grid starts
 * at 1215 Hz, not 1200, so that no harmonic of a low tone snaps to a high grid point: 3rd harmonics
 * (900 + 90·i Hz) fall exactly halfway between two high points (45 Hz from each), 2nd harmonics
 * (600 + 60·i Hz) at least 15 Hz away, twice the snap tolerance below. A distorted echo of one call thus
 * never looks like another call's signature.
 *
 * Signatures. 24 × 24 = 576 pairs, all used: call index i takes low tone i mod 24 and high tone
 * (i mod 24 + ⌊i / 24⌋) mod 24, a one-to-one map of 0…575 onto the pairs. Any 576 consecutive calls have
 * distinct signatures, and two consecutive calls differ in both tones.
 */

/** A call's two tones, in Hz. */
export interface Signature {
  lowHz: number;
  highHz: number;
}

const GRID_SIZE = 24;
const LOW_STEP_HZ = 30;
const HIGH_STEP_HZ = 90;
export const LOW_GRID_HZ: readonly number[] = Array.from({ length: GRID_SIZE }, (_, i) => 300 + i * LOW_STEP_HZ);
export const HIGH_GRID_HZ: readonly number[] = Array.from({ length: GRID_SIZE }, (_, i) => 1215 + i * HIGH_STEP_HZ);

/** Consecutive call indices get distinct signatures for this many calls, then the pairs repeat. */
export const SIGNATURE_CYCLE = GRID_SIZE * GRID_SIZE;

/**
 * A spectral peak counts as a grid tone when it lies within this many Hz of the grid point: a quarter of
 * the narrower (low) step, so a tone is never taken for its neighbour, and half the 15 Hz by which the
 * nearest harmonic misses a high grid point. With a Blackman or Hann window and bins of 12 Hz or less, a
 * clean tone's interpolated peak lands within about 1 Hz of its frequency.
 */
export const SNAP_TOLERANCE_HZ = 7.5;

/**
 * A tone is present when its peak stands this far above the median level of its band. Why 15 dB: a tone
 * echoed through Opus or G.711 stands 50 dB and more above the codec's noise floor, and still 30 dB when
 * it has filled only part of the analysis window; in pure noise, a bin's power exceeds 31.6 times the
 * band's median (15 dB) with probability e^(-31.6·ln 2) ≈ 3·10⁻¹⁰, so noise never passes for a tone.
 */
export const MIN_SNR_DB = 15;

/**
 * A tone must also reach this absolute level (dB relative to full scale, AnalyserNode convention):
 * digital silence has no noise to measure against, and a dust of rounding errors must not count as a
 * signature. The agents send each tone at about −20 dB on that scale, 70 dB above this floor.
 */
export const MIN_TONE_DB = -90;

/**
 * The two tones of a foreign signature must be within this many dB of each other to count as a crossed
 * call: every call sends its two tones at the same level, while a harmonic or intermodulation product that
 * happens to sit near a grid point is tens of dB weaker than the tone in the other band.
 */
export const MAX_TONE_IMBALANCE_DB = 20;

/** Levels below this (including −Infinity, which AnalyserNode reports for silence) are read as this. */
const DB_FLOOR = -200;

/** The signature of the call with this 0-based index in the run. */
export function signatureFor(callIndex: number): Signature {
  if (!Number.isInteger(callIndex)) throw new Error(`call index must be an integer, got ${callIndex}`);
  const i = ((callIndex % SIGNATURE_CYCLE) + SIGNATURE_CYCLE) % SIGNATURE_CYCLE;
  const low = i % GRID_SIZE;
  const high = (low + Math.floor(i / GRID_SIZE)) % GRID_SIZE;
  return { lowHz: gridAt(LOW_GRID_HZ, low), highHz: gridAt(HIGH_GRID_HZ, high) };
}

/**
 * Whether `other` is `own` with one tone read one grid step off and the other tone right: how the own
 * signature can read while its tones fill the analysis window (seen in a smoke run: 330+1395 Hz read for
 * several polls before the call's own 360+1395 Hz). Such a reading is not evidence of crossed media while
 * the own signature is heard in the end: two calls whose signatures differ that way are at least 23 calls
 * apart in the run (signatureFor), so they are rarely in flight together.
 */
export function oneStepFrom(own: Signature, other: Signature): boolean {
  const lowSteps = Math.abs(other.lowHz - own.lowHz) / LOW_STEP_HZ;
  const highSteps = Math.abs(other.highHz - own.highHz) / HIGH_STEP_HZ;
  return (lowSteps === 1 && highSteps === 0) || (lowSteps === 0 && highSteps === 1);
}

/** How a signature is shown in reports and errors, e.g. `510+2385 Hz`. */
export function formatSignature(signature: Signature): string {
  return `${signature.lowHz}+${signature.highHz} Hz`;
}

/** What one spectrum says about a call's signature. */
export interface SignatureDetection {
  /** Both of the call's own tones are present. */
  heard: boolean;
  /** Signal-to-noise ratio of the weaker of the call's own two tones, in dB (0 when there is nothing). */
  snrDb: number;
  /** Set when the own signature is absent and another valid signature is clearly present: its formatted form. */
  crossedWith?: string;
  /** That other signature's tones. */
  foreign?: Signature;
}

/**
 * Looks for the expected signature in one magnitude spectrum in dB (as AnalyserNode.getFloatFrequencyData
 * gives it: bin k at k·binHz Hz). The own tones are looked for at their grid points; when either is
 * missing, the strongest peak of each band is snapped to its grid, and a pair of balanced tones that is
 * clearly present and not the own signature is reported as crossed.
 */
export function detectSignature(spectrumDb: Float32Array, binHz: number, expected: Signature): SignatureDetection {
  if (!(binHz > 0)) throw new Error(`bin width must be positive, got ${binHz}`);
  const lowBand = bandOf(spectrumDb, binHz, LOW_GRID_HZ, LOW_STEP_HZ);
  const highBand = bandOf(spectrumDb, binHz, HIGH_GRID_HZ, HIGH_STEP_HZ);
  const ownLow = toneNear(spectrumDb, expected.lowHz, lowBand);
  const ownHigh = toneNear(spectrumDb, expected.highHz, highBand);
  const snrDb = Math.max(0, Math.min(ownLow.snrDb, ownHigh.snrDb));
  if (ownLow.present && ownHigh.present) return { heard: true, snrDb };

  const low = strongestGridTone(spectrumDb, lowBand, LOW_GRID_HZ);
  const high = strongestGridTone(spectrumDb, highBand, HIGH_GRID_HZ);
  const detection: SignatureDetection = { heard: false, snrDb };
  if (low && high && Math.abs(low.db - high.db) <= MAX_TONE_IMBALANCE_DB) {
    const foreign = { lowHz: low.gridHz, highHz: high.gridHz };
    if (foreign.lowHz !== expected.lowHz || foreign.highHz !== expected.highHz) {
      detection.crossedWith = formatSignature(foreign);
      detection.foreign = foreign;
    }
  }
  return detection;
}

/** The bins of one grid's band (bin k at k·binHz), from one step below its first point to one step above its last, and their median level. */
interface Band {
  binHz: number;
  first: number;
  last: number;
  floorDb: number;
}

function bandOf(spectrumDb: Float32Array, binHz: number, grid: readonly number[], stepHz: number): Band {
  const first = Math.max(1, Math.floor((gridAt(grid, 0) - stepHz) / binHz));
  const last = Math.min(spectrumDb.length - 2, Math.ceil((gridAt(grid, grid.length - 1) + stepHz) / binHz));
  if (last <= first) throw new Error(`the spectrum (${spectrumDb.length} bins of ${binHz} Hz) does not cover ${gridAt(grid, 0)}–${gridAt(grid, grid.length - 1)} Hz`);
  const levels: number[] = [];
  for (let k = first; k <= last; k++) levels.push(levelAt(spectrumDb, k));
  levels.sort((a, b) => a - b);
  const mid = levels.length >> 1;
  const floorDb = levels.length % 2 === 1 ? (levels[mid] ?? DB_FLOOR) : ((levels[mid - 1] ?? DB_FLOOR) + (levels[mid] ?? DB_FLOOR)) / 2;
  return { binHz, first, last, floorDb };
}

interface Peak {
  hz: number;
  db: number;
}

/**
 * The call's tone at `hz`: the strongest bin around the grid point, when its interpolated peak lies on the
 * point, and how far it stands above the band's floor. Anything else (the flank of a stronger tone nearby,
 * whose interpolated peak points away from the grid point, or a peak off the grid) has nothing of the
 * tone: its SNR is 0.
 */
function toneNear(spectrumDb: Float32Array, hz: number, band: Band): { present: boolean; snrDb: number } {
  const from = Math.max(band.first, Math.floor((hz - SNAP_TOLERANCE_HZ) / band.binHz));
  const to = Math.min(band.last, Math.ceil((hz + SNAP_TOLERANCE_HZ) / band.binHz));
  const peak = interpolatedPeak(spectrumDb, band.binHz, strongestBin(spectrumDb, from, to));
  if (Math.abs(peak.hz - hz) > SNAP_TOLERANCE_HZ) return { present: false, snrDb: 0 };
  const snrDb = peak.db - band.floorDb;
  return { present: isTone(peak, snrDb), snrDb };
}

/** The strongest peak of a band, when it stands out and lies on a grid point: that point and its level. */
function strongestGridTone(spectrumDb: Float32Array, band: Band, grid: readonly number[]): { gridHz: number; db: number } | undefined {
  const peak = interpolatedPeak(spectrumDb, band.binHz, strongestBin(spectrumDb, band.first, band.last));
  if (!isTone(peak, peak.db - band.floorDb)) return undefined;
  const gridHz = grid.reduce((best, g) => (Math.abs(g - peak.hz) < Math.abs(best - peak.hz) ? g : best), gridAt(grid, 0));
  return Math.abs(gridHz - peak.hz) <= SNAP_TOLERANCE_HZ ? { gridHz, db: peak.db } : undefined;
}

function isTone(peak: Peak, snrDb: number): boolean {
  return snrDb >= MIN_SNR_DB && peak.db >= MIN_TONE_DB;
}

function strongestBin(spectrumDb: Float32Array, from: number, to: number): number {
  let best = from;
  for (let k = from + 1; k <= to; k++) if (levelAt(spectrumDb, k) > levelAt(spectrumDb, best)) best = k;
  return best;
}

/**
 * Frequency and level of the peak around bin k, by fitting a parabola through the dB levels of k and its
 * two neighbours: with a Blackman or Hann window this places a tone within a few hundredths of a bin.
 */
function interpolatedPeak(spectrumDb: Float32Array, binHz: number, k: number): Peak {
  const a = levelAt(spectrumDb, k - 1);
  const b = levelAt(spectrumDb, k);
  const c = levelAt(spectrumDb, k + 1);
  const curvature = a - 2 * b + c;
  // A flat top (or a plateau at the floor) has no vertex: the bin itself is the best estimate.
  if (curvature >= 0) return { hz: k * binHz, db: b };
  const offset = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature));
  return { hz: (k + offset) * binHz, db: b - 0.25 * (a - c) * offset };
}

function levelAt(spectrumDb: Float32Array, k: number): number {
  const v = spectrumDb[k];
  return v === undefined || !Number.isFinite(v) || v < DB_FLOOR ? DB_FLOOR : v;
}

function gridAt(grid: readonly number[], i: number): number {
  const hz = grid[i];
  if (hz === undefined) throw new Error(`no grid point ${i}`);
  return hz;
}
