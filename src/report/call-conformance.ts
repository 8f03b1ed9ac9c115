import { type CdrVerdictKind, isConforming } from '../contracts/verdict.ts';
import type { VerifiedCall } from '../contracts/results.ts';
import { callFailed } from '../logic/plan/customer-outcomes.ts';
import type { PlannedCall } from '../contracts/call-record.ts';

/**
 * What a report says about one call: the CDR verdict, except that a call the agent saw go wrong is a
 * failure of its own even when its CDR verdict conforms: it failed (transport error, timeout), was
 * interrupted, or ended otherwise than its dialed number asked for (`wrong-outcome`, e.g. busy when
 * the customer was to answer). The last uses the same rule as `summary.failed`, so the tables and
 * the summary counts agree.
 */
export type ReportVerdict = CdrVerdictKind | 'call-failed' | 'call-interrupted' | 'wrong-outcome';

/** The verdict a report shows for the call; a failing CDR verdict wins over the agent's outcome. */
export function reportVerdict(call: VerifiedCall): ReportVerdict {
  // A call whose rows were never read can still have gone wrong in the agent: that failure shows.
  if (!isConforming(call.cdr) && call.cdr.kind !== 'not-verified') return call.cdr.kind;
  if (call.outcome === 'failed') return 'call-failed';
  if (call.outcome === 'interrupted') return 'call-interrupted';
  if (callFailed(call)) return 'wrong-outcome';
  return call.cdr.kind;
}

/** Whether the call counts as a failure in the reports. */
export function isCallFailing(call: VerifiedCall): boolean {
  const verdict = reportVerdict(call);
  // A call whose rows were never read is not known to fail: the report says it is not verified instead.
  return verdict !== 'matched' && verdict !== 'not-recorded' && verdict !== 'not-verified';
}

/** The value the call sent in its key header, or undefined when it sent none. */
export function keyValueOf(call: PlannedCall, keyHeader: string): string | undefined {
  return call.headers[keyHeader];
}
