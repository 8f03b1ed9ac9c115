import { Registerer, UserAgent } from 'sip.js';
import type { Signature } from '../../logic/media/audio-signature.ts';
import { reconnectDelayMs } from './reconnect-backoff.ts';
import { now } from './call-timeline-recorder.ts';
import { LoopbackSessionDescriptionHandler } from './loopback-session-description-handler.ts';
import type { AgentEvent, CallProgressStamp, PageAgentConfig, PageCallRequest, PageCallResult } from './page-api.ts';
import { SipCall } from './sip-call.ts';
import { parseSipMessage } from './sip-tap.ts';
import type { SyntheticAudio } from './synthetic-audio.ts';

/**
 * How long a REGISTER sent after reconnecting may go unanswered before the agent tries again with a fresh
 * one. Asterisk answers a REGISTER in milliseconds; one sent the moment a restarting Asterisk accepts
 * WebSockets again can be dropped while PJSIP is still loading, and waiting for it cost an agent 16 s (the
 * whole registration limit) in a CI run, while the other agents were back within half a second.
 */
const REREGISTER_ANSWER_MS = 3000;

/** Stamps reported to the harness as a call reaches them (see AgentEvent). */
const PROGRESS_STAMPS: readonly CallProgressStamp[] = ['inviteSent', 'answered', 'byeSent'];

/**
 * One SIP.js softphone: its own UserAgent, registration and credentials; one call at a time.
 *
 * When its WebSocket closes (the PBX restarted, or dropped it), the agent is unregistered: it reconnects
 * with a bounded backoff (see reconnectDelayMs) for as long as it runs, and registers again once
 * connected, reporting the loss and the return to the harness. A call asked for meanwhile is not placed
 * and ends at once with the reason, so the load goes on with the next one.
 */
export class PageAgent {
  readonly config: PageAgentConfig;
  private readonly ua: UserAgent;
  private registerer: Registerer;
  private readonly connectTimeoutMs: number;
  private readonly onEvent: (event: AgentEvent) => void;
  /** Asterisk accepted the agent's REGISTER, and its WebSocket has stayed open since. */
  private registered = false;
  /** When the registration was lost (page stamp); absent while registered. */
  private lostAt: number | undefined;
  private lostReason = '';
  private reconnecting = false;
  private stopping = false;
  /**
   * The current Registerer sent a REGISTER that got no final answer: SIP.js sends no other until one comes
   * or its transaction times out.
   */
  private registerWaiting = false;
  /** Calls in progress by SIP Call-ID, for the SIP tap. */
  private readonly calls = new Map<string, SipCall>();
  private readonly audio: SyntheticAudio;
  private registeredAt: number | undefined;
  /** The call being placed (one at a time): the media stream factory sounds its signature when SIP.js asks for media. */
  private placing: SipCall | undefined;

  /**
   * @param connectTimeoutMs how long the WebSocket may take to open: the agent's whole time to register.
   * SIP.js's default (5 s) is no longer than the delay Chromium's WebSocket throttle alone may add, and a
   * refused connection fails at once anyway; a timeout closes the socket unopened (close code 1006).
   */
  constructor(config: PageAgentConfig, audio: SyntheticAudio, connectTimeoutMs: number, onEvent: (event: AgentEvent) => void) {
    this.config = config;
    this.audio = audio;
    this.connectTimeoutMs = connectTimeoutMs;
    this.onEvent = onEvent;
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${config.username}@${config.domain}`),
      authorizationUsername: config.authorizationUsername ?? config.username,
      authorizationPassword: config.password,
      transportOptions: { server: config.wsUrl, connectionTimeout: Math.max(1, Math.ceil(connectTimeoutMs / 1000)) },
      logBuiltinEnabled: false,
      logLevel: 'error',
      userAgentString: 'callcheck',
      // No STUN: nothing may leave loopback, and an unreachable STUN server makes every dial wait the full timeout.
      sessionDescriptionHandlerFactory: (session) =>
        new LoopbackSessionDescriptionHandler(session.userAgent.getLogger('sip.SessionDescriptionHandler', session.id), audio.factory(() => this.placingSignature()), {
          iceGatheringTimeout: config.iceGatheringTimeoutMs,
          peerConnectionConfiguration: { iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' },
        }),
    });
    this.registerer = this.makeRegisterer();
    this.ua.delegate = { onDisconnect: (error) => this.onDisconnect(error) };
    this.tapTransport();
  }

  private makeRegisterer(): Registerer {
    this.registerWaiting = false;
    return new Registerer(this.ua, { expires: 600 });
  }

  /** The WebSocket closed: unless the agent is stopping, it is unregistered until it has reconnected and registered again. */
  private onDisconnect(error: Error | undefined): void {
    // Before the first registration a failed connection is start()'s to report, not something to retry.
    if (this.stopping || this.registeredAt === undefined) return;
    if (this.registered) {
      this.registered = false;
      this.lostAt = now();
      this.lostReason = error?.message ?? 'the WebSocket closed';
      this.onEvent({ kind: 'registration-lost', agent: this.config.username, at: this.lostAt, reason: this.lostReason });
    }
    void this.reconnect();
  }

  /** Reconnects and registers again, waiting a growing (bounded) delay before each attempt, until it succeeds or the agent stops. */
  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      for (let attempt = 0; !this.stopping; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(attempt, Math.random())));
        if (this.stopping) return;
        try {
          await this.ua.reconnect();
          // A REGISTER that was pending when the socket closed keeps its Registerer waiting for SIP.js's
          // transaction timeout (32 s): a fresh one registers the same contact now.
          if (this.registerWaiting) this.registerer = this.makeRegisterer();
          await this.register(Math.min(this.connectTimeoutMs, REREGISTER_ANSWER_MS));
          const lostAt = this.lostAt ?? now();
          this.lostAt = undefined;
          this.onEvent({ kind: 're-registered', agent: this.config.username, at: this.registeredAt ?? now(), lostAt, attempts: attempt + 1 });
          return;
        } catch (error) {
          this.lostReason = error instanceof Error ? error.message : String(error);
        }
      }
    } finally {
      this.reconnecting = false;
    }
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
    const call = this.calls.get(message.callId);
    if (!call) return;
    const { timeline } = call.recorder;
    const before = PROGRESS_STAMPS.map((stamp) => timeline[stamp]);
    call.recorder.onMessage(message);
    PROGRESS_STAMPS.forEach((stamp, i) => {
      const at = timeline[stamp];
      if (before[i] === undefined && at !== undefined) {
        this.onEvent({ kind: 'call-progress', agent: this.config.username, callIndex: call.index, sipCallId: call.sipCallId, stamp, at });
      }
    });
  }

  /** Connects and registers, both within timeoutMs; resolves once Asterisk accepted the REGISTER. */
  async start(timeoutMs: number): Promise<void> {
    const startedAt = performance.now();
    try {
      await this.ua.start();
    } catch (error) {
      // SIP.js says only "WebSocket closed <url> (code: 1006)": how long it waited tells a refusal from a timeout.
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${this.config.username}: no WebSocket after ${Math.round(performance.now() - startedAt)} ms: ${message}`, { cause: error });
    }
    await this.register(Math.max(0, timeoutMs - (performance.now() - startedAt)), timeoutMs);
  }

  /** Sends REGISTER and resolves once Asterisk accepted it, within timeoutMs (`limitMs`: the limit to name in the error). */
  private async register(timeoutMs: number, limitMs = timeoutMs): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.config.username} not registered within ${limitMs} ms`)), timeoutMs);
      this.registerWaiting = true;
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              clearTimeout(timer);
              this.registerWaiting = false;
              this.registered = true;
              resolve();
            },
            onReject: (response) => {
              clearTimeout(timer);
              this.registerWaiting = false;
              // Named by username (and digest user where it differs), never by anything of the password.
              const auth = this.config.authorizationUsername;
              const who = auth === undefined || auth === this.config.username ? this.config.username : `${this.config.username} (authorization username ${auth})`;
              reject(new Error(`${who} REGISTER rejected: ${response.message.statusCode} ${response.message.reasonPhrase}`));
            },
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  }

  private placingSignature(): Signature {
    if (!this.placing) throw new Error(`${this.config.username}: SIP.js asked for audio with no call being placed`);
    return this.placing.signature;
  }

  /**
   * Places one call, sounding the signature of its index; resolves with what the agent observed once it
   * has ended. An agent that is not registered places nothing and answers at once with why.
   */
  async call(request: PageCallRequest): Promise<PageCallResult> {
    if (!this.registered) return this.notPlaced();
    const call = new SipCall(this.ua, this.config.domain, this.audio, request, this.registeredAt);
    this.calls.set(call.sipCallId, call);
    this.placing = call;
    try {
      return await call.run();
    } finally {
      this.calls.delete(call.sipCallId);
      if (this.placing === call) this.placing = undefined;
    }
  }

  /** The call an unregistered agent was asked for: no INVITE went out, so Asterisk has no trace of it. */
  private notPlaced(): PageCallResult {
    const at = now();
    const since = this.lostAt === undefined ? '' : ` since ${((at - this.lostAt) / 1000).toFixed(1)} s`;
    return {
      outcome: 'failed',
      timeline: { dialRequested: at, ended: at },
      sip: [],
      error: `not placed: ${this.config.username} is not registered with ${this.config.wsUrl}${since} (${this.lostReason || 'no registration yet'}); it is reconnecting`,
    };
  }

  /** Ends every call of this agent now (see SipCall.endNow). */
  endCalls(): void {
    for (const call of this.calls.values()) call.endNow();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    try {
      if (this.registered) await withTimeout(this.registerer.unregister(), 2000);
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
