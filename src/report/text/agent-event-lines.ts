import type { RunEvent } from '../../contracts/run-events.ts';
import { outageLine, RegistrationOutages } from '../../logic/verify/registration-outages.ts';

/** Up to this many agents are named one line each; more are summed up in one line. */
const NAMED_AGENTS = 3;
/** Up to this many crashed pages get a line each; more are summed up in one line. */
const NAMED_PAGES = 3;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * What the run's events say of the agents, a line each: which lost their registration and how long
 * until they registered again (`agent003 re-registered after 3.2 s (4 attempts)`), and each page that
 * crashed with the calls it took along. Many agents or pages are summed up in one line.
 */
export function agentEventLines(events: readonly RunEvent[]): string[] {
  const outages = new RegistrationOutages();
  for (const e of events) {
    if (e.kind === 'agent-unregistered' && e.agent !== undefined) outages.record({ kind: 'registration-lost', agent: e.agent, at: e.at, reason: e.detail });
    if (e.kind === 'agent-registered' && e.agent !== undefined) outages.record({ kind: 're-registered', agent: e.agent, at: e.at, lostAt: e.lostAt ?? e.at, attempts: e.attempts ?? 1 });
  }
  const lines: string[] = [];
  const back = outages.all.filter((o) => o.regainedAt !== undefined);
  const away = back.map((o) => (o.regainedAt as number) - o.lostAt).sort((a, b) => a - b);
  if (back.length > NAMED_AGENTS) {
    const agents = new Set(back.map((o) => o.agent)).size;
    lines.push(`${agents} agents re-registered ${back.length} times, after ${seconds(away[0] ?? 0)} to ${seconds(away.at(-1) ?? 0)} (median ${seconds(away[Math.floor((away.length - 1) / 2)] ?? 0)})`);
  } else {
    lines.push(...back.map(outageLine));
  }
  const stillAway = outages.unregistered;
  if (stillAway.length > NAMED_AGENTS) lines.push(`${stillAway.length} agents had not registered again when the run stopped watching`);
  else lines.push(...stillAway.map((agent) => `${agent} lost its registration and had not registered again when the run stopped watching`));
  const crashes = events.filter((e) => e.kind === 'page-crashed');
  if (crashes.length > NAMED_PAGES) {
    const inFlight = crashes.reduce((sum, e) => sum + (e.callsInFlight ?? 0), 0);
    lines.push(`${crashes.length} agent pages crashed, with ${inFlight} calls in progress; fresh pages took their agents over`);
  } else {
    lines.push(...crashes.map((e) => e.detail));
  }
  return lines;
}
