import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { callcheckVersion } from '../host/package-info.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import type { HeaderValueSource } from '../logic/plan/call-plan.ts';
import { configureTestcontainers } from '../stack/container-runtime.ts';
import { loadHeaderValues } from '../run/load-header-values.ts';
import { loadScenario } from '../run/load-scenario.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { mergeRuns } from '../run/merge-runs.ts';
import { reportRun } from '../run/report-run-directory.ts';
import { verifyRun } from '../run/verify-run.ts';
import { parseMaxFailures, parsePort, parseShard } from './cli-options.ts';
import { runConformance } from '../run/run-conformance.ts';
import { printSummary } from '../report/text/print-summary.ts';
import type { RunResults } from '../contracts/results.ts';
import { exitCause } from '../report/text/exit-cause.ts';
import { compareCommand } from './compare-command.ts';
import { setupHost } from './setup-command.ts';
import { showReport } from './show-report-command.ts';
import { USAGE } from './usage.ts';

function usageError(message: string): CallcheckError {
  return new CallcheckError('INVALID_ARGUMENTS', message, { hint: 'see callcheck --help' });
}

async function run(argv: string[], signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'header-values': { type: 'string' },
        'reports-dir': { type: 'string' },
        shard: { type: 'string' },
        'max-failures': { type: 'string' },
        out: { type: 'string' },
        'baseline-build': { type: 'string' },
        'candidate-build': { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
        cdr: { type: 'string' },
        'cdr-image': { type: 'string' },
        'cdr-ca': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return ExitCode.Ok;
  }
  if (values.version) {
    process.stdout.write(`${callcheckVersion()}\n`);
    return ExitCode.Ok;
  }
  const [command, file, ...rest] = positionals;
  if (command === 'merge') {
    if (values.out === undefined) throw usageError('merge needs --out DIR, the directory the merged run is written to');
    const outcome = await mergeRuns(positionals.slice(1), values.out);
    return finish(outcome.results, relative(process.cwd(), outcome.runDir) || outcome.runDir, outcome.exitCode);
  }
  if (command === 'compare') {
    return compareCommand({ positionals: positionals.slice(1), out: values.out, reportsDir: values['reports-dir'], baselineBuild: values['baseline-build'], candidateBuild: values['candidate-build'], seed: values.seed });
  }
  if (command === 'show-report') {
    if (rest.length > 0) throw usageError(`show-report takes one report directory; unexpected: ${rest.join(' ')}`);
    return showReport({ dir: file, reportsDir: values['reports-dir'], port: parsePort(values.port), signal });
  }
  if (command === 'report' || command === 'verify') return keptRunCommand(command, file, rest, values.cdr, values['cdr-ca']);
  if (command === 'setup') {
    if (file !== undefined) throw usageError(`setup takes no arguments; unexpected: ${[file, ...rest].join(' ')}`);
    return setupHost(signal);
  }
  if (command !== 'run') throw usageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  if (file === undefined) throw usageError('run needs a scenario file, e.g. callcheck run scenarios/smoke.ts');
  if (rest.length > 0) throw usageError(`unexpected arguments: ${rest.join(' ')}`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const maxFailures = values['max-failures'] === undefined ? undefined : parseMaxFailures(values['max-failures']);

  const scenario = withCdrImage(await loadScenario(file), values['cdr-image']);
  const headerValues: HeaderValueSource = values['header-values']
    ? { kind: 'rows', file: values['header-values'], rows: await loadHeaderValues(values['header-values']) }
    : scenario.headerValues === 'generated'
      ? { kind: 'generated' }
      : { kind: 'function', fn: scenario.headerValues };
  configureTestcontainers();
  const outcome = await runConformance({ scenario, scenarioFile: file, headerValues, reportsDir: values['reports-dir'], signal, ...(shard ? { shard } : {}), ...(maxFailures ? { maxFailures } : {}) });
  return finish(outcome.results, relative(process.cwd(), outcome.runDir) || outcome.runDir, outcome.exitCode);
}

/** The scenario with `--cdr-image` in place of its `cdr.image`: the same calls on another database server. */
function withCdrImage(scenario: Scenario, image: string | undefined): Scenario {
  if (image === undefined) return scenario;
  if (image.trim() === '') throw usageError('--cdr-image needs an image name, e.g. --cdr-image callcheck/cdr-mariadb:local');
  if (scenario.pbx !== undefined) throw usageError('--cdr-image picks the database of the stack callcheck starts; this scenario names its own PBX (pbx), whose database is pbx.cdrUrl');
  return { ...scenario, cdr: { ...scenario.cdr, image } };
}

/** The summary on stdout; for exit 1 or 99, the one-line cause and what to do on stderr. */
function finish(results: RunResults, runDir: string, exitCode: number): number {
  printSummary(results, runDir);
  const why = exitCause(results, `${runDir}/index.html`);
  if (why) {
    process.stderr.write(`callcheck: ${why.cause}\n`);
    process.stderr.write(`  what to do: ${why.hint}\n`);
  }
  return exitCode;
}

/** `callcheck report <run-dir>` and `callcheck verify <run-dir> [--cdr URL]`: the run's reports written again from what it kept. */
async function keptRunCommand(command: 'report' | 'verify', dir: string | undefined, rest: string[], cdrUrl: string | undefined, cdrCaFile: string | undefined): Promise<number> {
  if (dir === undefined) throw usageError(`${command} needs a run directory, e.g. callcheck ${command} reports/20261126-075401-2770`);
  if (rest.length > 0) throw usageError(`${command} takes one run directory; unexpected: ${rest.join(' ')}`);
  if (command === 'report' && cdrUrl !== undefined) throw usageError('report reads no database: to check the calls against one, use callcheck verify <run-dir> --cdr URL');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (cdrCaFile !== undefined && (command === 'report' || cdrUrl === undefined)) throw usageError('--cdr-ca goes with verify --cdr URL: it is the CA of that database\'s certificate');
  const outcome = command === 'report' ? await reportRun(dir, { log }) : await verifyRun(dir, { ...(cdrUrl === undefined ? {} : { cdrUrl }), ...(cdrCaFile === undefined ? {} : { cdrCaFile }), log });
  printSummary(outcome.results, relative(process.cwd(), outcome.runDir) || outcome.runDir);
  return outcome.exitCode;
}

/** Entry point: maps every error to its exit code, with a one-line cause and what to do. */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let signals = 0;
  // Ctrl-C is how show-report is meant to end; it has no calls or containers to stop.
  const stopping = argv.includes('show-report') ? 'the report server' : 'calls, browsers and containers';
  const onSignal = (name: string) => {
    signals++;
    if (signals === 1) {
      // A notice, not the cause: the cause line (callcheck: ...) comes once everything is stopped.
      process.stderr.write(`\n${name} received: stopping ${stopping} (again to force)\n`);
      controller.abort();
    } else {
      process.stderr.write(`callcheck: ${name} again; exiting without cleanup\n`);
      process.exit(ExitCode.Interrupted);
    }
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  try {
    return await run(argv, controller.signal);
  } catch (thrown) {
    // A failure while cleaning up wraps the error that started it (as `suppressed`): that one says what went wrong.
    const error: unknown = thrown instanceof SuppressedError ? thrown.suppressed : thrown;
    const cleanupFailed = thrown instanceof SuppressedError ? `  cleaning up also failed: ${String(thrown.error)}\n` : '';
    if (error instanceof CallcheckError) {
      process.stderr.write(`callcheck: ${error.message}\n${cleanupFailed}`);
      if (error.hint) process.stderr.write(`  what to do: ${error.hint}\n`);
      return error.exitCode;
    }
    // One line of cause; where it happened only when asked for (CALLCHECK_DEBUG), for a bug report.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`callcheck: unexpected error: ${message.split('\n')[0]}\n${cleanupFailed}`);
    if (process.env['CALLCHECK_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.stderr.write('  what to do: this is a bug or an infrastructure failure; the run directory keeps what was observed (CALLCHECK_DEBUG=1 shows where it happened)\n');
    return controller.signal.aborted ? ExitCode.Interrupted : ExitCode.Infrastructure;
  }
}
