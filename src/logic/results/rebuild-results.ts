import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import { agentsNeeded } from '../../contracts/load-options.ts';
import type { LoadSummary, RebuiltResults, RunResults, StackInfo } from '../../contracts/results.ts';
import type { RunEvent } from '../../contracts/run-events.ts';
import type { RunManifest } from '../../contracts/run-manifest.ts';
import type { CdrVerdict } from '../../contracts/verdict.ts';
import { buildResults } from './build-results.ts';
import { completeResults } from './complete-results.ts';
import { outagesFrom } from '../verify/outages.ts';
import { summarise, verifyCdr, type VerifyResult } from '../verify/verify-cdr.ts';

export interface RebuildInput {
  manifest: RunManifest;
  /** The calls calls.jsonl kept. */
  calls: readonly CallRecord[];
  /** The CDR rows to verify against and where they came from; absent: none were ever read. */
  rows?: { rows: readonly CdrRow[]; source: string; readAt: string };
  /** What the run observed of the system under test (events.jsonl); absent: nothing. */
  events?: readonly RunEvent[];
  /** Who rebuilds; absent when the run itself writes the report of what it kept (interrupted). */
  by?: RebuiltResults['by'];
  /** When the rebuild happens (ISO). */
  at: string;
}

/** What results.json says of a system under test the run never saw start. */
const NOT_STARTED = 'unknown: the run stopped before it was up';

/**
 * results.json of a run, from what its directory kept: the manifest's settings, the calls that ended and,
 * when the run got as far as reading them (or they were read again), the CDR rows. Without rows every call
 * gets the verdict `not-verified`. A run whose manifest records no normal finish is marked interrupted, and
 * killed when it recorded no end at all.
 */
export function rebuildResults(input: RebuildInput): RunResults {
  const { manifest } = input;
  // In the order they were placed, as a run lists them; calls.jsonl has them in the order they ended.
  const calls = [...input.calls].sort((a, b) => a.index - b.index);
  const ended = manifest.ended;
  const interrupted = ended?.how !== 'finished';
  const lastEnd = Math.max(...calls.map((c) => c.timeline.ended ?? 0), Date.parse(manifest.run.startedAt));
  const finishedAt = ended?.at ?? new Date(lastEnd).toISOString();
  const events = [...(input.events ?? [])];
  // Rows lost in an outage the run observed are told apart from unexplained ones, as in the run itself.
  const verification = input.rows
    ? verifyCdr({ calls, rows: input.rows.rows, ...manifest.settings, outages: outagesFrom(events) })
    : notVerified(calls, whyNotVerified(manifest));
  const load = manifest.loadSummary ?? loadOf(manifest, calls, lastEnd);
  const built = buildResults({
    run: {
      ...manifest.run,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(manifest.run.startedAt),
      ...(interrupted ? { interrupted: true } : {}),
      ...(ended === undefined ? { killed: true } : {}),
    },
    stack: manifest.stack ?? placeholderStack(manifest),
    browsers: manifest.browsers,
    calls,
    settings: manifest.settings,
    verification,
    load,
    ...(events.length > 0 ? { observations: { events, outages: verification.outages } } : {}),
  });
  const { matrix, thresholdDefinitions } = manifest;
  const results = completeResults(built, { ...(matrix ? { matrix } : {}), ...(thresholdDefinitions ? { thresholdDefinitions } : {}), loadS: load.durationMs / 1000 });
  if (input.by === undefined) return results;
  const rebuilt: RebuiltResults = { by: input.by, at: input.at, ...(input.rows ? { cdrSource: input.rows.source, cdrReadAt: input.rows.readAt } : {}) };
  return { ...results, rebuilt };
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
export function notVerified(calls: readonly CallRecord[], reason: string): VerifyResult {
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
