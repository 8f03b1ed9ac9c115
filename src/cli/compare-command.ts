import { relative } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import { comparisonLines, conformanceLines } from '../report/text/print-summary.ts';
import { buildTitle } from '../report/run-builds.ts';
import { compareRuns, type CompareRunsOptions } from '../run/compare-runs.ts';

export interface CompareArguments {
  positionals: readonly string[];
  out?: string | undefined;
  reportsDir?: string | undefined;
  baselineBuild?: string | undefined;
  candidateBuild?: string | undefined;
  seed?: string | undefined;
}

/**
 * `callcheck compare <baseline-run> <candidate-run>`: writes the comparison and prints what a CI log
 * needs: which builds of which runs, the summary, each significant change, and where the page is.
 */
export async function compareCommand(args: CompareArguments, print: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): Promise<number> {
  const [baselineDir, candidateDir, ...rest] = args.positionals;
  const hint = 'e.g. callcheck compare reports/<last-week-run> reports/<todays-run>';
  if (baselineDir === undefined || candidateDir === undefined) throw new CallcheckError('INVALID_ARGUMENTS', 'compare needs two run directories: the baseline run, then the candidate run', { hint });
  if (rest.length > 0) throw new CallcheckError('INVALID_ARGUMENTS', `compare takes two run directories; unexpected: ${rest.join(' ')}`, { hint });
  const options: CompareRunsOptions = { baselineDir, candidateDir, seed: parseSeed(args.seed) };
  if (args.out !== undefined) options.outDir = args.out;
  if (args.reportsDir !== undefined) options.reportsDir = args.reportsDir;
  if (args.baselineBuild !== undefined) options.baselineBuild = args.baselineBuild;
  if (args.candidateBuild !== undefined) options.candidateBuild = args.candidateBuild;

  const outcome = await compareRuns(options);
  const { baseline, candidate } = outcome.report;
  print(`baseline:  ${buildTitle(baseline.build)}, run ${baseline.runId}, ${baseline.answered} answered calls`);
  print(`candidate: ${buildTitle(candidate.build)}, run ${candidate.runId}, ${candidate.answered} answered calls`);
  for (const line of comparisonLines(outcome.report.comparison)) print(line);
  for (const line of conformanceLines(outcome.report.conformance)) print(line);
  print(`comparison: ${relative(process.cwd(), outcome.htmlPath) || outcome.htmlPath}`);
  return ExitCode.Ok;
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) return 1;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed) || seed > 2 ** 31 - 1) {
    throw new CallcheckError('INVALID_ARGUMENTS', `--seed ${text}: expected a whole number from 0 to ${2 ** 31 - 1}`, { hint: 'leave it out for seed 1; the same seed and runs give the same comparison' });
  }
  return seed;
}
