import type { CdrVerdict } from '../contracts/verdict.ts';

/** One line on a CDR verdict that is not `matched`, for the step's reason. */
export function describeVerdict(verdict: CdrVerdict | undefined): string {
  if (!verdict) return 'no verdict';
  switch (verdict.kind) {
    case 'missing':
    case 'not-recorded':
    case 'unexpected-row':
    case 'not-verified':
    case 'lost':
    case 'in-flight':
    case 'not-placed':
    case 'key-not-stored':
      return `${verdict.kind}: ${verdict.reason}`;
    case 'mismatched':
      return `mismatched: ${verdict.mismatches.map((m) => `${m.field} expected ${String(m.expected)}, row has ${String(m.received)}`).join(', ')}`;
    case 'duplicate':
      return `duplicate: ${verdict.rows.length} rows`;
    case 'matched':
      return 'matched';
  }
}
