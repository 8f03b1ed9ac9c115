import type { VerifiedCall } from '../contracts/results.ts';
import { reportVerdict, type ReportVerdict } from './call-conformance.ts';

/**
 * Display rank of each verdict: CDR defects first (a lost row before a doubled one before a wrong
 * one), then calls that went wrong in the agent, then the calls that are fine.
 */
const RANK: Record<ReportVerdict, number> = {
  missing: 0,
  lost: 0,
  'key-not-stored': 0,
  'in-flight': 4,
  'not-placed': 4,
  duplicate: 1,
  mismatched: 2,
  'unexpected-row': 3,
  'call-failed': 4,
  'call-interrupted': 4,
  'wrong-outcome': 4,
  'not-verified': 5,
  matched: 5,
  'not-recorded': 5,
};

/** Rank of the call in the verdict table; lower comes first. */
export function verdictRank(call: VerifiedCall): number {
  return RANK[reportVerdict(call)];
}

/** The calls in verdict-table order: by rank, then in the order they were placed. Does not mutate the input. */
export function orderForReport<T extends VerifiedCall>(calls: readonly T[]): T[] {
  return [...calls].sort((a, b) => verdictRank(a) - verdictRank(b) || a.index - b.index);
}
