import type { CallRecord, SentHeader } from '../../contracts/call-record.ts';

/** What the harness sends a page to start one agent. */
export interface PageAgentConfig {
  username: string;
  password: string;
  /** Digest user, where the PBX authenticates the agent under another name than its username. Default: `username`. */
  authorizationUsername?: string;
  /** WebSocket URL of Asterisk's SIP transport, e.g. ws://127.0.0.1:8088/ws. */
  wsUrl: string;
  /** SIP domain of the agents' AORs. */
  domain: string;
  /** How long to wait for ICE gathering before sending the INVITE, in ms. */
  iceGatheringTimeoutMs: number;
}

/** What the harness sends a page to place one call. */
export interface PageCallRequest {
  /** The call's index in the run: selects its audio signature, unique among the calls in flight. */
  callIndex: number;
  dialed: string;
  /** The header lines the INVITE carries, in order, each checked sendable by the harness (and again by the page). */
  headerLines: SentHeader[];
  /** How long to stay on the call once answered, in ms. */
  talkTimeMs: number;
  /** Give up on the call after this long from the click, in ms. */
  timeoutMs: number;
  /** Hang up (CANCEL) this long after the call starts ringing, in ms; absent: wait for the answer. */
  cancelAfterMs?: number;
}

/** What the page reports of a call: the agent-side part of a CallRecord. */
export type PageCallResult = Pick<CallRecord, 'outcome' | 'sipStatus' | 'sipReason' | 'timeline' | 'talkTimeMs' | 'sip' | 'sipCallId' | 'media' | 'audio' | 'error'>;

/** The call stamps a page reports to the harness as they happen, so a call is still known when its page crashes. */
export type CallProgressStamp = 'inviteSent' | 'answered' | 'byeSent';

/**
 * What a page tells the harness while it runs, through the function the harness exposes to it as
 * `window.callcheckAgentEvent` (see AgentPage). Times are page stamps (epoch ms, like a call's timeline).
 */
export type AgentEvent =
  /** The agent's WebSocket closed while it was registered: it cannot place calls until it registers again. */
  | { kind: 'registration-lost'; agent: string; at: number; reason: string }
  /** The agent reconnected and Asterisk accepted its REGISTER again, `attempts` connections after the loss. */
  | { kind: 're-registered'; agent: string; at: number; lostAt: number; attempts: number }
  /** A call of the agent reached a stamp the verifier needs (was the INVITE sent, was the call answered). */
  | { kind: 'call-progress'; agent: string; callIndex: number; sipCallId: string; stamp: CallProgressStamp; at: number };

/** The API a callcheck page exposes on `window.callcheck`; the harness drives it through page.evaluate. */
export interface CallcheckPageApi {
  /** Starts the agents and resolves once every one of them is registered. */
  startAgents(configs: PageAgentConfig[], timeoutMs: number): Promise<void>;
  placeCall(username: string, request: PageCallRequest): Promise<PageCallResult>;
  /** Hangs up the calls in progress of these agents (BYE, or CANCEL before the answer). */
  abandonCalls(usernames: string[]): Promise<void>;
  stopAgents(): Promise<void>;
}

declare global {
  interface Window {
    callcheck: CallcheckPageApi;
    /** Exposed by the harness before the page loads; absent when a page is opened by hand. */
    callcheckAgentEvent?: (event: AgentEvent) => Promise<void>;
  }
}
