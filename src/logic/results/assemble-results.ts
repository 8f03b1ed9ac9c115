import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRowsSnapshot } from '../../contracts/cdr-row.ts';
import { agentsNeeded } from '../../contracts/executor-config.ts';
import { RESULTS_SCHEMA_VERSION, type LoadSummary, type RebuiltResults, type RunResults, type RunSummary, type StackInfo, type VerifiedCall } from '../../contracts/results.ts';
import type { RunEvent } from '../../contracts/run-events.ts';
import type { RunManifest } from '../../contracts/run-manifest.ts';
import { isConforming, type CdrVerdict, type UnknownRow } from '../../contracts/verdict.ts';
import { matrixSummary } from '../compare/matrix-summary.ts';
import { callFailed } from '../plan/customer-outcomes.ts';
import { parseThresholds } from '../thresholds/threshold-parser.ts';
import { cdrDelayStats } from '../verify/cdr-delay.ts';
import { outagesFrom } from '../verify/outages.ts';
import { summarise, verifyCdr, type VerifyResult } from '../verify/verify-cdr.ts';
import { withThresholds } from '../thresholds/threshold-evaluation.ts';
import { phaseStats } from './phases.ts';

/** What a run kept, as its run directory holds it (or as a merge joins its shards'): everything its results are assembled from. */
export interface RunRecord {
  manifest: RunManifest;
  /** The calls that ended, in any order. */
  calls: readonly CallRecord[];
  /** What the run observed of the system under test (events.jsonl). */
  events?: readonly RunEvent[];
  /** The CDR rows to verify against and where they came from; absent: none were ever read. */
  rows?: CdrRowsSnapshot;
}

/** The run's summary from its verified calls and unknown rows. A run with no call placed never conforms. */
export function summariseRun(calls: readonly VerifiedCall[], unknownRows: readonly UnknownRow[]): RunSummary {
  const failed = calls.filter(callFailed).length;
  return {
    placed: calls.length,
    answered: calls.filter((c) => c.outcome === 'answered').length,
    failed,
    cdr: summarise(calls.map((c) => c.cdr), unknownRows.length),
    conforms: calls.length > 0 && failed === 0 && unknownRows.length === 0 && calls.every((c) => isConforming(c.cdr)),
  };
}

/** What results.json says of a system under test the run never saw start. */
const NOT_STARTED = 'unknown: the run stopped before it was up';

/**
 * results.json of a run, from what it kept: the one path by which `callcheck run`, `report`, `verify` and
 * `merge` write their results. The calls are verified against the rows (outages the run observed telling
 * lost rows from unexplained ones), or get the verdict `not-verified` when no rows were ever read; then
 * come the phases, the load, what was observed, the browser matrix's verdict and the thresholds, all
 * drawn again over these calls. A run whose manifest records no normal finish is marked interrupted, and
 * killed when it recorded no end at all. `rebuilt` is set when the results are written again after the run.
 */
export function assembleResults(record: RunRecord, rebuilt?: RebuiltResults): RunResults {
  const { manifest } = record;
  // In the order they were placed; calls.jsonl has them in the order they ended.
  const calls = [...record.calls].sort((a, b) => a.index - b.index);
  const events = [...(record.events ?? [])];
  const ended = manifest.ended;
  const lastEnd = Math.max(...calls.map((c) => c.timeline.ended ?? 0), Date.parse(manifest.run.startedAt));
  const finishedAt = ended?.at ?? new Date(lastEnd).toISOString();
  const verification = record.rows
    ? verifyCdr({ calls, rows: record.rows.rows, ...manifest.settings, outages: outagesFrom(events), ...(record.rows.trace ? { trace: record.rows.trace } : {}) })
    : notVerified(calls, whyNotVerified(manifest));
  const delays = manifest.observation?.cdrRowDelays;
  const verified: VerifiedCall[] = calls.map((call) => {
    const cdr = verification.verdicts.get(call.id);
    if (!cdr) throw new Error(`call ${call.id} has no CDR verdict`);
    const delay = delays?.byCall[call.id];
    return delay === undefined ? { ...call, cdr } : { ...call, cdr, cdrRowDelayMs: delay };
  });
  const load = manifest.loadSummary ?? loadOf(manifest, calls, lastEnd);
  const observed = manifest.observation !== undefined || events.length > 0;
  const summary = summariseRun(verified, verification.unknownRows);
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      ...manifest.run,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(manifest.run.startedAt),
      ...(ended?.how === 'finished' ? {} : { interrupted: true }),
      ...(ended === undefined ? { killed: true } : {}),
    },
    stack: manifest.stack ?? placeholderStack(manifest),
    browsers: manifest.browsers,
    calls: verified,
    unknownRows: verification.unknownRows,
    phases: phaseStats(verified),
    verification: manifest.settings,
    load,
    ...(observed
      ? { observations: { events, outages: verification.outages, ...(delays ? { cdrDelay: cdrDelayStats(Object.values(delays.byCall), delays.pollMs) } : {}) } }
      : {}),
    summary: manifest.stoppedEarly ? { ...summary, stoppedEarly: manifest.stoppedEarly } : summary,
    ...(manifest.matrix
      ? { matrix: matrixSummary({ ...manifest.matrix, order: manifest.matrix.rounds, calls: verified, browsers: manifest.browsers, runId: manifest.run.id }) }
      : {}),
    ...(manifest.cleanup ? { cleanup: manifest.cleanup } : {}),
    ...(rebuilt ? { rebuilt } : {}),
  };
  const definitions = manifest.thresholdDefinitions;
  if (definitions === undefined) return results;
  return withThresholds({ ...results, thresholdDefinitions: definitions }, parseThresholds(definitions), load.durationMs / 1000, manifest.stoppedEarly?.reason === 'abort-on-fail');
}

function whyNotVerified(manifest: RunManifest): string {
  switch (manifest.ended?.how) {
    case undefined:
      return 'the run was killed before its CDR rows were read';
    case 'interrupted':
      return 'the run was interrupted before its CDR rows were read';
    default:
      return 'the run ended before its CDR rows were read (see the reason it printed)';
  }
}

/** Every call `not-verified`: the verdict of calls whose rows were never read. */
function notVerified(calls: readonly CallRecord[], reason: string): VerifyResult {
  const verdicts = new Map<string, CdrVerdict>(calls.map((c) => [c.id, { kind: 'not-verified', reason }]));
  return { verdicts, unknownRows: [], summary: summarise([...verdicts.values()], 0), outages: [] };
}

/**
 * What the load did, from the calls alone, for a run that stopped before it could say: calls per load
 * scenario; drops and pages were not kept (0).
 */
function loadOf(manifest: RunManifest, calls: readonly CallRecord[], lastEnd: number): LoadSummary {
  const builds = manifest.matrix?.builds.length ?? 1;
  return {
    scenarios: Object.entries(manifest.load).map(([name, config]) => ({
      name,
      executor: config.executor,
      agents: agentsNeeded(config) * builds,
      iterations: calls.filter((c) => c.loadScenario === name).length,
      dropped: 0,
    })),
    durationMs: manifest.loadStartedAt === undefined ? 0 : Math.max(0, Math.round(lastEnd - manifest.loadStartedAt)),
    pages: 0,
    recycledPages: 0,
  };
}

function placeholderStack(manifest: RunManifest): StackInfo {
  return {
    asteriskVersion: NOT_STARTED,
    cdrImage: NOT_STARTED,
    cdrServerVersion: NOT_STARTED,
    cdrTable: manifest.cdrTable,
    headerMap: Object.fromEntries(manifest.settings.mappings.map((m) => [m.header, m.column])),
    keyHeader: manifest.settings.key.header,
  };
}
