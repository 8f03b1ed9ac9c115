import type { MediaStreamFactory } from 'sip.js/lib/platform/web/index.js';
import type { Signature } from '../../logic/media/audio-signature.ts';

/**
 * Each tone's amplitude: the two sum to at most 0.8 of full scale, so the signature never clips (clipping
 * would add harmonics), and each reads about −20 dB on an AnalyserNode, far above any codec's noise.
 */
const TONE_GAIN = 0.4;

/**
 * Audio made in the page with WebAudio, a two-tone signature per call, instead of a capture device:
 * Chromium's fake capture device fails when many pages open it at once, and a signature of its own lets
 * each call prove that its audio, and no other call's, came back.
 */
export class SyntheticAudio {
  private context: AudioContext | undefined;
  private readonly sources = new Map<MediaStream, OscillatorNode[]>();

  /** Creates and starts the page's audio context before the first call, so no dial pays for it. */
  async warmUp(): Promise<AudioContext> {
    const ctx = (this.context ??= new AudioContext());
    if (ctx.state === 'suspended') await ctx.resume();
    return ctx;
  }

  /** A MediaStreamFactory for SIP.js: every stream sounds the signature of the call being placed. */
  factory(signature: () => Signature): MediaStreamFactory {
    return async () => {
      const ctx = await this.warmUp();
      const { lowHz, highHz } = signature();
      const destination = ctx.createMediaStreamDestination();
      const oscillators = [lowHz, highHz].map((hz) => {
        const oscillator = ctx.createOscillator();
        oscillator.frequency.value = hz;
        const gain = ctx.createGain();
        gain.gain.value = TONE_GAIN;
        oscillator.connect(gain).connect(destination);
        oscillator.start();
        return oscillator;
      });
      this.sources.set(destination.stream, oscillators);
      return destination.stream;
    };
  }

  /** Stops the tones behind a stream once its call has ended. */
  release(stream: MediaStream | undefined): void {
    if (!stream) return;
    const oscillators = this.sources.get(stream);
    if (!oscillators) return;
    for (const oscillator of oscillators) {
      oscillator.stop();
      oscillator.disconnect();
    }
    this.sources.delete(stream);
  }
}
