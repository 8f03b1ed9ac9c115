import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrDelayStats } from '../../contracts/observations.ts';
import { percentile } from '../stats/percentile.ts';

/** When a row was first seen by a poll, and when the poll before that one ran (the row appeared in between). */
export interface Sighting {
  seenAt: number;
  previousPollAt: number;
}

/**
 * Polls further apart than this many poll intervals (the database was out, or a poll hung) leave a row's
 * appearance too loosely known to give its call a delay: such calls get none.
 */
const MAX_POLL_GAP_INTERVALS = 4;

/**
 * Each call's delay from hangup (the agent's stamp of the call's end) to its CDR row appearing in the
 * table, in ms, late by up to one poll interval. Calls without a hangup, without a row, or whose row was
 * seen only after a gap in polling get none.
 */
export function cdrRowDelays(calls: readonly Pick<CallRecord, 'id' | 'headers' | 'timeline'>[], keyHeader: string, seen: ReadonlyMap<string, Sighting>, pollMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const call of calls) {
    const ended = call.timeline.ended;
    const sighting = seen.get(call.headers[keyHeader] ?? '');
    if (ended === undefined || sighting === undefined) continue;
    if (sighting.seenAt - sighting.previousPollAt > MAX_POLL_GAP_INTERVALS * pollMs) continue;
    out.set(call.id, Math.round((sighting.seenAt - ended) * 10) / 10);
  }
  return out;
}

/** p50, p95 and the largest of the delays. */
export function cdrDelayStats(delays: readonly number[], pollMs: number): CdrDelayStats {
  const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);
  const p50Ms = round(percentile(delays, 50));
  const p95Ms = round(percentile(delays, 95));
  const maxMs = delays.length === 0 ? undefined : Math.max(...delays);
  return { measured: delays.length, ...(p50Ms === undefined ? {} : { p50Ms }), ...(p95Ms === undefined ? {} : { p95Ms }), ...(maxMs === undefined ? {} : { maxMs }), pollMs };
}
