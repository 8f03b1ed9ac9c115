import type { RunEvent } from './run-events.ts';

/** A part of the system under test callcheck watches while the calls run. */
export type WatchedComponent = 'cdr-db' | 'asterisk';

/**
 * One outage of a watched component, as observed by its probe. It went down somewhere between `lastUpAt`
 * (the last probe that succeeded) and `downAt` (the first that failed), and answered again at `upAt`.
 */
export interface Outage {
  component: WatchedComponent;
  lastUpAt: number;
  downAt: number;
  /** Absent: still down when the run stopped watching. */
  upAt?: number;
  /**
   * CDR database only: the hangup of the first call after the outage whose row is in the table, so the
   * moment by which Asterisk's CDR backend wrote again. Absent: no row was written after the outage.
   */
  recoveredAt?: number;
  /** `recoveredAt - upAt`: how long after the database came back the rows were written again, in ms. */
  recoveryMs?: number;
}

/** Hangup → CDR row delay over the calls whose row was seen appear. */
export interface CdrDelayStats {
  /** Calls whose row was seen appear, and so have a delay. */
  measured: number;
  p50Ms?: number;
  p95Ms?: number;
  maxMs?: number;
  /** How often the table was polled for new rows, in ms: each delay is late by up to this much. */
  pollMs: number;
}

/** What callcheck observed of the system under test while the calls ran (results.json `observations`). */
export interface RunObservations {
  /** Every event, in the order seen (also in the run directory's events.jsonl). */
  events: RunEvent[];
  outages: Outage[];
  /** Absent where rows could not be watched (a table without an `id` column). */
  cdrDelay?: CdrDelayStats;
}
