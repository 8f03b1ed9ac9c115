import { join, resolve } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import type { RunResults } from '../contracts/results.ts';
import { compareBuilds } from '../logic/compare/compare-builds.ts';
import { compareConformance } from '../logic/compare/compare-conformance.ts';
import { writeFileAtomic } from '../run-dir/atomic-write.ts';
import { renderComparisonHtml } from '../report/html/comparison-html.ts';
import { COMPARISON_HTML_FILE, COMPARISON_JSON_FILE, COMPARISON_SCHEMA_VERSION, renderComparisonJson, type ComparedSide, type ComparisonReport } from '../report/comparison-report.ts';
import { runBuilds, type RunBuild } from '../report/run-builds.ts';
import { readRunResults } from '../run-dir/read-run.ts';
import { callcheckVersion } from '../host/package-info.ts';

export interface CompareRunsOptions {
  baselineDir: string;
  candidateDir: string;
  /** The baseline run's build to compare. Default: the run's only build. */
  baselineBuild?: string;
  /** The candidate run's build to compare. Default: the run's only build. */
  candidateBuild?: string;
  /** Where comparison.json and comparison.html go. Default `<reportsDir>/compare-<baseline id>-vs-<candidate id>`. */
  outDir?: string;
  /** Default `reports`. */
  reportsDir?: string;
  /** Seed of the bootstrap's random numbers: the same runs and seed give the same comparison. Default 1. */
  seed?: number;
}

export interface CompareRunsOutcome {
  outDir: string;
  report: ComparisonReport;
  jsonPath: string;
  htmlPath: string;
}

/**
 * `callcheck compare`: one build's calls from each of two runs, made at different times (last week's
 * Chromium against today's), compared phase by phase as a browser matrix compares its builds (answered
 * calls only, the same statistics), and call by call for their CDR verdicts (the same scenario on two
 * configurations of Asterisk); written as comparison.json and comparison.html.
 */
export async function compareRuns(options: CompareRunsOptions): Promise<CompareRunsOutcome> {
  const [baselineRun, candidateRun] = await Promise.all([
    readRunResults(options.baselineDir, 'baseline run'),
    readRunResults(options.candidateDir, 'candidate run'),
  ]);
  const baseline = pickBuild(baselineRun, options.baselineDir, 'baseline', options.baselineBuild);
  const candidate = pickBuild(candidateRun, options.candidateDir, 'candidate', options.candidateBuild);
  const comparison = compareBuilds({
    baseline: { ref: baseline.ref, calls: answered(baseline) },
    candidate: { ref: candidate.ref, calls: answered(candidate) },
    seed: options.seed ?? 1,
  });
  const report: ComparisonReport = {
    kind: 'callcheck-comparison',
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    callcheckVersion: callcheckVersion(),
    baseline: side(options.baselineDir, baselineRun, baseline),
    candidate: side(options.candidateDir, candidateRun, candidate),
    comparison,
    conformance: compareConformance(baseline.calls, candidate.calls, keyColumnOf(baselineRun)),
  };
  const outDir = resolve(options.outDir ?? join(options.reportsDir ?? 'reports', defaultDirName(baselineRun, baseline, candidateRun, candidate)));
  const jsonPath = join(outDir, COMPARISON_JSON_FILE);
  const htmlPath = join(outDir, COMPARISON_HTML_FILE);
  await writeFileAtomic(jsonPath, renderComparisonJson(report));
  await writeFileAtomic(htmlPath, renderComparisonHtml(report, { baseline, candidate }));
  return { outDir, report, jsonPath, htmlPath };
}

/** The build whose calls a side compares: the one asked for, else the run's only one. */
export function pickBuild(results: RunResults, dir: string, role: 'baseline' | 'candidate', label: string | undefined): RunBuild {
  const builds = runBuilds(results);
  const option = `--${role}-build`;
  const listed = builds.map((b) => `${b.label} (${b.calls.length} ${b.calls.length === 1 ? 'call' : 'calls'})`).join(', ');
  if (label !== undefined) {
    const found = builds.find((b) => b.label === label);
    if (found !== undefined) return found;
    throw new CallcheckError('INVALID_ARGUMENTS', `${option} ${label}: ${role} run ${dir} has no build ${label}; its builds: ${listed || 'none'}`, {
      hint: builds.length === 0 ? `${dir} placed no call, so there is nothing to compare: pass another run` : `pass one of them, e.g. ${option} ${builds[0]?.label ?? ''}`,
    });
  }
  const [only, ...others] = builds;
  if (only === undefined) {
    throw new CallcheckError('INVALID_ARGUMENTS', `${role} run ${dir} placed no call, so it has no build to compare`, { hint: 'pass a run that placed calls' });
  }
  if (others.length > 0) {
    throw new CallcheckError('INVALID_ARGUMENTS', `${role} run ${dir} has ${builds.length} builds (${listed}); a comparison takes one build from each run`, {
      hint: `choose one with ${option}, e.g. ${option} ${only.label}`,
    });
  }
  return only;
}

function answered(build: RunBuild): RunBuild['calls'] {
  return build.calls.filter((c) => c.outcome === 'answered');
}

function side(dir: string, results: RunResults, build: RunBuild): ComparedSide {
  return {
    dir,
    runId: results.run.id,
    scenario: results.run.scenario,
    startedAt: results.run.startedAt,
    build: build.ref,
    calls: build.calls.length,
    answered: answered(build).length,
    ...(results.stack.userConfig ? { configuration: results.stack.userConfig.folders } : {}),
    asteriskVersion: results.stack.asteriskVersion,
  };
}

/** The CDR column calls are matched on. */
function keyColumnOf(results: RunResults): string {
  return results.stack.headerMap[results.stack.keyHeader] ?? results.stack.keyHeader;
}

/**
 * `compare-<baseline id>-vs-<candidate id>`, with the build labels too when both sides come from one run
 * (two builds of one matrix run). Ids and labels come from files anyone can edit, so only characters
 * that cannot leave the reports directory are kept.
 */
function defaultDirName(baselineRun: RunResults, baseline: RunBuild, candidateRun: RunResults, candidate: RunBuild): string {
  const sameRun = baselineRun.run.id === candidateRun.run.id;
  const name = (results: RunResults, build: RunBuild) => (sameRun ? `${results.run.id}-${build.label}` : results.run.id);
  return `compare-${name(baselineRun, baseline)}-vs-${name(candidateRun, candidate)}`.replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.\.+/g, '_');
}
