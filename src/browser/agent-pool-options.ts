import type { AgentBrowser } from './agent-browser.ts';
import type { AgentEvent, PageAgentConfig } from './page/page-api.ts';
import type { PageCrash } from '../logic/verify/crashed-call.ts';

/**
 * Chromium refuses to create more than 500 RTCPeerConnections in one page, and a closed one counts until
 * it is garbage-collected. A page is replaced once this many calls started on it, which leaves room for
 * the calls placed while its replacement registers.
 */
export const DEFAULT_RECYCLE_AFTER_CALLS = 300;

export interface AgentPoolOptions {
  browsers: readonly AgentBrowser[];
  pageUrl: string;
  agents: readonly PageAgentConfig[];
  agentsPerPage: number;
  /** Calls started on a page after which a fresh page takes over its agents. */
  recycleAfterCalls?: number;
  /** Limit for all of a page's agents to register, in ms. */
  registerTimeoutMs: number;
  /** Limit for a page to load the agents' script, in ms. */
  pageTimeoutMs: number;
  /** What to try when an agent does not register (see AgentPageOptions). */
  registerHint?: string;
  /** Where the pages' console errors, crashes and registration changes go. */
  log: (line: string) => void;
  /** Told of every registration change of an agent (lost, and back after how many attempts). */
  onAgentEvent?: (event: AgentEvent) => void;
  /** Told of every page that crashes (planted or not), as soon as the crash is seen, before the takeover. */
  onPageCrash?: (crashed: CrashedPage) => void;
}

/** A page that crashed during the run, and what became of its agents. */
export interface CrashedPage {
  label: string;
  browser: string;
  agents: string[];
  crash: PageCrash;
  /** Calls that were in progress on it; each ended as failed, naming the crash. */
  callsInFlight: number;
  /** When a fresh page had registered its agents (epoch ms); absent until then, or when none could. */
  takenOverAt?: number;
}
