import { CALL_OUTCOMES, type PlannedOutcome } from '../contracts/scenario.ts';

/**
 * Assigns outcomes to calls in proportion to their weights, spread evenly through the run
 * (smooth weighted round-robin), so a short run still sees every outcome that has a weight and the
 * assignment is the same every time.
 */
export function assignOutcomes(weights: Readonly<Record<PlannedOutcome, number>>, count: number): PlannedOutcome[] {
  const total = CALL_OUTCOMES.reduce((sum, o) => sum + weights[o], 0);
  if (!(total > 0)) throw new RangeError('outcome weights must add up to more than 0');
  const credit: Record<PlannedOutcome, number> = { answer: 0, busy: 0, 'no-answer': 0, congestion: 0 };
  const out: PlannedOutcome[] = [];
  for (let i = 0; i < count; i++) {
    let best: PlannedOutcome = 'answer';
    let bestCredit = -Infinity;
    for (const o of CALL_OUTCOMES) {
      credit[o] += weights[o];
      if (weights[o] > 0 && credit[o] > bestCredit) {
        best = o;
        bestCredit = credit[o];
      }
    }
    credit[best] -= total;
    out.push(best);
  }
  return out;
}
