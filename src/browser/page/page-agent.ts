import { Registerer, UserAgent } from 'sip.js';
import type { Signature } from '../../logic/audio-signature.ts';
import { now } from './clock.ts';
import { LoopbackSessionDescriptionHandler } from './loopback-session-description-handler.ts';
import type { PageAgentConfig, PageCallRequest, PageCallResult } from './page-api.ts';
import { PageCall } from './page-call.ts';
import { parseSipMessage } from './sip-tap.ts';
import type { SyntheticAudio } from './synthetic-audio.ts';

/** One SIP.js softphone: its own UserAgent, registration and credentials; one call at a time. */
export class PageAgent {
  readonly config: PageAgentConfig;
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  /** Calls in progress by SIP Call-ID, for the SIP tap. */
  private readonly calls = new Map<string, PageCall>();
  private readonly audio: SyntheticAudio;
  private registeredAt: number | undefined;
  /** The call being placed (one at a time): the media stream factory sounds its signature when SIP.js asks for media. */
  private placing: PageCall | undefined;

  /**
   * @param connectTimeoutMs how long the WebSocket may take to open: the agent's whole time to register.
   * SIP.js's default (5 s) is no longer than the delay Chromium's WebSocket throttle alone may add, and a
   * refused connection fails at once anyway; a timeout closes the socket unopened (close code 1006).
   */
  constructor(config: PageAgentConfig, audio: SyntheticAudio, connectTimeoutMs: number) {
    this.config = config;
    this.audio = audio;
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
    this.calls.get(message.callId)?.recorder.onMessage(message);
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
    const left = Math.max(0, timeoutMs - (performance.now() - startedAt));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.config.username} not registered within ${timeoutMs} ms`)), left);
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              clearTimeout(timer);
              resolve();
            },
            onReject: (response) => {
              clearTimeout(timer);
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

  /** Places one call, sounding the signature of its index; resolves with what the agent observed once it has ended. */
  async call(request: PageCallRequest): Promise<PageCallResult> {
    const call = new PageCall(this.ua, this.config.domain, this.audio, request, this.registeredAt);
    this.calls.set(call.sipCallId, call);
    this.placing = call;
    try {
      return await call.run();
    } finally {
      this.calls.delete(call.sipCallId);
      if (this.placing === call) this.placing = undefined;
    }
  }

  /** Ends every call of this agent now (see PageCall.endNow). */
  endCalls(): void {
    for (const call of this.calls.values()) call.endNow();
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
