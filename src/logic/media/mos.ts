/**
 * Estimated listening quality of a call: ITU-T G.107's E-model, reduced to the terms a browser's getStats
 * can feed, then mapped to a mean opinion score.
 *
 *   R = R0 − Is − Id − Ie,eff + A
 *
 * - R0 − Is = 93.2: G.107's result with every other parameter at its default value (no noise, default
 *   loudness ratings, no echo problem), the rating of a clean G.711 connection.
 * - Id, the delay impairment, from the one-way mouth-to-ear delay d in ms (Cole & Rosenbluth's fit of
 *   G.107's Idd for a connection with echo under control, as used by VoIP monitors):
 *     Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3), H the Heaviside step.
 * - Ie,eff, the equipment impairment under random packet loss (G.107 since 2005):
 *     Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)
 *   with Ppl the loss in percent and BurstR = 1 for independent losses.
 * - A, the advantage factor, is 0 for a wired (office) connection.
 *
 * R maps to MOS by G.107 Annex B: below 0 → 1, above 100 → 4.5, else
 *   MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R).
 */

/** The codecs an agent can end up with: Asterisk's endpoints allow Opus and G.711 µ-law. */
export type MosCodec = 'opus' | 'g711';

/** A codec's equipment impairment factor Ie and packet-loss robustness factor Bpl. */
export interface CodecImpairment {
  ie: number;
  bpl: number;
}

/**
 * - G.711: ITU-T G.113 Appendix I gives Ie = 0, and Bpl = 25.1 for G.711 with packet loss concealment
 *   (4.3 without). Chromium's receiver (WebRTC's NetEq) conceals lost G.711 packets, so 25.1.
 * - Opus: G.113 lists no narrowband E-model values for Opus. Not an ITU figure but a choice: Opus as
 *   Chromium sends it (fullband, about 32 kbit/s) is rated above G.711 in listening tests, so on the
 *   narrowband scale its coding impairment is taken as the scale's floor, Ie = 0; and its own loss
 *   concealment (under NetEq) is taken as robust as G.711's with concealment, Bpl = 25.1.
 */
export const CODEC_IMPAIRMENT: Readonly<Record<MosCodec, CodecImpairment>> = {
  g711: { ie: 0, bpl: 25.1 },
  opus: { ie: 0, bpl: 25.1 },
};

/** R0 − Is with G.107's default parameters. */
export const R_DEFAULT = 93.2;

/** What the estimate needs to know of a call. */
export interface MosInput {
  codec: MosCodec;
  /** One-way mouth-to-ear delay, in ms. */
  oneWayDelayMs: number;
  /** Received packets lost, in percent of those expected. */
  packetLossPct: number;
  /** G.107's burst ratio: 1 when losses are independent (the default), more when they come in bursts. */
  burstRatio?: number;
}

/**
 * The one-way mouth-to-ear delay a call's statistics suggest: half the RTCP round trip (the network, one
 * way) plus the time audio waits in the receiver's jitter buffer. Both in ms; either may be unknown (0).
 */
export function mouthToEarDelayMs(roundTripTimeMs: number, jitterBufferMs: number): number {
  return Math.max(0, roundTripTimeMs) / 2 + Math.max(0, jitterBufferMs);
}

/** Id: the impairment of a one-way delay of `d` ms. */
export function delayImpairment(d: number): number {
  const delay = Math.max(0, d);
  return 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
}

/** Ie,eff: the codec's impairment under `packetLossPct` percent of packets lost. */
export function effectiveEquipmentImpairment(codec: MosCodec, packetLossPct: number, burstRatio = 1): number {
  const { ie, bpl } = CODEC_IMPAIRMENT[codec];
  const ppl = Math.min(100, Math.max(0, packetLossPct));
  return ie + ((95 - ie) * ppl) / (ppl / burstRatio + bpl);
}

/** The transmission rating R of a call (may fall outside 0..100; mosFromR clamps). */
export function rFactor(input: MosInput): number {
  return R_DEFAULT - delayImpairment(input.oneWayDelayMs) - effectiveEquipmentImpairment(input.codec, input.packetLossPct, input.burstRatio);
}

/** G.107 Annex B: the mean opinion score (1..4.5) a rating R predicts. */
export function mosFromR(r: number): number {
  if (r < 0) return 1;
  if (r > 100) return 4.5;
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}

/** The estimated MOS of a call. */
export function estimateMos(input: MosInput): number {
  return mosFromR(rFactor(input));
}
