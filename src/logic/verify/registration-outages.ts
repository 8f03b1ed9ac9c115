/** A registration change an agent reported (the subset of the page's AgentEvent this bookkeeping reads). */
export type RegistrationChange =
  | { kind: 'registration-lost'; agent: string; at: number; reason: string }
  | { kind: 're-registered'; agent: string; at: number; lostAt: number; attempts: number };

/** One time an agent was unregistered: from the loss of its WebSocket to its next accepted REGISTER. */
export interface RegistrationOutage {
  agent: string;
  lostAt: number;
  reason: string;
  /** Absent while the agent is still unregistered. */
  regainedAt?: number;
  /** Connections tried until it registered again. */
  attempts?: number;
}

/**
 * Every agent's registration outages of a run, in the order they began, built from the agents' reports.
 * A return without a loss seen (its report came first) still counts, with the loss time it carries.
 */
export class RegistrationOutages {
  private readonly list: RegistrationOutage[] = [];

  /** Records a change; returns the outage it opened or closed. */
  record(change: RegistrationChange): RegistrationOutage {
    if (change.kind === 'registration-lost') {
      const outage: RegistrationOutage = { agent: change.agent, lostAt: change.at, reason: change.reason };
      this.list.push(outage);
      return outage;
    }
    const open = this.list.find((o) => o.agent === change.agent && o.regainedAt === undefined);
    const outage = open ?? { agent: change.agent, lostAt: change.lostAt, reason: 'not reported' };
    if (!open) this.list.push(outage);
    outage.regainedAt = change.at;
    outage.attempts = change.attempts;
    return outage;
  }

  get all(): readonly RegistrationOutage[] {
    return this.list;
  }

  /** Agents unregistered right now. */
  get unregistered(): string[] {
    return this.list.filter((o) => o.regainedAt === undefined).map((o) => o.agent);
  }
}

/** The log line of an outage: `agent003 re-registered after 3.2 s (2 attempts)`, or what was lost and why. */
export function outageLine(outage: RegistrationOutage): string {
  if (outage.regainedAt === undefined) return `${outage.agent} lost its registration (${outage.reason}); reconnecting`;
  const attempts = outage.attempts === undefined ? '' : ` (${outage.attempts} attempt${outage.attempts === 1 ? '' : 's'})`;
  return `${outage.agent} re-registered after ${((outage.regainedAt - outage.lostAt) / 1000).toFixed(1)} s${attempts}`;
}
