import { Inviter, SessionState, UserAgent } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';
import type { CallOutcome, MediaStats } from '../../contracts/call-record.ts';
import { signatureFor, type Signature } from '../../logic/media/audio-signature.ts';
import { CallTimelineRecorder, now } from './call-timeline-recorder.ts';
import { EchoDetector } from './echo-detector.ts';
import { extraHeaders } from './extra-headers.ts';
import { readMediaStats } from './media-stats.ts';
import type { LoopbackSessionDescriptionHandler } from './loopback-session-description-handler.ts';
import type { PageCallRequest, PageCallResult } from './page-api.ts';
import type { SyntheticAudio } from './synthetic-audio.ts';

/** How long an agent waits for the answer to its BYE before calling the hang-up failed, in ms. */
const BYE_ANSWER_TIMEOUT_MS = 3000;

/** What the agent sees, from the INVITE's final status (or the last digest challenge when it was refused). */
function outcomeOf(status: number | undefined): CallOutcome {
  if (status === undefined) return 'failed';
  if (status >= 200 && status < 300) return 'answered';
  if (status === 486 || status === 600) return 'busy';
  if (status === 480 || status === 408) return 'no-answer';
  if (status === 503) return 'congestion';
  if (status === 487) return 'cancelled';
  if (status === 403 || status === 603) return 'declined';
  if (status === 404 || status === 604) return 'not-found';
  return 'rejected';
}

/**
 * One call of an agent, from the click to its end: the INVITE with the mapped headers, the talk time,
 * the BYE and its answer. The timeline is stamped by the agent's SIP tap through `recorder`, and here
 * for what only the page sees (the click, the first RTP, the own audio heard back).
 *
 * The call sends the audio signature of its index in the run and listens for it in Asterisk's echo: an
 * answered call whose signature did not come back before the hangup, or that heard another call's, failed,
 * whatever SIP said.
 */
export class SipCall {
  readonly recorder = new CallTimelineRecorder();
  /** The two tones this call sends, chosen by its index in the run. */
  readonly signature: Signature;
  private readonly echo: EchoDetector;
  private readonly inviter: Inviter;
  private readonly audio: SyntheticAudio;
  private readonly request: PageCallRequest;
  private media: MediaStats | undefined;
  private hangupTimer: ReturnType<typeof setTimeout> | undefined;
  private cancelTimer: ReturnType<typeof setTimeout> | undefined;
  private hangingUp = false;
  /** Settles once the agent's BYE is answered (or given up on); resolved while no BYE was sent. */
  private byeAnswered: Promise<void> = Promise.resolve();
  private error: string | undefined;

  constructor(ua: UserAgent, domain: string, audio: SyntheticAudio, request: PageCallRequest, registeredAt: number | undefined) {
    // The harness's own refusal of unsendable header values is not the softphone's work: it runs before the
    // click. Then the click: everything the softphone does for the call is inside the dial phases.
    const headerLines = extraHeaders(request.headerLines);
    this.recorder.stamp('dialRequested', now());
    this.audio = audio;
    this.request = request;
    this.signature = signatureFor(request.callIndex);
    this.echo = new EchoDetector(this.signature, (at) => this.recorder.stamp('firstAudio', at));
    if (registeredAt !== undefined) this.recorder.stamp('registered', registeredAt);
    const target = UserAgent.makeURI(`sip:${request.dialed}@${domain}`);
    if (!target) throw new Error(`cannot make a SIP URI of ${request.dialed}`);
    this.inviter = new Inviter(ua, target, {
      extraHeaders: headerLines,
    });
    this.inviter.delegate = {
      onSessionDescriptionHandler: (sdh) => {
        const handler = sdh as LoopbackSessionDescriptionHandler;
        handler.hooks = {
          mediaReady: () => this.recorder.stamp('mediaReady', now()),
          iceGathered: () => this.recorder.stamp('iceGathered', now()),
        };
        // Every stamp below comes from standard events that Chromium and Firefox (ESR 140 and 153) both fire:
        // iceconnectionstatechange, connectionstatechange (connectionState, seen in both ESR builds),
        // icecandidate with the candidate's address/protocol/component fields, track and its unmute.
        handler.peerConnectionDelegate = {
          oniceconnectionstatechange: () => {
            const state = handler.peerConnection?.iceConnectionState;
            if (state === 'connected' || state === 'completed') this.recorder.stamp('iceConnected', now());
          },
          // The connection state is `connected` once ICE and DTLS both are: here the DTLS handshake is the later.
          onconnectionstatechange: () => {
            if (handler.peerConnection?.connectionState === 'connected') this.recorder.stamp('dtlsConnected', now());
          },
          // Only the loopback candidate is ever offered (see LoopbackSessionDescriptionHandler): once it is
          // gathered, waiting for the host's other interfaces would only delay the INVITE.
          onicecandidate: (event) => {
            const candidate = (event as RTCPeerConnectionIceEvent).candidate;
            if (candidate?.address === '127.0.0.1' && candidate.protocol === 'udp' && candidate.component === 'rtp') handler.iceGatheringComplete();
          },
          // Chromium and Firefox keep a remote track muted until its first RTP packet arrives (Firefox ESR
          // 140 and 153 alike: unmute came 45-60 ms after the answer); the echo is listened for from then on.
          ontrack: (event) => {
            const { track } = event as RTCTrackEvent;
            if (track.kind !== 'audio') return;
            // ontrack fires inside setRemoteDescription of the 200 OK, and SIP.js sends the ACK when that
            // settles: the listening graph is built in a task of its own, off the 200 → ACK phase.
            setTimeout(() => void this.audio.warmUp().then((ctx) => this.echo.attach(ctx, track)), 0);
            track.addEventListener(
              'unmute',
              () => {
                this.recorder.stamp('firstRtp', now());
                this.echo.start();
              },
              { once: true },
            );
          },
        };
      },
    };
  }

  /** The call's index in the run (PageCallRequest.callIndex). */
  get index(): number {
    return this.request.callIndex;
  }

  /** The SIP Call-ID, by which the agent's SIP tap finds this call. */
  get sipCallId(): string {
    return this.inviter.request.callId;
  }

  private fail(reason: string): void {
    this.error ??= reason;
  }

  /** Places the call and resolves with what the agent observed once it has ended. */
  async run(): Promise<PageCallResult> {
    try {
      await this.untilEnded();
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
    } finally {
      this.echo.stop();
      this.recorder.stamp('ended', now());
      const sdh = this.inviter.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
      this.audio.release(sdh?.localMediaStream);
    }
    return this.result();
  }

  private result(): PageCallResult {
    const { timeline, finalStatus, lastChallenge, finalReason, sip } = this.recorder;
    const sipStatus = finalStatus ?? lastChallenge;
    let outcome = outcomeOf(sipStatus);
    if (outcome === 'answered' && timeline.byeSent === undefined) {
      // The agent hangs up every answered call itself; an answered call it did not hang up broke.
      this.fail(`the call was ended by the other side ${Math.round((timeline.ended ?? now()) - (timeline.answered ?? now()))} ms after the answer, before the agent hung up`);
    }
    const audio = this.echo.proof;
    if (outcome === 'answered') {
      if (audio.crossedWith !== undefined) this.fail(`heard the signature of another call (${audio.crossedWith}) instead of its own (${audio.signature}): the media of two calls crossed`);
      else if (!audio.heard) {
        const talkMs = Math.round((timeline.byeSent ?? timeline.ended ?? now()) - (timeline.answered ?? now()));
        this.fail(`its audio signature ${audio.signature} never came back in ${talkMs} ms of talk time`);
      }
    }
    // An answered call that went wrong afterwards failed; a refusal (busy, 401 again...) stays what it was.
    if (this.error !== undefined && (outcome === 'answered' || sipStatus === undefined)) outcome = 'failed';
    const result: PageCallResult = { outcome, timeline, sip, sipCallId: this.sipCallId };
    if (sipStatus !== undefined) result.sipStatus = sipStatus;
    if (finalReason !== undefined) result.sipReason = finalReason;
    // The other side's BYE ends the talk where the agent's would: Asterisk bills up to that hangup.
    const talkEnd = timeline.byeSent ?? (timeline.answered === undefined ? undefined : timeline.ended);
    if (timeline.answered !== undefined && talkEnd !== undefined) result.talkTimeMs = talkEnd - timeline.answered;
    if (this.media) result.media = this.media;
    if (timeline.answered !== undefined) result.audio = audio;
    if (this.error !== undefined) result.error = this.error;
    return result;
  }

  /** Resolves when the session has terminated and, when the agent hung up, its BYE has been answered. */
  private untilEnded(): Promise<void> {
    const { inviter, request } = this;
    return new Promise<void>((resolve) => {
      // The session can terminate before invite() settles (e.g. the offer fails); its reason must not be lost.
      let inviteSettled: Promise<void> = Promise.resolve();
      const deadline = setTimeout(() => {
        this.fail(`no end within ${request.timeoutMs} ms of the click (state ${inviter.state})`);
        this.abandon();
      }, request.timeoutMs);
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) {
          this.hangupTimer = setTimeout(() => this.startHangUp(), request.talkTimeMs);
        }
        if (state === SessionState.Terminated) {
          clearTimeout(deadline);
          clearTimeout(this.hangupTimer);
          clearTimeout(this.cancelTimer);
          // SIP.js terminates the session as soon as the BYE is sent; the call ends when it is answered.
          void Promise.all([inviteSettled, this.byeAnswered]).then(() => resolve());
        }
      });
      inviteSettled = inviter.invite({ requestDelegate: { onProgress: (response) => this.scheduleCancel(response.message.statusCode) } }).then(
        () => undefined,
        (e: unknown) => {
          this.fail(`INVITE could not be sent: ${e instanceof Error ? e.message : String(e)}`);
          clearTimeout(deadline);
          resolve();
        },
      );
    });
  }

  /**
   * A call the agent is to hang up while it rings: from its first 180/183 the agent waits `cancelAfterMs`,
   * then sends CANCEL. The call ends when the INVITE is answered with 487 (SIP.js terminates it then).
   */
  private scheduleCancel(status: number | undefined): void {
    const { cancelAfterMs } = this.request;
    if (cancelAfterMs === undefined || this.cancelTimer !== undefined || (status !== 180 && status !== 183)) return;
    this.cancelTimer = setTimeout(() => {
      if (this.inviter.state !== SessionState.Establishing) return;
      this.inviter.cancel().catch((e: unknown) => this.fail(`CANCEL could not be sent: ${e instanceof Error ? e.message : String(e)}`));
    }, cancelAfterMs);
  }

  private startHangUp(): void {
    clearTimeout(this.hangupTimer);
    if (this.hangingUp) return;
    this.hangingUp = true;
    this.byeAnswered = this.hangUp();
  }

  /**
   * Ends the call now, before its talk time is up (the load profile's gracefulStop ran out): an answered
   * call is hung up as usual, with its BYE awaited; one still ringing is cancelled.
   */
  endNow(): void {
    if (this.inviter.state === SessionState.Established) this.startHangUp();
    else this.abandon();
  }

  /** Stops listening for the echo, reads the call's media statistics, sends BYE and resolves when it is answered (or gives up waiting). */
  private async hangUp(): Promise<void> {
    this.echo.stop();
    const pc = (this.inviter.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.peerConnection;
    if (pc) this.media = await readMediaStats(pc).catch(() => undefined);
    await new Promise<void>((resolve) => {
      const settle = (problem?: string) => {
        clearTimeout(timer);
        if (problem) this.fail(problem);
        resolve();
      };
      const timer = setTimeout(() => settle(`the BYE got no answer within ${BYE_ANSWER_TIMEOUT_MS} ms`), BYE_ANSWER_TIMEOUT_MS);
      this.inviter
        .bye({ requestDelegate: { onAccept: () => settle(), onReject: (r) => settle(`the BYE was refused: ${r.message.statusCode} ${r.message.reasonPhrase}`) } })
        .catch((e: unknown) => settle(`BYE could not be sent: ${e instanceof Error ? e.message : String(e)}`));
    });
  }

  /** Gives up on a call that did not end in time: BYE, CANCEL or dispose, whichever its state allows. */
  private abandon(): void {
    const { inviter } = this;
    if (inviter.state === SessionState.Established) void inviter.bye().catch(() => undefined);
    else if (inviter.state === SessionState.Establishing) void inviter.cancel().catch(() => undefined);
    else void inviter.dispose().catch(() => undefined);
  }
}
