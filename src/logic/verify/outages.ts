import type { Outage, WatchedComponent } from '../../contracts/observations.ts';
import type { RunEvent, RunEventKind } from '../../contracts/run-events.ts';

const TRANSITIONS: Record<WatchedComponent, { down: RunEventKind; up: RunEventKind }> = {
  'cdr-db': { down: 'cdr-db-down', up: 'cdr-db-up' },
  asterisk: { down: 'asterisk-down', up: 'asterisk-up' },
};

/** The outages the probes' events describe: every `-down` paired with the `-up` after it, per component. */
export function outagesFrom(events: readonly RunEvent[]): Outage[] {
  const out: Outage[] = [];
  for (const [component, { down, up }] of Object.entries(TRANSITIONS) as [WatchedComponent, { down: RunEventKind; up: RunEventKind }][]) {
    let open: Outage | undefined;
    for (const event of [...events].sort((a, b) => a.at - b.at)) {
      if (event.kind === down && open === undefined) {
        open = { component, lastUpAt: event.lastUpAt ?? event.at, downAt: event.at };
      } else if (event.kind === up && open !== undefined) {
        out.push({ ...open, upAt: event.at });
        open = undefined;
      }
    }
    if (open !== undefined) out.push(open);
  }
  return out.sort((a, b) => a.downAt - b.downAt);
}

/** A call as far as recovery is concerned: when it hung up, and whether its row is in the table. */
export interface HungUpCall {
  ended?: number;
  hasRow: boolean;
}

/**
 * Adds to every CDR database outage when Asterisk wrote rows again: the hangup of the first call that
 * ended after the database was seen down and whose row is there. No CDR can be written while the
 * database is down and cdr_adaptive_odbc does not retry, so that row was written after the outage.
 */
export function withCdrRecovery(outages: readonly Outage[], calls: readonly HungUpCall[]): Outage[] {
  return outages.map((outage) => {
    if (outage.component !== 'cdr-db' || outage.upAt === undefined) return outage;
    const next = outages.find((o) => o.component === 'cdr-db' && o.downAt > outage.downAt)?.lastUpAt ?? Infinity;
    const ends = calls.filter((c) => c.hasRow && c.ended !== undefined && c.ended > outage.downAt && c.ended < next).map((c) => c.ended as number);
    if (ends.length === 0) return outage;
    const recoveredAt = Math.min(...ends);
    return { ...outage, recoveredAt, recoveryMs: Math.round(recoveredAt - outage.upAt) };
  });
}
