import type { PlannedOutcome } from './scenario.ts';

/**
 * The states a call passes through, in the order they can happen. Every transition is stamped on one
 * clock (the page's `performance.timeOrigin + performance.now()`, in epoch milliseconds), so latency
 * phases are derived from these stamps and never measured a second time.
 *
 * Legal order: dialRequested → inviteSent → trying? → ringing? → answered → ackSent → mediaFlowing? →
 * byeSent → ended. A call that is not answered ends after its final response (no ackSent/byeSent from the agent).
 */
export interface CallTimeline {
  /** The agent's REGISTER was accepted (the most recent one before the call). */
  registered?: number;
  /** The CRM click: the softphone was asked to dial. */
  dialRequested?: number;
  /** INVITE handed to the WebSocket. */
  inviteSent?: number;
  /** 100 Trying received. */
  trying?: number;
  /** First 180 Ringing or 183 Session Progress received. */
  ringing?: number;
  /** 200 OK to the INVITE received. */
  answered?: number;
  /** ACK handed to the WebSocket. */
  ackSent?: number;
  /** First RTP packet received from Asterisk: the remote audio track's `unmute` event. */
  mediaFlowing?: number;
  /** BYE handed to the WebSocket. */
  byeSent?: number;
  /** The call reached its final state: the agent's BYE answered, a final non-2xx response, or the call given up. */
  ended?: number;
}

export type TimelineEvent = keyof CallTimeline;

/** What the agent saw happen to the call. */
export type CallOutcome = 'answered' | 'busy' | 'no-answer' | 'congestion' | 'rejected' | 'failed' | 'interrupted';

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
}

/** A planned call: what the agent will dial and send. */
export interface PlannedCall {
  /** Stable id within the run, e.g. `call-0007`. */
  id: string;
  index: number;
  agent: string;
  /** The number dialed; its prefix selects the simulated customer's behaviour. */
  dialed: string;
  plannedOutcome: PlannedOutcome;
  /** SIP headers sent on the INVITE, mapped header name → value. */
  headers: Record<string, string>;
}

/** A call as it ended, with everything the agent observed. */
export interface CallRecord extends PlannedCall {
  /** Browser that ran the agent (its id in the run's `browsers`). */
  browser: string;
  outcome: CallOutcome;
  /** Final SIP status of the INVITE (200, 486, ...); absent if none arrived. */
  sipStatus?: number;
  sipReason?: string;
  timeline: CallTimeline;
  /** Answer (200 OK) to BYE sent, in ms; what Asterisk should record as billsec. */
  talkTimeMs?: number;
  sip: SipTrace[];
  media?: MediaStats;
  /** Set when the call failed in the agent (transport error, timeout, ...). */
  error?: string;
}
