import type { CdrRow } from './cdr-row.ts';
import type { Outage } from './observations.ts';

/** One field of a CDR row that did not hold what the call implies. */
export interface FieldMismatch {
  field: string;
  expected: string;
  received: string | null;
  /** Why the expectation holds, e.g. "billsec is the measured talk time within 1 s". */
  rule: string;
}

/**
 * A mapped column that holds the value the call sent cut short, exactly as Asterisk's cdr_adaptive_odbc cuts
 * it (see src/logic/column-expectation.ts): the row conforms, but the column is not what the call sent.
 */
export interface FieldTruncation {
  field: string;
  /** The header the value came from. */
  header: string;
  sent: string;
  stored: string;
  /** Length of the value sent and of the value stored. */
  from: { characters: number; bytes: number };
  to: { characters: number; bytes: number };
  /** Why the value was cut, e.g. "cdr_adaptive_odbc reads a CDR variable into a 1024-byte buffer". */
  cause: string;
}

/**
 * The CDR verdict of one call: exactly one per placed call.
 * - matched: one row, every field as expected (`truncated` lists the mapped columns that hold their value cut
 *   short, as the CDR backend cuts it: expected, so conforming, but shown);
 * - missing: no row although cdr.conf records such a call;
 * - duplicate: more than one row carries the call's key;
 * - mismatched: one row, but some field differs;
 * - not-recorded: no row, as cdr.conf says (e.g. `unanswered = no`); not a failure;
 * - unexpected-row: a row exists although cdr.conf says none should;
 * - not-verified: the run ended (interrupted, killed, or its rows unreadable) before its CDR rows were read;
 *   `callcheck verify <run-dir> --cdr <mysql-url>` gives the call a verdict.
 * - lost: no row, and the call ended while the CDR database was observed down (or before Asterisk wrote
 *   again after it): cdr_adaptive_odbc drops a row whose insert fails, without retry or spool;
 * - in-flight: no row, and the call was up when Asterisk was observed going down: a crashed PBX posts no
 *   CDR for the calls it was carrying;
 * - not-placed: no row, and the call was dialed while Asterisk was observed down: it never reached the PBX.
 * The last three are failures, told apart from an unexplained `missing` by what callcheck observed.
 */
export type CdrVerdict =
  | { kind: 'matched'; row: CdrRow; truncated?: FieldTruncation[] }
  | { kind: 'missing'; reason: string }
  | { kind: 'duplicate'; rows: CdrRow[] }
  | { kind: 'mismatched'; row: CdrRow; mismatches: FieldMismatch[] }
  | { kind: 'not-recorded'; reason: string }
  | { kind: 'unexpected-row'; row: CdrRow; reason: string }
  | { kind: 'not-verified'; reason: string }
  | { kind: 'lost'; reason: string; outage: Outage }
  | { kind: 'in-flight'; reason: string; outage: Outage }
  | { kind: 'not-placed'; reason: string; outage: Outage };

export type CdrVerdictKind = CdrVerdict['kind'];

/** A row whose key value no call of this run sent. */
export interface UnknownRow {
  key: string | null;
  row: CdrRow;
}

export interface CdrSummary {
  matched: number;
  missing: number;
  duplicate: number;
  mismatched: number;
  unknown: number;
  notRecorded: number;
  unexpected: number;
  /** Calls whose rows were never read (see the `not-verified` verdict); absent when there are none. */
  notVerified?: number;
  /** Absent in results written before faults were observed: 0. */
  lost?: number;
  inFlight?: number;
  notPlaced?: number;
}

export function isConforming(verdict: CdrVerdict): boolean {
  return verdict.kind === 'matched' || verdict.kind === 'not-recorded';
}
