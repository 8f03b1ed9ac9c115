import type { CdrRow } from './cdr-row.ts';

/** One field of a CDR row that did not hold what the call implies. */
export interface FieldMismatch {
  field: string;
  expected: string;
  received: string | null;
  /** Why the expectation holds, e.g. "billsec is the measured talk time within 1 s". */
  rule: string;
}

/**
 * The CDR verdict of one call: exactly one per placed call.
 * - matched: one row, every field as expected;
 * - missing: no row although cdr.conf records such a call;
 * - duplicate: more than one row carries the call's key;
 * - mismatched: one row, but some field differs;
 * - not-recorded: no row, as cdr.conf says (e.g. `unanswered = no`); not a failure;
 * - unexpected-row: a row exists although cdr.conf says none should;
 * - not-verified: the run ended (interrupted, killed, or its rows unreadable) before its CDR rows were read;
 *   `callcheck verify <run-dir> --cdr <mysql-url>` gives the call a verdict.
 */
export type CdrVerdict =
  | { kind: 'matched'; row: CdrRow }
  | { kind: 'missing'; reason: string }
  | { kind: 'duplicate'; rows: CdrRow[] }
  | { kind: 'mismatched'; row: CdrRow; mismatches: FieldMismatch[] }
  | { kind: 'not-recorded'; reason: string }
  | { kind: 'unexpected-row'; row: CdrRow; reason: string }
  | { kind: 'not-verified'; reason: string };

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
}

export function isConforming(verdict: CdrVerdict): boolean {
  return verdict.kind === 'matched' || verdict.kind === 'not-recorded';
}
