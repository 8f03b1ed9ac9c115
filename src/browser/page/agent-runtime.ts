import { PageAgent } from './page-agent.ts';
import type { CallcheckPageApi, PageAgentConfig, PageCallRequest } from './page-api.ts';
import { SyntheticAudio } from './synthetic-audio.ts';

/**
 * Entry point of the page bundle: the agents of one page and the `window.callcheck` API the harness
 * drives. Everything here runs in the browser.
 */
const audio = new SyntheticAudio();
const agents = new Map<string, PageAgent>();

const api: CallcheckPageApi = {
  async startAgents(configs: PageAgentConfig[], timeoutMs: number) {
    await audio.warmUp();
    await Promise.all(
      configs.map((config) => {
        const agent = new PageAgent(config, audio);
        agents.set(config.username, agent);
        return agent.start(timeoutMs);
      }),
    );
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
