/**
 * What callcheck saw happen to the system under test while a run went on, whether a fault of the
 * scenario caused it or the system failed on its own. Every event is appended to the run directory's
 * `events.jsonl` the moment it is seen, and results.json keeps them all (`observations.events`).
 *
 * - `cdr-db-down` / `cdr-db-up`: the CDR database stopped / started answering callcheck's probe query;
 * - `asterisk-down` / `asterisk-up`: Asterisk's SIP WebSocket port stopped / started accepting connections;
 * - `fault-started` / `fault-ended`: callcheck began / ended a fault of the scenario's `faults`;
 * - `fault-skipped`: a fault of the schedule did not run (the load ended before its `atMs`).
 */
export type RunEventKind = 'cdr-db-down' | 'cdr-db-up' | 'asterisk-down' | 'asterisk-up' | 'fault-started' | 'fault-ended' | 'fault-skipped';

export interface RunEvent {
  /** When it was seen, in this machine's epoch ms (the agents' pages stamp calls on the same clock). */
  at: number;
  kind: RunEventKind;
  /** What was seen, for a person: the probe's error, the fault's settings. */
  detail: string;
  /**
   * For a `-down` event: when the probe last succeeded before it, in epoch ms. The component went down
   * somewhere between `lastUpAt` and `at`.
   */
  lastUpAt?: number;
  /** For `fault-*` events: the fault's position in the scenario's `faults`. */
  fault?: number;
}

/** Where observed events go as they happen. */
export type RunEventSink = (event: RunEvent) => void;
