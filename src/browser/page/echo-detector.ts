import type { AudioProof } from '../../contracts/call-record.ts';
import { detectSignature, formatSignature, oneStepFrom, type Signature } from '../../logic/media/audio-signature.ts';
import { now } from './call-timeline-recorder.ts';

/**
 * 8192 samples at 48 kHz: 5.9 Hz bins, so AnalyserNode's Blackman window keeps neighbouring grid tones
 * (30 Hz apart) apart. The window is 170 ms long, but the echo is found well before it fills: before the
 * first packet the remote track plays digital silence, and a few tens of ms of tone at the window's newest
 * end already stand out from it.
 */
const FFT_SIZE = 8192;

/**
 * How often the spectrum is read until the signature is heard, in ms: the resolution of the firstAudio
 * stamp. 20 ms is the audio one RTP packet carries, so reading more often would mostly read the same
 * window again; reading every 50 ms made every first-RTP→first-audio time come out as 50 or 100 ms. The
 * price is one 8192-point FFT per call every 20 ms, and only until the echo is heard (a few readings).
 */
const POLL_MS = 20;
/** Polls in a row (at POLL_MS) another call's signature must hold before the call counts as crossed. */
const CROSSED_POLLS = 3;

/**
 * Listens to the audio of one call coming back (the remote track, which Asterisk's Echo() fills with the
 * call's own audio) for the call's signature. It analyses from the first RTP packet until the signature is
 * heard, then stops, so a page of many agents spends no CPU on calls already proven.
 *
 * Chromium and remote WebRTC audio in WebAudio: a MediaStreamAudioSourceNode of a remote track only gets
 * the audio while the same stream also plays through a media element (the long-standing crbug.com/121673),
 * as if Chromium pulled decoded audio out of the WebRTC receiver only for an element's renderer.
 * Seen on Chromium 156 headless: without the element, the analyser read digital silence on all 20 calls of
 * the smoke scenario although RTP flowed (every call failed "never came back"); with a muted element, all
 * 20 heard their signature 40–120 ms after the first RTP. The element is muted, so nothing is played and no
 * audio device is needed; the audio still reaches WebAudio.
 */
export class EchoDetector {
  readonly signature: Signature;
  private readonly onHeard: (at: number) => void;
  private analyser: AnalyserNode | undefined;
  private source: MediaStreamAudioSourceNode | undefined;
  private sink: HTMLAudioElement | undefined;
  private spectrum: Float32Array<ArrayBuffer> | undefined;
  private binHz = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** First RTP has arrived: analysis may run as soon as the track is attached. */
  private listening = false;
  private stopped = false;
  private heard = false;
  private snrDb: number | undefined;
  private crossedWith: string | undefined;
  /** The foreign signature of the latest polls, and for how many polls in a row it has been there. */
  private foreign: { signature: string; polls: number } | undefined;
  /** A foreign signature one grid step from the own one that held: crossed only if the own never comes (see oneStepFrom). */
  private nearMiss: string | undefined;

  constructor(signature: Signature, onHeard: (at: number) => void) {
    this.signature = signature;
    this.onHeard = onHeard;
  }

  /** Connects the call's remote audio track to an analyser (from the peer connection's `ontrack`). */
  attach(context: AudioContext, track: MediaStreamTrack): void {
    if (this.stopped || this.analyser) return;
    const stream = new MediaStream([track]);
    const sink = new Audio();
    sink.muted = true;
    sink.srcObject = stream;
    // Autoplay is allowed by the browser's flags (and muted media may autoplay anyway); a refusal would show
    // up as a call whose signature never came back.
    void sink.play().catch(() => undefined);
    this.sink = sink;
    this.source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = FFT_SIZE;
    // Each reading must be the current window, not an average with the silence before the echo.
    analyser.smoothingTimeConstant = 0;
    this.source.connect(analyser);
    this.analyser = analyser;
    this.spectrum = new Float32Array(analyser.frequencyBinCount);
    this.binHz = context.sampleRate / FFT_SIZE;
    this.poll();
  }

  /** The first RTP packet arrived (the remote track unmuted): start listening. */
  start(): void {
    if (this.stopped) return;
    this.listening = true;
    this.poll();
  }

  private poll(): void {
    if (!this.listening || !this.analyser || this.timer !== undefined) return;
    this.analyse();
    if (!this.heard) this.timer = setInterval(() => this.analyse(), POLL_MS);
  }

  private analyse(): void {
    const { analyser, spectrum } = this;
    if (!analyser || !spectrum || this.heard) return;
    analyser.getFloatFrequencyData(spectrum);
    const detection = detectSignature(spectrum, this.binHz, this.signature);
    this.snrDb = Math.round(detection.snrDb * 10) / 10;
    if (detection.heard) {
      this.heard = true;
      this.onHeard(now());
      this.stop();
      return;
    }
    // A foreign signature counts once it held for CROSSED_POLLS polls in a row: a single reading one grid step
    // off (seen about once in 600 calls under load, as the own tones faded in) is not crossed media. The first
    // one that holds is kept: a call that heard another's audio failed even if its own came later. One held
    // a grid step from the own signature counts only if the own never comes (see oneStepFrom).
    if (detection.crossedWith !== undefined && detection.crossedWith === this.foreign?.signature) this.foreign.polls++;
    else this.foreign = detection.crossedWith === undefined ? undefined : { signature: detection.crossedWith, polls: 1 };
    if (this.foreign && this.foreign.polls >= CROSSED_POLLS) {
      if (detection.foreign && oneStepFrom(this.signature, detection.foreign)) this.nearMiss ??= this.foreign.signature;
      else this.crossedWith ??= this.foreign.signature;
    }
  }

  /** Stops analysing and lets go of the audio graph; the call's talk time is over or the call ended. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.source?.disconnect();
    this.source = undefined;
    this.analyser = undefined;
    if (this.sink) {
      this.sink.pause();
      this.sink.srcObject = null;
      this.sink = undefined;
    }
  }

  /** What the call proved about its audio. */
  get proof(): AudioProof {
    const proof: AudioProof = { signature: formatSignature(this.signature), heard: this.heard };
    if (this.snrDb !== undefined) proof.snrDb = this.snrDb;
    const crossedWith = this.crossedWith ?? (this.heard ? undefined : this.nearMiss);
    if (crossedWith !== undefined) proof.crossedWith = crossedWith;
    return proof;
  }
}
