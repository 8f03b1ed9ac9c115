import { z } from 'zod';
import { parsedLoadScenariosSchema } from './executor-config.ts';
import { browserInfoSchema, leftoversSchema, loadSummarySchema, runMetadataSchema, stackInfoSchema, stoppedEarlySchema, verificationSettingsSchema } from './results.ts';
import { thresholdsOptionSchema } from './threshold-options.ts';

/** Bumped whenever a field of run.json changes meaning or is removed. */
export const RUN_MANIFEST_SCHEMA_VERSION = 1;

/** How a run ended, as the run itself recorded it. A manifest without `ended` belongs to a run that was killed (or still runs). */
export const runEndingSchema = z.object({
  at: z.iso.datetime(),
  how: z.enum(['finished', 'interrupted', 'failed']),
});
export type RunEnding = z.infer<typeof runEndingSchema>;

/**
 * run.json: everything a run's results are assembled from besides calls.jsonl, events.jsonl and
 * cdr-rows.json, so that `callcheck report`, `verify`, `merge` and `compare` give the results the run
 * gave. Written before anything starts and rewritten (atomically) as the run learns more: the stack's
 * details once it is up, the browsers once they run, when the load started, what the load did and what
 * was observed once it is over, how the run ended. It never holds a secret: no agent password, no
 * database password.
 */
export const runManifestSchema = z.object({
  schemaVersion: z.literal(RUN_MANIFEST_SCHEMA_VERSION),
  /** The run as results.json will describe it; `finishedAt` and `durationMs` are known at the end only. */
  run: runMetadataSchema.omit({ finishedAt: true, durationMs: true, interrupted: true, killed: true }),
  /** The process that runs it: `report` tells a killed run from one that still runs by it. */
  pid: z.number().int(),
  /** What the CDR rows are checked against. `context` and `srcOf` are those of the system under test. */
  settings: verificationSettingsSchema,
  /** The CDR table's name (the scenario's `cdr.table`). */
  cdrTable: z.string(),
  /** The CDR table the run reads, as `host:port/database.table` (no user, no password); known once the system under test is up. */
  cdrSource: z.string().optional(),
  /** results.json's `stack`, once the system under test is up. */
  stack: stackInfoSchema.optional(),
  browsers: z.array(browserInfoSchema),
  /** The agents of the run (SIP usernames), in every build: the `src` of their rows tells the run's rows from others. */
  agents: z.array(z.string()),
  /** The load profile this run (shard) places, per k6 scenario. */
  load: parsedLoadScenariosSchema,
  /** Set on a browser-matrix run: builds, baseline, rounds (build order per round) and seed. */
  matrix: z.object({ builds: z.array(z.string()), baseline: z.string(), rounds: z.array(z.array(z.string())), seed: z.number() }).optional(),
  /** The scenario's `options.thresholds` as written; absent when it has none. */
  thresholdDefinitions: thresholdsOptionSchema.optional(),
  /** When the first call could be dialed (epoch ms on the machine that ran it): no row of the run is older. */
  loadStartedAt: z.number().optional(),
  /** What the load did, once it is over. */
  loadSummary: loadSummarySchema.optional(),
  /** Why the load stopped before its planned end (`--max-failures`, an abortOnFail threshold); absent when it did not. */
  stoppedEarly: stoppedEarlySchema.optional(),
  /** What the run observed of the system under test besides its events, once it stopped watching (its rows read). */
  observation: z
    .object({
      /**
       * How long after each call's hangup its CDR row appeared: by call id, in ms, each late by up to `pollMs`.
       * Absent when the table could not be watched (no `id` column).
       */
      cdrRowDelays: z.object({ pollMs: z.number(), byCall: z.record(z.string(), z.number()) }).optional(),
    })
    .optional(),
  /** What callcheck's own Asterisk still held once the agents had stopped; absent with your own PBX. */
  cleanup: leftoversSchema.optional(),
  ended: runEndingSchema.optional(),
});
export type RunManifest = z.infer<typeof runManifestSchema>;
