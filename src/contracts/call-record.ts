import type { PlannedOutcome } from './scenario.ts';

/**
 * The states a call passes through, in the order they can happen. Every transition is stamped on one
 * clock (the page's `performance.timeOrigin + performance.now()`, in epoch milliseconds), so latency
 * phases are derived from these stamps and never measured a second time.
 *
 * Legal order: dialRequested → mediaReady → iceGathered → inviteSent → trying? → ringing? → answered →
 * ackSent → iceConnected → dtlsConnected → firstRtp → firstAudio → byeSent → ended (ICE and DTLS may
 * complete before the 200 OK arrives, since Asterisk starts ICE as soon as it has the offer). A call that is
 * not answered ends after its final response (no ackSent/byeSent from the agent); one the agent cancels
 * while it rings has cancelSent after ringing, and ends with the 487 to its INVITE.
 */
export interface CallTimeline {
  /** The agent's REGISTER was accepted (the most recent one before the call). */
  registered?: number;
  /** The CRM click: the softphone was asked to dial. */
  dialRequested?: number;
  /** The call's outgoing audio (the page's WebAudio signature) is ready: the media stream factory resolved. */
  mediaReady?: number;
  /** ICE gathering ended (the loopback candidate is there, or the gathering timeout hit); the offer is complete. */
  iceGathered?: number;
  /** INVITE handed to the WebSocket. */
  inviteSent?: number;
  /** 100 Trying received. */
  trying?: number;
  /** First 180 Ringing or 183 Session Progress received. */
  ringing?: number;
  /** CANCEL handed to the WebSocket: the agent hung up while the call was still ringing. */
  cancelSent?: number;
  /** 200 OK to the INVITE received. */
  answered?: number;
  /** ACK handed to the WebSocket. */
  ackSent?: number;
  /** The peer connection's ICE connection state became `connected`. */
  iceConnected?: number;
  /** The peer connection's state became `connected`: DTLS handshake done, SRTP keys in place. */
  dtlsConnected?: number;
  /** First RTP packet received from Asterisk: the remote audio track's `unmute` event. */
  firstRtp?: number;
  /** The call's own audio signature was first detected in the audio coming back: the caller heard the echo. */
  firstAudio?: number;
  /** BYE handed to the WebSocket. */
  byeSent?: number;
  /** The call reached its final state: the agent's BYE answered, a final non-2xx response, or the call given up. */
  ended?: number;
}

export type TimelineEvent = keyof CallTimeline;

/**
 * What the agent saw happen to the call: `cancelled` is its own CANCEL answered by 487, `declined` a 403 or
 * 603 (the callee refused the call), `not-found` a 404 or 604 (no such number), `rejected` any other refusal.
 */
export type CallOutcome = 'answered' | 'busy' | 'no-answer' | 'congestion' | 'cancelled' | 'declined' | 'not-found' | 'rejected' | 'failed' | 'interrupted';

/** One SIP message as seen by the agent, first line only. */
export interface SipTrace {
  at: number;
  direction: 'sent' | 'received';
  firstLine: string;
}

/** getStats of the call's peer connection, read just before hangup. */
export interface MediaStats {
  iceConnectionState: string;
  /** Local and remote address:port of the selected ICE candidate pair. */
  selectedPair?: { local: string; remote: string };
  packetsSent: number;
  packetsReceived: number;
  bytesReceived: number;
  packetsLost: number;
  /** Interarrival jitter of received audio, in ms. */
  jitterMs?: number;
  /** Round-trip time from RTCP, in ms. */
  roundTripTimeMs?: number;
  /** Received packets lost, as a percentage of those expected. */
  packetLossPct?: number;
  /** Estimated listening quality (ITU-T G.107 E-model, R-factor mapped to MOS 1..4.5). */
  mos?: number;
}

/**
 * Proof that the call's own audio made the round trip. Every call sends a signature of two tones unique
 * among the calls in flight; Asterisk echoes it back and the page listens for it.
 */
export interface AudioProof {
  /** The signature sent, e.g. `510+2370 Hz`. */
  signature: string;
  /** The signature came back. */
  heard: boolean;
  /** Signal-to-noise ratio of the weaker of the two tones when last analysed, in dB. */
  snrDb?: number;
  /** Another call's signature was heard instead: the media of two calls crossed. */
  crossedWith?: string;
}

/** A planned call: what the agent will dial and send. */
export interface PlannedCall {
  /** Stable id within the run, e.g. `call-00007`. */
  id: string;
  /** 0-based index of the call in the run (across shards: unique, interleaved by shard). */
  index: number;
  agent: string;
  /** The load scenario (k6 `options.scenarios` key) the call belongs to. */
  loadScenario?: string;
  /** The number dialed; its prefix selects the simulated customer's behaviour. */
  dialed: string;
  plannedOutcome: PlannedOutcome;
  /** SIP headers sent on the INVITE, mapped header name → value, for every mapped header sent exactly once. */
  headers: Record<string, string>;
  /**
   * Every header line the INVITE carried, in order and with the name as written: present when a header was
   * sent more than once or under another letter case than the header map's (then `headers` leaves out the
   * headers sent more than once). Absent: the INVITE carried `headers`, one line each.
   */
  headerLines?: SentHeader[];
}

/** A call as it ended, with everything the agent observed. */
export interface CallRecord extends PlannedCall {
  /** Browser that ran the agent (its id in the run's `browsers`). */
  browser: string;
  /** That browser's exact version as it reports it, e.g. `150.0.7871.100`. */
  browserVersion?: string;
  /** The browser-matrix build the call ran on (its label, e.g. `chromium-150`); absent outside a matrix. */
  build?: string;
  outcome: CallOutcome;
  /** Final SIP status of the INVITE (200, 486, ...); absent if none arrived. */
  sipStatus?: number;
  sipReason?: string;
  timeline: CallTimeline;
  /**
   * Answer (200 OK) to BYE sent, in ms, or to the call's end when the other side hung up first (Asterisk
   * hanging up its calls as it shuts down, say); what Asterisk should record as billsec.
   */
  talkTimeMs?: number;
  sip: SipTrace[];
  /** The SIP Call-ID of the INVITE dialog: finds the call in a packet capture or Asterisk's log. */
  sipCallId?: string;
  media?: MediaStats;
  /** Present on every call that reached the answer: whether its audio came back. */
  audio?: AudioProof;
  /** Set when the call failed in the agent (transport error, timeout, ...). */
  error?: string;
}

/** One header line of a call's INVITE as it was sent: the name as written (in any letter case) and its value. */
export interface SentHeader {
  name: string;
  value: string;
}

/**
 * A header's value in a scenario's `headerValues` or a `--header-values` line: one value, or several, in which
 * case the header is sent once per value, in order (`{ 'X-Tag': ['a', 'b'] }` sends two `X-Tag` lines).
 */
export type HeaderValue = string | readonly string[];
