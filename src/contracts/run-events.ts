import { z } from 'zod';

/**
 * What callcheck saw happen to the system under test while a run went on, whether a fault of the
 * scenario caused it or the system failed on its own. Every event is appended to the run directory's
 * `events.jsonl` the moment it is seen, and results.json keeps them all (`observations.events`).
 *
 * - `cdr-db-down` / `cdr-db-up`: the CDR database stopped / started answering callcheck's probe query;
 * - `asterisk-down` / `asterisk-up`: Asterisk's SIP WebSocket port stopped / started accepting connections;
 * - `fault-started` / `fault-ended`: callcheck began / ended a fault of the scenario's `faults` (a
 *   `cdr-db-slow` begins once its trigger is in place: inserts started before it are not slowed);
 * - `fault-skipped`: a fault of the schedule did not run (the load ended before its `atMs`);
 * - `agent-unregistered`: an agent's WebSocket closed while it was registered (Asterisk went away, say): it
 *   places no call until it registers again (`agent`);
 * - `agent-registered`: that agent reconnected and Asterisk accepted its REGISTER again (`agent`, `lostAt`,
 *   `attempts`);
 * - `page-crashed`: a browser page of the agents crashed, planted or not (`page`, `agents`, `callsInFlight`);
 *   its calls in flight failed naming the crash and a fresh page takes its agents over.
 */
export const RUN_EVENT_KINDS = [
  'cdr-db-down',
  'cdr-db-up',
  'asterisk-down',
  'asterisk-up',
  'fault-started',
  'fault-ended',
  'fault-skipped',
  'agent-unregistered',
  'agent-registered',
  'page-crashed',
] as const;
export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

/** One event: a line of the run directory's events.jsonl. */
export const runEventSchema = z.object({
  /** When it was seen, in this machine's epoch ms (the agents' pages stamp calls on the same clock). */
  at: z.number(),
  kind: z.enum(RUN_EVENT_KINDS),
  /** What was seen, for a person: the probe's error, the fault's settings. */
  detail: z.string(),
  /**
   * For a `-down` event: when the probe last succeeded before it, in epoch ms. The component went down
   * somewhere between `lastUpAt` and `at`.
   */
  lastUpAt: z.number().optional(),
  /** For `fault-*` events: the fault's position in the scenario's `faults`. */
  fault: z.number().int().optional(),
  /** For `agent-*` events: the agent. */
  agent: z.string().optional(),
  /** For `agent-registered`: when the agent lost its registration (epoch ms). */
  lostAt: z.number().optional(),
  /** For `agent-registered`: connections tried until it registered again. */
  attempts: z.number().int().optional(),
  /** For `page-crashed`: the page, e.g. `page 2 in browser-1`. */
  page: z.string().optional(),
  /** For `page-crashed`: the agents the page served. */
  agents: z.array(z.string()).optional(),
  /** For `page-crashed`: the calls in progress on it, each ended as failed naming the crash. */
  callsInFlight: z.number().int().optional(),
});
export type RunEvent = z.infer<typeof runEventSchema>;

/** Where observed events go as they happen. */
export type RunEventSink = (event: RunEvent) => void;
