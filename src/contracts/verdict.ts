import { z } from 'zod';
import { cdrRowSchema } from './cdr-row.ts';
import { outageSchema } from './observations.ts';

/** One field of a CDR row that did not hold what the call implies. */
export const fieldMismatchSchema = z.object({
  field: z.string(),
  expected: z.string(),
  received: z.string().nullable(),
  /** Why the expectation holds, e.g. "billsec is the measured talk time within 1 s". */
  rule: z.string(),
});
export type FieldMismatch = z.infer<typeof fieldMismatchSchema>;

const valueLength = z.object({ characters: z.number().int(), bytes: z.number().int() });

/**
 * A mapped column that holds the value the call sent cut short, exactly as Asterisk's cdr_adaptive_odbc cuts
 * it (see src/logic/verify/column-expectation.ts): the row conforms, but the column is not what the call sent.
 */
export const fieldTruncationSchema = z.object({
  field: z.string(),
  /** The header the value came from. */
  header: z.string(),
  sent: z.string(),
  stored: z.string(),
  /** Length of the value sent and of the value stored. */
  from: valueLength,
  to: valueLength,
  /** Why the value was cut, e.g. "cdr_adaptive_odbc reads a CDR variable into a 1024-byte buffer". */
  cause: z.string(),
});
export type FieldTruncation = z.infer<typeof fieldTruncationSchema>;

/**
 * The CDR verdict of one call: exactly one per placed call.
 * - matched: one row, every field as expected (`truncated` lists the mapped columns that hold their value cut
 *   short, as the CDR backend cuts it: expected, so conforming, but shown);
 * - missing: no row although cdr.conf records such a call;
 * - duplicate: more than one row carries the call's key, from different channels (uniqueid). Rows of the call's
 *   one channel are its stages, not duplicates: a dialplan that goes on after a Dial nobody answered gets a
 *   row for the Dial and one for what follows (Asterisk's CDR engine writes one per stage); the first that
 *   carries the key is verified, the channel's other rows (with the key or without) are `otherStages` of a
 *   matched or mismatched verdict;
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
 * - key-not-stored: no row carries the call's key, but a row of the same agent to the same number has the key
 *   column empty: the call's row, written without the id (the dialplan lost the header on the way to the
 *   CDR). A failure; the row is the call's, so it is not also an unknown row.
 */
export const cdrVerdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matched'), row: cdrRowSchema, truncated: z.array(fieldTruncationSchema).optional(), otherStages: z.array(cdrRowSchema).optional() }),
  z.object({ kind: z.literal('missing'), reason: z.string() }),
  z.object({ kind: z.literal('duplicate'), rows: z.array(cdrRowSchema) }),
  z.object({ kind: z.literal('mismatched'), row: cdrRowSchema, mismatches: z.array(fieldMismatchSchema), otherStages: z.array(cdrRowSchema).optional() }),
  z.object({ kind: z.literal('not-recorded'), reason: z.string() }),
  z.object({ kind: z.literal('unexpected-row'), row: cdrRowSchema, reason: z.string() }),
  z.object({ kind: z.literal('not-verified'), reason: z.string() }),
  z.object({ kind: z.literal('lost'), reason: z.string(), outage: outageSchema }),
  z.object({ kind: z.literal('in-flight'), reason: z.string(), outage: outageSchema }),
  z.object({ kind: z.literal('not-placed'), reason: z.string(), outage: outageSchema }),
  z.object({ kind: z.literal('key-not-stored'), row: cdrRowSchema, reason: z.string() }),
]);
export type CdrVerdict = z.infer<typeof cdrVerdictSchema>;

export type CdrVerdictKind = CdrVerdict['kind'];

/** Every verdict kind, in the order the docs list them. */
export const CDR_VERDICT_KINDS = cdrVerdictSchema.options.map((o) => o.shape.kind.value) as readonly CdrVerdictKind[];

/** A row whose key value no call of this run sent. */
export const unknownRowSchema = z.object({
  key: z.string().nullable(),
  row: cdrRowSchema,
});
export type UnknownRow = z.infer<typeof unknownRowSchema>;

export const cdrSummarySchema = z.object({
  matched: z.number().int(),
  missing: z.number().int(),
  duplicate: z.number().int(),
  mismatched: z.number().int(),
  unknown: z.number().int(),
  notRecorded: z.number().int(),
  unexpected: z.number().int(),
  /** Calls whose rows were never read (see the `not-verified` verdict); absent when there are none. */
  notVerified: z.number().int().optional(),
  /** Absent in results written before faults were observed: 0. */
  lost: z.number().int().optional(),
  inFlight: z.number().int().optional(),
  notPlaced: z.number().int().optional(),
  /** Calls whose row was written without the key (see `key-not-stored`); absent when there are none. */
  keyNotStored: z.number().int().optional(),
});
export type CdrSummary = z.infer<typeof cdrSummarySchema>;

export function isConforming(verdict: CdrVerdict): boolean {
  return verdict.kind === 'matched' || verdict.kind === 'not-recorded';
}
