/**
 * Seeded pseudo-random numbers, so that anything that samples (the bootstrap) gives the same answer for the
 * same seed, and a test can pin it.
 *
 * The generator is Blackman and Vigna's xoshiro128**: 128 bits of state, period 2^128 − 1, 32-bit output.
 * Not mulberry32 (one 32-bit word, period 2^32): a comparison draws about 1.2 million numbers per stream and
 * a few hundred streams per run, and on a cycle of 2^32 some of those streams would overlap.
 * Not for cryptography.
 */

/** A source of floats uniformly distributed in [0, 1). */
export type RandomSource = () => number;

const TWO_TO_32 = 2 ** 32;

/**
 * A reproducible random source. `seed` is a safe integer; `stream` names an independent sequence under the
 * same seed (e.g. `ice_gathering/p95`), so that one consumer's draws never shift another's. The same seed
 * and stream always give the same sequence.
 *
 * The floats have 32 bits of resolution: `Math.floor(random() * n)` picks an index with a bias below
 * n / 2^32, negligible for samples of any size a run produces.
 */
export function seededRandom(seed: number, stream = ''): RandomSource {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const words = seedWords(seed, stream);
  const next = xoshiro128StarStar(words[0], words[1], words[2], words[3]);
  return () => next() / TWO_TO_32;
}

/**
 * xoshiro128** from four 32-bit words of state (not all zero): returns the raw unsigned 32-bit outputs.
 * Exported for the reference test; use {@link seededRandom}.
 */
export function xoshiro128StarStar(a: number, b: number, c: number, d: number): () => number {
  let s0 = a >>> 0;
  let s1 = b >>> 0;
  let s2 = c >>> 0;
  let s3 = d >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
  return () => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Four state words from the seed and the stream name: both 32-bit halves of the seed and every UTF-16 unit
 * of the name go through FNV-1a, and the hash then feeds a counter whose values pass through MurmurHash3's
 * 32-bit finaliser, so that neighbouring seeds or names give unrelated states.
 */
function seedWords(seed: number, stream: string): [number, number, number, number] {
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_TO_32) >>> 0;
  let hash = 0x811c9dc5;
  const absorb = (unit: number) => {
    hash = Math.imul(hash ^ unit, 0x01000193) >>> 0;
  };
  for (const word of [low, high]) for (let shift = 0; shift < 32; shift += 16) absorb((word >>> shift) & 0xffff);
  for (let i = 0; i < stream.length; i++) absorb(stream.charCodeAt(i));
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let counter = hash;
  for (let i = 0; i < 4; i++) {
    counter = (counter + 0x9e3779b9) >>> 0;
    words[i] = finalise(counter);
  }
  // Never all zero: the four counters differ and the finaliser is a bijection, so at most one word is 0.
  return words;
}

/** MurmurHash3's fmix32: a bijection on 32-bit words in which every input bit affects every output bit. */
function finalise(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
