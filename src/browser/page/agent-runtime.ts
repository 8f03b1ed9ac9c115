import { PageAgent } from './page-agent.ts';
import type { AgentEvent, CallcheckPageApi, PageAgentConfig, PageCallRequest } from './page-api.ts';
import { SyntheticAudio } from './synthetic-audio.ts';

/**
 * Entry point of the page bundle: the agents of one page and the `window.callcheck` API the harness
 * drives. Everything here runs in the browser.
 */
const audio = new SyntheticAudio();
const agents = new Map<string, PageAgent>();

/**
 * Agents of a page that connect and register at the same time. Chromium delays each new WebSocket of a
 * renderer by a random 1–5 s × 2^(pending − 16) (services/network/websocket_throttler.cc) and lets only
 * one connect to a host:port at a time (RFC 6455 §4.1, net's WebSocketEndpointLockManager). 50 sockets
 * opened at once from one page, against a server that answers at once, took up to 4.9 s to open on an
 * idle machine (p50 2.4 s); 8 at a time opened all 50 in 0.6 s. Under load, with SIP.js's 5 s connection
 * timeout, the last agents of a replacement page hit the timeout and SIP.js closed their sockets
 * (code 1006), so the page never took over. With at most 8 pending the throttle delay stays under 10 ms.
 */
const STARTING_AT_ONCE = 8;

/**
 * Hands an event to the harness without waiting for it, in a task of its own: a call's progress is seen
 * inside the transport's send and receive, and the binding call (serialising the event for Node) must not
 * run before the INVITE goes out or the 200 OK is handled.
 */
function report(event: AgentEvent): void {
  setTimeout(() => void window.callcheckAgentEvent?.(event).catch(() => undefined), 0);
}

const api: CallcheckPageApi = {
  async startAgents(configs: PageAgentConfig[], timeoutMs: number) {
    await audio.warmUp();
    const deadline = performance.now() + timeoutMs;
    let next = 0;
    let failed = false;
    const startOne = async (config: PageAgentConfig): Promise<void> => {
      const left = Math.round(deadline - performance.now());
      if (left <= 0) throw new Error(`${config.username} not registered within ${timeoutMs} ms (the page's agents start ${STARTING_AT_ONCE} at a time)`);
      const agent = new PageAgent(config, audio, left, report);
      agents.set(config.username, agent);
      await agent.start(left);
    };
    const starter = async (): Promise<void> => {
      for (let config = configs[next++]; config && !failed; config = configs[next++]) {
        try {
          await startOne(config);
        } catch (error) {
          // The page is closed on failure: the other starters stop taking agents.
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(STARTING_AT_ONCE, configs.length) }, starter));
  },
  async placeCall(username: string, request: PageCallRequest) {
    const agent = agents.get(username);
    if (!agent) throw new Error(`no agent ${username} on this page`);
    // The call's audio signature comes from its index in the run (request.callIndex), unique among the calls in flight.
    return agent.call(request);
  },
  async abandonCalls(usernames: string[]) {
    for (const username of usernames) agents.get(username)?.endCalls();
  },
  async stopAgents() {
    await Promise.all([...agents.values()].map((a) => a.stop()));
    agents.clear();
  },
};

window.callcheck = api;
document.title = 'callcheck agents ready';
