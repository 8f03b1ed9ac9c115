import type { CallRecord } from '../../contracts/call-record.ts';
import type { BuildRef } from '../../contracts/comparison.ts';
import type { BrowserInfo, MatrixSummary } from '../../contracts/results.ts';
import { compareBuilds } from './compare-builds.ts';

export interface MatrixSummaryInput {
  /** Build labels in the scenario's order. */
  builds: readonly string[];
  baseline: string;
  order: readonly (readonly string[])[];
  calls: readonly Pick<CallRecord, 'build' | 'outcome' | 'timeline'>[];
  browsers: readonly BrowserInfo[];
  runId: string;
  /** Seed of the bootstrap's random numbers (the scenario's `matrix.seed`). */
  seed: number;
}

/** How the verdict names a build: its label, engine and the exact version its first browser reported. */
export function buildRef(label: string, browsers: readonly BrowserInfo[], runId: string): BuildRef {
  const info = browsers.find((b) => b.build === label);
  if (!info) throw new Error(`no browser of build ${label} in the run`);
  return { build: label, engine: info.engine ?? 'chromium', name: info.name, version: info.version, runId };
}

/**
 * Every candidate build against the baseline. Latency is compared over answered calls only: a busy or
 * unanswered call has no answer, media or audio phases, and its INVITE phases measure the simulated
 * customer's choice, not the browser.
 */
export function matrixSummary(input: MatrixSummaryInput): MatrixSummary {
  const answeredOf = (label: string) => input.calls.filter((c) => c.build === label && c.outcome === 'answered');
  const baseline = { ref: buildRef(input.baseline, input.browsers, input.runId), calls: answeredOf(input.baseline) };
  return {
    builds: [...input.builds],
    baseline: input.baseline,
    rounds: input.order.map((r) => [...r]),
    seed: input.seed,
    comparisons: input.builds
      .filter((label) => label !== input.baseline)
      .map((label) => compareBuilds({ baseline, candidate: { ref: buildRef(label, input.browsers, input.runId), calls: answeredOf(label) }, seed: input.seed })),
  };
}
