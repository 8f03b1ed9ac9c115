import { z } from 'zod';
import { runEventSchema } from './run-events.ts';

/** A part of the system under test callcheck watches while the calls run. */
export const WATCHED_COMPONENTS = ['cdr-db', 'asterisk'] as const;
export type WatchedComponent = (typeof WATCHED_COMPONENTS)[number];

/**
 * One outage of a watched component, as observed by its probe. It went down somewhere between `lastUpAt`
 * (the last probe that succeeded) and `downAt` (the first that failed), and answered again at `upAt`.
 */
export const outageSchema = z.object({
  component: z.enum(WATCHED_COMPONENTS),
  lastUpAt: z.number(),
  downAt: z.number(),
  /** Absent: still down when the run stopped watching. */
  upAt: z.number().optional(),
  /**
   * CDR database only: the hangup of the first call after the outage whose row is in the table, so the
   * moment by which Asterisk's CDR backend wrote again. Absent: no row was written after the outage.
   */
  recoveredAt: z.number().optional(),
  /** `recoveredAt - upAt`: how long after the database came back the rows were written again, in ms. */
  recoveryMs: z.number().optional(),
});
export type Outage = z.infer<typeof outageSchema>;

/** Hangup → CDR row delay over the calls whose row was seen appear. */
export const cdrDelayStatsSchema = z.object({
  /** Calls whose row was seen appear, and so have a delay. */
  measured: z.number().int(),
  p50Ms: z.number().optional(),
  p95Ms: z.number().optional(),
  maxMs: z.number().optional(),
  /** How often the table was polled for new rows, in ms: each delay is late by up to this much. */
  pollMs: z.number(),
});
export type CdrDelayStats = z.infer<typeof cdrDelayStatsSchema>;

/** What callcheck observed of the system under test while the calls ran (results.json `observations`). */
export const runObservationsSchema = z.object({
  /** Every event, in the order seen (also in the run directory's events.jsonl). */
  events: z.array(runEventSchema),
  outages: z.array(outageSchema),
  /** Absent where rows could not be watched (a table without an `id` column). */
  cdrDelay: cdrDelayStatsSchema.optional(),
});
export type RunObservations = z.infer<typeof runObservationsSchema>;
