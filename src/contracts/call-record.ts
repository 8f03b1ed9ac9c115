import { z } from 'zod';
import { CALL_OUTCOMES } from './scenario.ts';

/** A stamp of the page's clock, in epoch milliseconds. */
const stamp = z.number();

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
export const callTimelineSchema = z.object({
  /** The agent's REGISTER was accepted (the most recent one before the call). */
  registered: stamp.optional(),
  /** The CRM click: the softphone was asked to dial. */
  dialRequested: stamp.optional(),
  /** The call's outgoing audio (the page's WebAudio signature) is ready: the media stream factory resolved. */
  mediaReady: stamp.optional(),
  /** ICE gathering ended (the loopback candidate is there, or the gathering timeout hit); the offer is complete. */
  iceGathered: stamp.optional(),
  /** INVITE handed to the WebSocket. */
  inviteSent: stamp.optional(),
  /** 100 Trying received. */
  trying: stamp.optional(),
  /** First 180 Ringing or 183 Session Progress received. */
  ringing: stamp.optional(),
  /** CANCEL handed to the WebSocket: the agent hung up while the call was still ringing. */
  cancelSent: stamp.optional(),
  /** 200 OK to the INVITE received. */
  answered: stamp.optional(),
  /** ACK handed to the WebSocket. */
  ackSent: stamp.optional(),
  /** The peer connection's ICE connection state became `connected`. */
  iceConnected: stamp.optional(),
  /** The peer connection's state became `connected`: DTLS handshake done, SRTP keys in place. */
  dtlsConnected: stamp.optional(),
  /** First RTP packet received from Asterisk: the remote audio track's `unmute` event. */
  firstRtp: stamp.optional(),
  /** The call's own audio signature was first detected in the audio coming back: the caller heard the echo. */
  firstAudio: stamp.optional(),
  /** BYE handed to the WebSocket. */
  byeSent: stamp.optional(),
  /** The call reached its final state: the agent's BYE answered, a final non-2xx response, or the call given up. */
  ended: stamp.optional(),
});
export type CallTimeline = z.infer<typeof callTimelineSchema>;

export type TimelineEvent = keyof CallTimeline;

/**
 * What the agent saw happen to the call: `cancelled` is its own CANCEL answered by 487, `declined` a 403 or
 * 603 (the callee refused the call), `not-found` a 404 or 604 (no such number), `rejected` any other refusal.
 */
export const AGENT_OUTCOMES = ['answered', 'busy', 'no-answer', 'congestion', 'cancelled', 'declined', 'not-found', 'rejected', 'failed', 'interrupted'] as const;
export type CallOutcome = (typeof AGENT_OUTCOMES)[number];

/** One SIP message as seen by the agent, first line only. */
export const sipTraceSchema = z.object({
  at: stamp,
  direction: z.enum(['sent', 'received']),
  firstLine: z.string(),
});
export type SipTrace = z.infer<typeof sipTraceSchema>;

/** getStats of the call's peer connection, read just before hangup. */
export const mediaStatsSchema = z.object({
  iceConnectionState: z.string(),
  /** Local and remote address:port of the selected ICE candidate pair. */
  selectedPair: z.object({ local: z.string(), remote: z.string() }).optional(),
  packetsSent: z.number(),
  packetsReceived: z.number(),
  bytesReceived: z.number(),
  packetsLost: z.number(),
  /** Interarrival jitter of received audio, in ms. */
  jitterMs: z.number().optional(),
  /** Round-trip time from RTCP, in ms. */
  roundTripTimeMs: z.number().optional(),
  /** Received packets lost, as a percentage of those expected. */
  packetLossPct: z.number().optional(),
  /** Estimated listening quality (ITU-T G.107 E-model, R-factor mapped to MOS 1..4.5). */
  mos: z.number().optional(),
});
export type MediaStats = z.infer<typeof mediaStatsSchema>;

/**
 * Proof that the call's own audio made the round trip. Every call sends a signature of two tones unique
 * among the calls in flight; Asterisk echoes it back and the page listens for it.
 */
export const audioProofSchema = z.object({
  /** The signature sent, e.g. `510+2370 Hz`. */
  signature: z.string(),
  /** The signature came back. */
  heard: z.boolean(),
  /** Signal-to-noise ratio of the weaker of the two tones when last analysed, in dB. */
  snrDb: z.number().optional(),
  /** Another call's signature was heard instead: the media of two calls crossed. */
  crossedWith: z.string().optional(),
});
export type AudioProof = z.infer<typeof audioProofSchema>;

/** One header line of a call's INVITE as it was sent: the name as written (in any letter case) and its value. */
export const sentHeaderSchema = z.object({ name: z.string(), value: z.string() });
export type SentHeader = z.infer<typeof sentHeaderSchema>;

/** A planned call: what the agent will dial and send. */
export const plannedCallSchema = z.object({
  /** Stable id within the run, e.g. `call-00007`. */
  id: z.string(),
  /** 0-based index of the call in the run (across shards: unique, interleaved by shard). */
  index: z.number().int().min(0),
  agent: z.string(),
  /** The load scenario (k6 `options.scenarios` key) the call belongs to. */
  loadScenario: z.string().optional(),
  /** The number dialed; its prefix selects the simulated customer's behaviour. */
  dialed: z.string(),
  plannedOutcome: z.enum(CALL_OUTCOMES),
  /** SIP headers sent on the INVITE, mapped header name → value, for every mapped header sent exactly once. */
  headers: z.record(z.string(), z.string()),
  /**
   * Every header line the INVITE carried, in order and with the name as written: present when a header was
   * sent more than once or under another letter case than the header map's (then `headers` leaves out the
   * headers sent more than once). Absent: the INVITE carried `headers`, one line each.
   */
  headerLines: z.array(sentHeaderSchema).optional(),
});
export type PlannedCall = z.infer<typeof plannedCallSchema>;

/** A call as it ended, with everything the agent observed: one line of the run directory's calls.jsonl. */
export const callRecordSchema = plannedCallSchema.extend({
  /** Browser that ran the agent (its id in the run's `browsers`). */
  browser: z.string(),
  /** That browser's exact version as it reports it, e.g. `150.0.7871.100`. */
  browserVersion: z.string().optional(),
  /** The browser-matrix build the call ran on (its label, e.g. `chromium-150`); absent outside a matrix. */
  build: z.string().optional(),
  outcome: z.enum(AGENT_OUTCOMES),
  /** Final SIP status of the INVITE (200, 486, ...); absent if none arrived. */
  sipStatus: z.number().int().optional(),
  sipReason: z.string().optional(),
  timeline: callTimelineSchema,
  /**
   * Answer (200 OK) to BYE sent, in ms, or to the call's end when the other side hung up first (Asterisk
   * hanging up its calls as it shuts down, say); what Asterisk should record as billsec.
   */
  talkTimeMs: z.number().optional(),
  sip: z.array(sipTraceSchema),
  /** The SIP Call-ID of the INVITE dialog: finds the call in a packet capture or Asterisk's log. */
  sipCallId: z.string().optional(),
  media: mediaStatsSchema.optional(),
  /** Present on every call that reached the answer: whether its audio came back. */
  audio: audioProofSchema.optional(),
  /** Set when the call failed in the agent (transport error, timeout, ...). */
  error: z.string().optional(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;
