import type { MediaStreamFactory } from 'sip.js/lib/platform/web/index.js';

/**
 * Audio made in the page with WebAudio, one tone per call, instead of a capture device: Chromium's fake
 * capture device fails when many pages open it at once, and a tone per call can later prove which call's
 * audio came back.
 */
export class SyntheticAudio {
  private context: AudioContext | undefined;
  private readonly sources = new Map<MediaStream, OscillatorNode>();

  /** Creates and starts the page's audio context before the first call, so no dial pays for it. */
  async warmUp(): Promise<AudioContext> {
    const ctx = (this.context ??= new AudioContext());
    if (ctx.state === 'suspended') await ctx.resume();
    return ctx;
  }

  /** A MediaStreamFactory for SIP.js: every stream is a fresh tone of the given frequency. */
  factory(frequencyHz: () => number): MediaStreamFactory {
    return async () => {
      const ctx = await this.warmUp();
      const oscillator = ctx.createOscillator();
      oscillator.frequency.value = frequencyHz();
      const destination = ctx.createMediaStreamDestination();
      oscillator.connect(destination);
      oscillator.start();
      this.sources.set(destination.stream, oscillator);
      return destination.stream;
    };
  }

  /** Stops the tone behind a stream once its call has ended. */
  release(stream: MediaStream | undefined): void {
    if (!stream) return;
    const oscillator = this.sources.get(stream);
    if (!oscillator) return;
    oscillator.stop();
    oscillator.disconnect();
    this.sources.delete(stream);
  }
}
