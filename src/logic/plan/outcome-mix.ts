import { CALL_OUTCOMES, type PlannedOutcome } from '../../contracts/scenario.ts';

/**
 * Gives each call in turn an outcome, in proportion to the weights and spread evenly through the run
 * (smooth weighted round-robin), so a short run still sees every outcome that has a weight and the
 * sequence is the same every time. One call at a time, for runs whose length is not known in advance.
 */
export class OutcomeMixer {
  private readonly weights: Readonly<Record<PlannedOutcome, number>>;
  private readonly total: number;
  private readonly credit = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<PlannedOutcome, number>;

  constructor(weights: Readonly<Record<PlannedOutcome, number>>) {
    this.total = CALL_OUTCOMES.reduce((sum, o) => sum + weights[o], 0);
    if (!(this.total > 0)) throw new RangeError('outcome weights must add up to more than 0');
    this.weights = weights;
  }

  next(): PlannedOutcome {
    let best: PlannedOutcome = 'answer';
    let bestCredit = -Infinity;
    for (const o of CALL_OUTCOMES) {
      this.credit[o] += this.weights[o];
      if (this.weights[o] > 0 && this.credit[o] > bestCredit) {
        best = o;
        bestCredit = this.credit[o];
      }
    }
    this.credit[best] -= this.total;
    return best;
  }
}

/** The outcomes of `count` calls, as OutcomeMixer deals them. */
export function assignOutcomes(weights: Readonly<Record<PlannedOutcome, number>>, count: number): PlannedOutcome[] {
  const mixer = new OutcomeMixer(weights);
  return Array.from({ length: count }, () => mixer.next());
}
