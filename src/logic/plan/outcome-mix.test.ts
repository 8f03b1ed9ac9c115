import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, type PlannedOutcome } from '../../contracts/scenario.ts';
import { assignOutcomes } from './outcome-mix.ts';

type Weights = Record<PlannedOutcome, number>;
const weights = (w: Partial<Weights>): Weights => ({ ...(Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Weights), ...w });

function counts(outcomes: readonly PlannedOutcome[]): Weights {
  const out = weights({});
  for (const o of outcomes) out[o]++;
  return out;
}

describe('assignOutcomes', () => {
  it('assigns exactly the proportions of the weights when the count divides evenly', () => {
    expect(counts(assignOutcomes(weights({ answer: 2, busy: 1, 'no-answer': 1 }), 40))).toEqual(weights({ answer: 20, busy: 10, 'no-answer': 10 }));
    expect(counts(assignOutcomes(weights({ answer: 0.5, busy: 0.25, 'no-answer': 0.125, congestion: 0.125 }), 16))).toEqual(
      weights({ answer: 8, busy: 4, 'no-answer': 2, congestion: 2 }),
    );
  });

  it('spreads outcomes through the run instead of grouping them', () => {
    expect(assignOutcomes(weights({ answer: 1, busy: 1 }), 6)).toEqual(['answer', 'busy', 'answer', 'busy', 'answer', 'busy']);
    expect(assignOutcomes(weights({ answer: 3, congestion: 1 }), 4)).toEqual(['answer', 'answer', 'congestion', 'answer']);
  });

  it('gives a short run every outcome that has a weight', () => {
    expect(new Set(assignOutcomes(weights({ answer: 1, busy: 1, 'no-answer': 1, congestion: 1 }), 4))).toEqual(
      new Set(['answer', 'busy', 'no-answer', 'congestion']),
    );
  });

  it('is deterministic', () => {
    const w = weights({ answer: 5, busy: 3, congestion: 2 });
    expect(assignOutcomes(w, 97)).toEqual(assignOutcomes(w, 97));
  });

  it('never chooses an outcome of weight 0, even when it is the only one declared first', () => {
    expect(assignOutcomes(weights({ busy: 1 }), 5)).toEqual(['busy', 'busy', 'busy', 'busy', 'busy']);
    expect(assignOutcomes(weights({ 'no-answer': 1, congestion: 3 }), 40)).not.toContain('answer');
    expect(assignOutcomes(weights({ 'no-answer': 1, congestion: 3 }), 40)).not.toContain('busy');
  });

  it('returns no outcome for no call and throws when the weights add up to 0', () => {
    expect(assignOutcomes(weights({ answer: 1 }), 0)).toEqual([]);
    expect(() => assignOutcomes(weights({}), 3)).toThrow(RangeError);
  });
});
