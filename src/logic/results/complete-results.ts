import type { MatrixSummary, RunResults } from '../../contracts/results.ts';
import type { ThresholdsOption } from '../../contracts/threshold-options.ts';
import { matrixSummary } from '../compare/matrix-summary.ts';
import { withThresholds } from './exit-code.ts';
import { parseThresholds } from '../thresholds/threshold-parser.ts';

export interface CompletionInput {
  /** The browser matrix as the run recorded it; its verdict is drawn again over `results.calls`. */
  matrix?: Pick<MatrixSummary, 'builds' | 'baseline' | 'rounds' | 'seed'>;
  /** The scenario's `options.thresholds` as written; evaluated again over `results.calls`. */
  thresholdDefinitions?: ThresholdsOption;
  /** The load's duration, the base of counters' per-second rates. */
  loadS: number;
  abortedByThreshold?: boolean;
}

/**
 * Adds to results built afresh from kept calls and rows (a merge, a rebuilt report, a verification run
 * again) what depends on all of them: the browser matrix's verdict and the thresholds.
 */
export function completeResults(built: RunResults, input: CompletionInput): RunResults {
  const { matrix, thresholdDefinitions: definitions } = input;
  const withMatrix = matrix
    ? {
        ...built,
        matrix: matrixSummary({ builds: matrix.builds, baseline: matrix.baseline, order: matrix.rounds, calls: built.calls, browsers: built.browsers, runId: built.run.id, seed: matrix.seed }),
      }
    : built;
  if (!definitions) return withMatrix;
  return withThresholds({ ...withMatrix, thresholdDefinitions: definitions }, parseThresholds(definitions), input.loadS, input.abortedByThreshold === true);
}
