import type { CrashedPage } from '../browser/agent-pool-options.ts';
import type { AgentEvent } from '../browser/page/page-api.ts';
import type { RunEvent } from '../contracts/run-events.ts';
import { outageLine } from '../logic/verify/registration-outages.ts';

/** The run event of an agent's registration change (none for a call's progress). */
export function agentRunEvent(event: AgentEvent): RunEvent | undefined {
  if (event.kind === 'registration-lost') {
    return { at: event.at, kind: 'agent-unregistered', detail: outageLine({ agent: event.agent, lostAt: event.at, reason: event.reason }), agent: event.agent };
  }
  if (event.kind === 're-registered') {
    const { agent, at, lostAt, attempts } = event;
    return { at, kind: 'agent-registered', detail: outageLine({ agent, lostAt, reason: '', regainedAt: at, attempts }), agent, lostAt, attempts };
  }
  return undefined;
}

/** The run event of a crashed page, as the pool saw it. */
export function pageCrashedEvent(crashed: CrashedPage): RunEvent {
  const { crash, agents, callsInFlight } = crashed;
  const detail = `${crash.page} crashed (${crash.reason}) with ${callsInFlight} call${callsInFlight === 1 ? '' : 's'} in progress, serving ${agents.join(', ')}`;
  return { at: crash.at, kind: 'page-crashed', detail, page: crash.page, agents: [...agents], callsInFlight };
}
