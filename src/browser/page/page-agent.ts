import { Inviter, Registerer, SessionState, UserAgent, type Session } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';
import type { CallOutcome, MediaStats } from '../../contracts/call-record.ts';
import { CallTimelineRecorder } from './call-timeline-recorder.ts';
import { LoopbackSessionDescriptionHandler } from './loopback-session-description-handler.ts';
import { readMediaStats } from './media-stats.ts';
import type { PageAgentConfig, PageCallRequest, PageCallResult } from './page-api.ts';
import { parseSipMessage } from './sip-tap.ts';
import type { SyntheticAudio } from './synthetic-audio.ts';

/** One clock for every stamp: epoch milliseconds with sub-millisecond resolution. */
export const now = (): number => performance.timeOrigin + performance.now();

function outcomeOf(status: number | undefined): CallOutcome {
  if (status === undefined) return 'failed';
  if (status >= 200 && status < 300) return 'answered';
  if (status === 486 || status === 600) return 'busy';
  if (status === 480 || status === 408) return 'no-answer';
  if (status === 503) return 'congestion';
  return 'rejected';
}

/** One SIP.js softphone: its own UserAgent, registration and credentials; one call at a time. */
export class PageAgent {
  readonly config: PageAgentConfig;
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private readonly recorders = new Map<string, CallTimelineRecorder>();
  private readonly audio: SyntheticAudio;
  private registeredAt: number | undefined;
  private readonly mediaStats = new WeakMap<Inviter, MediaStats | undefined>();
  /** Tone of the call being placed; the media stream factory reads it when SIP.js asks for media. */
  private toneHz = 440;

  constructor(config: PageAgentConfig, audio: SyntheticAudio) {
    this.config = config;
    this.audio = audio;
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${config.username}@${config.domain}`),
      authorizationUsername: config.username,
      authorizationPassword: config.password,
      transportOptions: { server: config.wsUrl, connectionTimeout: 5 },
      logBuiltinEnabled: false,
      logLevel: 'error',
      userAgentString: 'callcheck',
      // No STUN: nothing may leave loopback, and an unreachable STUN server makes every dial wait the full timeout.
      sessionDescriptionHandlerFactory: (session) =>
        new LoopbackSessionDescriptionHandler(session.userAgent.getLogger('sip.SessionDescriptionHandler', session.id), audio.factory(() => this.toneHz), {
          iceGatheringTimeout: config.iceGatheringTimeoutMs,
          peerConnectionConfiguration: { iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' },
        }),
    });
    this.registerer = new Registerer(this.ua, { expires: 600 });
    this.tapTransport();
  }

  /** Stamps every SIP message where it crosses the WebSocket and routes it to its call's recorder. */
  private tapTransport(): void {
    const transport = this.ua.transport;
    const send = transport.send.bind(transport);
    transport.send = (raw: string) => {
      this.observe(raw, 'sent');
      return send(raw);
    };
    const deliver = transport.onMessage;
    transport.onMessage = (raw: string) => {
      this.observe(raw, 'received');
      deliver?.(raw);
    };
  }

  private observe(raw: string, direction: 'sent' | 'received'): void {
    const message = parseSipMessage(raw, direction, now());
    if (!message) return;
    if (message.method === 'REGISTER' && message.status === 200) this.registeredAt = message.at;
    const recorder = this.recorders.get(message.callId);
    if (!recorder) return;
    recorder.onMessage(message);
    if (direction === 'received' && message.status !== undefined && message.status >= 200) {
      if (message.method === 'BYE' || (message.method === 'INVITE' && message.status >= 300 && message.status !== 401 && message.status !== 407)) {
        recorder.stamp('ended', message.at);
      }
    }
  }

  async start(timeoutMs: number): Promise<number> {
    await this.ua.start();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.config.username} not registered within ${timeoutMs} ms`)), timeoutMs);
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              clearTimeout(timer);
              resolve();
            },
            onReject: (response) => {
              clearTimeout(timer);
              reject(new Error(`${this.config.username} REGISTER rejected: ${response.message.statusCode} ${response.message.reasonPhrase}`));
            },
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
    return this.registeredAt ?? now();
  }

  async call(request: PageCallRequest, toneHz: number): Promise<PageCallResult> {
    const recorder = new CallTimelineRecorder();
    if (this.registeredAt !== undefined) recorder.stamp('registered', this.registeredAt);
    recorder.stamp('dialRequested', now());
    this.toneHz = toneHz;
    const target = UserAgent.makeURI(`sip:${request.dialed}@${this.config.domain}`);
    if (!target) throw new Error(`cannot make a SIP URI of ${request.dialed}`);
    const inviter = new Inviter(this.ua, target, {
      extraHeaders: Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
    });
    inviter.delegate = {
      onSessionDescriptionHandler: (sdh) => {
        const handler = sdh as SessionDescriptionHandler;
        handler.peerConnectionDelegate = {
          // Only the loopback candidate is ever offered (see LoopbackSessionDescriptionHandler): once it is
          // gathered, waiting for the host's other interfaces would only delay the INVITE.
          onicecandidate: (event) => {
            const candidate = (event as RTCPeerConnectionIceEvent).candidate;
            if (candidate?.address === '127.0.0.1' && candidate.protocol === 'udp' && candidate.component === 'rtp') handler.iceGatheringComplete();
          },
          // Chromium keeps a remote track muted until its first RTP packet arrives.
          ontrack: (event) => (event as RTCTrackEvent).track.addEventListener('unmute', () => recorder.stamp('mediaFlowing', now()), { once: true }),
        };
      },
    };
    this.recorders.set(inviter.request.callId, recorder);
    let error: string | undefined;
    try {
      await this.runCall(inviter, request, (e) => (error ??= e));
    } catch (e) {
      error ??= e instanceof Error ? e.message : String(e);
    } finally {
      recorder.stamp('ended', now());
      this.recorders.delete(inviter.request.callId);
      this.releaseMedia(inviter);
    }
    const { timeline } = recorder;
    const sipStatus = recorder.finalStatus ?? recorder.lastChallenge;
    let outcome = outcomeOf(sipStatus);
    if (outcome === 'answered' && timeline.byeSent === undefined) {
      // The agent hangs up every answered call itself; an answered call it did not hang up broke.
      error ??= `the call was ended by the other side ${Math.round(now() - (timeline.answered ?? now()))} ms after the answer, before the agent hung up`;
    }
    // An answered call that went wrong afterwards failed; a refusal (busy, 401 again...) stays what it was.
    if (error !== undefined && (outcome === 'answered' || sipStatus === undefined)) outcome = 'failed';
    const result: PageCallResult = { outcome, timeline, sip: recorder.sip };
    if (sipStatus !== undefined) result.sipStatus = sipStatus;
    if (recorder.finalReason !== undefined) result.sipReason = recorder.finalReason;
    if (timeline.answered !== undefined && timeline.byeSent !== undefined) result.talkTimeMs = timeline.byeSent - timeline.answered;
    const media = this.mediaStats.get(inviter);
    if (media) result.media = media;
    if (error !== undefined) result.error = error;
    return result;
  }

  /** Runs the call to its end: the session terminated and, when the agent hung up, its BYE answered. */
  private runCall(inviter: Inviter, request: PageCallRequest, fail: (reason: string) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      let hangup: ReturnType<typeof setTimeout> | undefined;
      // The session can terminate before invite() settles (e.g. the offer fails); its reason must not be lost.
      let inviteSettled: Promise<void> = Promise.resolve();
      // SIP.js terminates the session as soon as the BYE is sent; the call ends when it is answered.
      let byeAnswered: Promise<void> = Promise.resolve();
      const deadline = setTimeout(() => {
        fail(`no end within ${request.timeoutMs} ms of the click (state ${inviter.state})`);
        this.abandon(inviter);
      }, request.timeoutMs);
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) {
          hangup = setTimeout(() => {
            byeAnswered = this.hangUp(inviter, fail);
          }, request.talkTimeMs);
        }
        if (state === SessionState.Terminated) {
          clearTimeout(deadline);
          if (hangup) clearTimeout(hangup);
          void Promise.all([inviteSettled, byeAnswered]).then(() => resolve());
        }
      });
      inviteSettled = inviter.invite().then(
        () => undefined,
        (e: unknown) => {
          fail(`INVITE could not be sent: ${e instanceof Error ? e.message : String(e)}`);
          clearTimeout(deadline);
          resolve();
        },
      );
    });
  }

  /** Reads the call's media statistics, sends BYE and resolves when it is answered (or after 3 s). */
  private async hangUp(inviter: Inviter, fail: (reason: string) => void): Promise<void> {
    const pc = (inviter.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.peerConnection;
    if (pc) this.mediaStats.set(inviter, await readMediaStats(pc).catch(() => undefined));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        fail('the BYE got no answer within 3000 ms');
        resolve();
      }, 3000);
      const settle = (problem?: string) => {
        clearTimeout(timer);
        if (problem) fail(problem);
        resolve();
      };
      inviter
        .bye({ requestDelegate: { onAccept: () => settle(), onReject: (r) => settle(`the BYE was refused: ${r.message.statusCode} ${r.message.reasonPhrase}`) } })
        .catch((e: unknown) => settle(`BYE could not be sent: ${e instanceof Error ? e.message : String(e)}`));
    });
  }

  private abandon(session: Session): void {
    if (session.state === SessionState.Established) void session.bye().catch(() => undefined);
    else if (session instanceof Inviter && session.state === SessionState.Establishing) void session.cancel().catch(() => undefined);
    else void session.dispose().catch(() => undefined);
  }

  private releaseMedia(inviter: Inviter): void {
    const sdh = inviter.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    this.audio.release(sdh?.localMediaStream);
  }

  async stop(): Promise<void> {
    try {
      if (this.registeredAt !== undefined) await withTimeout(this.registerer.unregister(), 2000);
    } catch {
      // Asterisk drops the registration when the WebSocket closes anyway.
    }
    await withTimeout(this.ua.stop(), 2000).catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
