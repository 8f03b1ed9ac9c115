import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserBuild } from '../contracts/browser-build.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { resolveBuild } from './browser-cache.ts';
import type { ResolvedBuild } from './resolved-build.ts';

export interface ResolvedMatrix {
  builds: ResolvedBuild[];
  /** Label of the baseline build. */
  baseline: string;
  rounds: number;
  seed: number;
}

/**
 * Finds every build of a scenario's browser matrix before anything starts: a build that is not on the
 * machine stops the run here (exit 3), two builds under one label or a baseline that names none of them
 * are scenario errors (exit 2).
 */
export function resolveMatrix(matrix: NonNullable<Scenario['matrix']>, resolve: (build: BrowserBuild) => ResolvedBuild = (b) => resolveBuild(b)): ResolvedMatrix {
  const builds = matrix.builds.map(resolve);
  const seen = new Map<string, number>();
  for (const [i, build] of builds.entries()) {
    const earlier = seen.get(build.label);
    if (earlier !== undefined) {
      throw new CallcheckError('INVALID_SCENARIO', `matrix.builds[${earlier}] and matrix.builds[${i}] are both labelled "${build.label}": every build needs a label of its own`, {
        hint: `give one of them a label, e.g. { ...; label: '${build.label}-b' }`,
      });
    }
    seen.set(build.label, i);
  }
  const baseline = matrix.baseline ?? (builds[0] as ResolvedBuild).label;
  if (!seen.has(baseline)) {
    throw new CallcheckError('INVALID_SCENARIO', `matrix.baseline "${baseline}" is not the label of any build (${builds.map((b) => b.label).join(', ')})`, {
      hint: 'set matrix.baseline to one of those labels, or leave it out to compare with the first build',
    });
  }
  return { builds, baseline, rounds: matrix.rounds, seed: matrix.seed };
}
