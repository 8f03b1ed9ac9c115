import type { ConformanceComparison } from '../../contracts/comparison.ts';
import type { VerifiedCall } from '../../contracts/results.ts';
import { isConforming, type CdrVerdict } from '../../contracts/verdict.ts';

/** What a call's CDR verdict says of its key column, in a few words: `crm_id stored`, `crm_id empty`, `no row (missing)`. */
export function keyStatement(verdict: CdrVerdict, keyColumn: string): string {
  switch (verdict.kind) {
    case 'matched':
      return `${keyColumn} stored`;
    case 'key-not-stored':
      return `${keyColumn} empty`;
    case 'mismatched':
      return `${keyColumn} stored, row differs in ${verdict.mismatches.map((m) => m.field).join(', ')}`;
    case 'duplicate':
      return `${verdict.rows.length} rows`;
    case 'not-recorded':
      return 'no row, as cdr.conf says';
    case 'unexpected-row':
      return 'a row where none was expected';
    case 'not-verified':
      return 'not verified';
    default:
      return `no row (${verdict.kind})`;
  }
}

/**
 * The same planned calls of two runs (the same scenario on two configurations, or two Asterisks), paired by
 * their index, which fixes the number dialed and the outcome planned: every pair whose CDR verdict says
 * something else of the key, e.g. "crm_id stored" on the baseline and "crm_id empty" on the candidate.
 * Calls only one run placed are counted, not compared.
 */
export function compareConformance(baseline: readonly VerifiedCall[], candidate: readonly VerifiedCall[], keyColumn: string): ConformanceComparison {
  const byIndex = new Map(candidate.map((c) => [c.index, c]));
  const paired = baseline.filter((c) => byIndex.has(c.index));
  const differing = paired.flatMap((b) => {
    const c = byIndex.get(b.index) as VerifiedCall;
    const before = keyStatement(b.cdr, keyColumn);
    const after = keyStatement(c.cdr, keyColumn);
    if (before === after && isConforming(b.cdr) === isConforming(c.cdr)) return [];
    return [{ index: b.index, dialed: b.dialed, plannedOutcome: b.plannedOutcome, baseline: before, candidate: after, baselineConforms: isConforming(b.cdr), candidateConforms: isConforming(c.cdr) }];
  });
  return {
    keyColumn,
    paired: paired.length,
    baselineOnly: baseline.length - paired.length,
    candidateOnly: candidate.length - paired.length,
    baselineConforming: paired.filter((c) => isConforming(c.cdr)).length,
    candidateConforming: paired.filter((c) => isConforming((byIndex.get(c.index) as VerifiedCall).cdr)).length,
    differing,
  };
}
