import type { AgentBrowser } from './agent-browser.ts';
import type { CrashedPage } from './crashed-page.ts';
import type { AgentEvent, PageAgentConfig } from './page/page-api.ts';

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
