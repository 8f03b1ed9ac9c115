import { randomBytes } from 'node:crypto';
import { agentName } from './plan/call-plan.ts';

export interface AgentCredentials {
  /** SIP user and PJSIP endpoint name, e.g. `agent001`. */
  username: string;
  password: string;
  /** Digest user, where it is not the username (an external PBX's `pbx.agents[].authorizationUsername`). */
  authorizationUsername?: string;
}

/** Source of random bytes; injected so tests are deterministic. */
export type RandomBytes = (size: number) => Buffer;

/**
 * Fresh digest credentials for every agent, new for every run, so a report or log that leaks can never
 * be replayed against the next run. 18 random bytes give a 24-character base64url password.
 */
export function makeCredentials(agents: number, random: RandomBytes = randomBytes, name: (i: number) => string = agentName): AgentCredentials[] {
  return Array.from({ length: agents }, (_, i) => ({
    username: name(i),
    password: random(18).toString('base64url'),
  }));
}
