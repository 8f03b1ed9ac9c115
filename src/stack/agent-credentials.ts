import { randomBytes } from 'node:crypto';
import { CallcheckError } from '../contracts/errors.ts';
import type { AgentCredentials, PbxAgent } from '../contracts/pbx.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { agentName } from '../logic/plan/call-plan.ts';

/** Source of random bytes; injected so tests are deterministic. */
export type RandomBytes = (size: number) => Buffer;

/**
 * A password for one run: 18 bytes of the system's CSPRNG as 24 base64url characters, so a report or log
 * that leaks can never be replayed against the next run.
 */
export function randomPassword(random: RandomBytes = randomBytes): string {
  return random(18).toString('base64url');
}

/** Fresh digest credentials for every agent, new for every run (see randomPassword). */
export function makeCredentials(agents: number, random: RandomBytes = randomBytes, name: (i: number) => string = agentName): AgentCredentials[] {
  return Array.from({ length: agents }, (_, i) => ({ username: name(i), password: randomPassword(random) }));
}

const MORE_CREDENTIALS = 'add credentials (pbx.agents, asterisk.agents), or lower agents (VUs); the shards of a split run take every n-th credential, as they number their agents';

/**
 * How the run names its agent of each (global) index: `agent001`... on callcheck's own Asterisk, where
 * the endpoints are generated for them; the index-th username of `pbx.agents` on an external PBX, where
 * the accounts exist already. An index beyond the credentials given is a scenario error (exit 2), found
 * before anything starts.
 */
export function agentNamer(scenario: Pick<Scenario, 'pbx' | 'asterisk'>): (index: number) => string {
  const accounts = accountsOf(scenario);
  if (accounts === undefined) return agentName;
  return (index) => {
    const agent = accounts.list[index];
    if (agent === undefined) {
      throw new CallcheckError('INVALID_SCENARIO', `the run needs credentials for agent ${index + 1}, but ${accounts.field} gives ${accounts.list.length}`, { hint: MORE_CREDENTIALS });
    }
    return agent.username;
  };
}

/** The accounts the scenario gives its agents: `pbx.agents`, or `asterisk.agents` (the operators' own on a booted configuration). */
export function accountsOf(scenario: Pick<Scenario, 'pbx' | 'asterisk'>): { field: string; list: readonly PbxAgent[] } | undefined {
  if (scenario.pbx !== undefined) return { field: 'pbx.agents', list: scenario.pbx.agents };
  if (scenario.asterisk?.agents !== undefined) return { field: 'asterisk.agents', list: scenario.asterisk.agents };
  return undefined;
}

/**
 * The credentials the named agents register with: fresh random ones every run for callcheck's own
 * Asterisk (written into its pjsip.conf), the scenario's for an external PBX.
 */
export function agentCredentials(scenario: Pick<Scenario, 'pbx' | 'asterisk'>, names: readonly string[], random?: RandomBytes): AgentCredentials[] {
  const accounts = accountsOf(scenario);
  if (accounts === undefined) return makeCredentials(names.length, random, (i) => names[i] ?? agentName(i));
  const byName = new Map(accounts.list.map((a) => [a.username, a]));
  return names.map((name) => {
    const agent = byName.get(name);
    if (agent === undefined) throw new CallcheckError('INVALID_SCENARIO', `agent ${name} has no credentials in ${accounts.field}`, { hint: MORE_CREDENTIALS });
    return { username: agent.username, password: agent.password, ...(agent.authorizationUsername === undefined ? {} : { authorizationUsername: agent.authorizationUsername }) };
  });
}

/**
 * Agent → the `src` its rows carry, for the agents of `pbx.agents` whose `src` is not their username;
 * undefined when there is none. Taken from every credential, not only the run's, so the shards of a split
 * run record the same verification settings and can be merged.
 */
export function pbxSrcOf(pbx: { agents: readonly PbxAgent[] }): Record<string, string> | undefined {
  const entries = pbx.agents.filter((a) => a.src !== undefined && a.src !== a.username).map((a) => [a.username, a.src as string] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
