import type { BuildComparison } from '../../contracts/comparison.ts';

/**
 * A comparison in a few plain lines for a terminal or a CI log: the summary, then one line per phase
 * that changed significantly (the rest are summed up in the summary).
 */
export function comparisonLines(comparison: BuildComparison): string[] {
  const changed = comparison.phases.filter((p) => p.change === 'slower' || p.change === 'faster');
  return [comparison.summary, ...changed.map((p) => `  ${p.sentence}`)];
}
