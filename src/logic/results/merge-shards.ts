import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow, CdrRowsSnapshot } from '../../contracts/cdr-row.ts';
import { CallcheckError } from '../../contracts/errors.ts';
import type { BrowserInfo, LoadSummary } from '../../contracts/results.ts';
import type { RunManifest } from '../../contracts/run-manifest.ts';
import type { RunRecord } from './assemble-results.ts';

/** One shard as read from its run directory, which got as far as reading its CDR rows. */
export interface ShardRecord {
  /** The directory as the user named it, for messages. */
  dir: string;
  manifest: RunManifest;
  calls: readonly CallRecord[];
  rows: CdrRowsSnapshot;
}

export interface MergeOptions {
  /** The shards' directories as the merged run records them (absolute). */
  mergedFrom: string[];
  /** The process that merges, and when: the merged run's `pid` and its rows' `readAt`. */
  pid: number;
  at: string;
}

const refuse = (message: string, hint: string) => new CallcheckError('INVALID_ARGUMENTS', message, { hint });

/**
 * Joins the shards of one split run into the record of one run: their calls, their CDR rows (a table read
 * by several shards counts once), and a manifest that says what the whole did. Refuses shards that cannot
 * belong together (another scenario, another header map, one call twice), so the merged verification
 * means what it says. The merged run is verified afresh, over all calls and all rows at once; it keeps no
 * load profile of its own (each shard's run.json has its part) and observed nothing itself.
 */
export function mergeShards(shards: readonly ShardRecord[], options: MergeOptions): Required<Omit<RunRecord, 'events'>> {
  const [first] = shards;
  if (!first || shards.length < 2) throw refuse(`merge needs at least two run directories, got ${shards.length}`, 'pass the run directory of every shard, e.g. callcheck merge reports/A reports/B --out reports/merged');
  const settingsOf = (m: RunManifest) => JSON.stringify(m.settings);
  const callOwner = new Map<string, string>();
  const calls: CallRecord[] = [];
  const rowsBySource = new Map<string, CdrRow[]>();
  const browsers: BrowserInfo[] = [];
  const agents: string[] = [];
  for (const shard of shards) {
    const { manifest } = shard;
    if (manifest.run.scenario !== first.manifest.run.scenario) {
      throw refuse(`${shard.dir} is a run of scenario "${manifest.run.scenario}", ${first.dir} of "${first.manifest.run.scenario}"`, 'merge only the shards of one scenario');
    }
    if (settingsOf(manifest) !== settingsOf(first.manifest)) {
      throw refuse(`${shard.dir} checked its CDR rows against another header map or cdr.conf policy than ${first.dir}`, 'merge only shards run from the same scenario file');
    }
    for (const call of shard.calls) {
      const owner = callOwner.get(call.id);
      if (owner) throw refuse(`call ${call.id} is in both ${owner} and ${shard.dir}`, 'were these shards of one run? Run each with its own --shard i/n');
      callOwner.set(call.id, shard.dir);
      calls.push(call);
    }
    // Shards that wrote into one CDR database read the same rows: those are kept once.
    if (!rowsBySource.has(shard.rows.source)) rowsBySource.set(shard.rows.source, shard.rows.rows);
    for (const b of manifest.browsers) if (!browsers.some((known) => known.id === b.id)) browsers.push(b);
    for (const a of manifest.agents) if (!agents.includes(a)) agents.push(a);
  }
  const earliest = (values: readonly (string | undefined)[]) => values.filter((v): v is string => v !== undefined).sort()[0];
  const startedAt = earliest(shards.map((s) => s.manifest.run.startedAt)) ?? first.manifest.run.startedAt;
  const finishedAt = shards.map((s) => s.manifest.ended?.at ?? s.manifest.run.startedAt).sort().at(-1) ?? startedAt;
  const starts = shards.map((s) => s.manifest.loadStartedAt).filter((t): t is number => t !== undefined);
  const { shard: _shard, ...run } = first.manifest.run;
  const load = mergeLoad(shards.map((s) => s.manifest.loadSummary));
  const { matrix, thresholdDefinitions } = first.manifest;
  const manifest: RunManifest = {
    schemaVersion: first.manifest.schemaVersion,
    run: { ...run, id: `${first.manifest.run.id}-merged`, startedAt, mergedFrom: options.mergedFrom },
    pid: options.pid,
    settings: first.manifest.settings,
    cdrTable: first.manifest.cdrTable,
    ...(first.manifest.stack ? { stack: first.manifest.stack } : {}),
    browsers,
    agents,
    load: {},
    ...(matrix ? { matrix } : {}),
    ...(thresholdDefinitions ? { thresholdDefinitions } : {}),
    ...(starts.length > 0 ? { loadStartedAt: Math.min(...starts) } : {}),
    ...(load ? { loadSummary: load } : {}),
    ended: { at: finishedAt, how: 'finished' },
  };
  return {
    manifest,
    calls: calls.sort((a, b) => a.index - b.index),
    rows: { source: `merged from ${shards.length} shards`, readAt: options.at, rows: [...rowsBySource.values()].flat() },
  };
}

/** The shards ran side by side: the load lasted as long as the longest shard's; agents, calls and drops add up. */
function mergeLoad(loads: readonly (LoadSummary | undefined)[]): LoadSummary | undefined {
  const present = loads.filter((l): l is LoadSummary => l !== undefined);
  if (present.length === 0) return undefined;
  const byName = new Map<string, LoadSummary['scenarios'][number]>();
  for (const load of present) {
    for (const s of load.scenarios) {
      const seen = byName.get(s.name);
      if (seen) byName.set(s.name, { ...seen, agents: seen.agents + s.agents, iterations: seen.iterations + s.iterations, dropped: seen.dropped + s.dropped });
      else byName.set(s.name, { ...s });
    }
  }
  return {
    scenarios: [...byName.values()],
    durationMs: Math.max(...present.map((l) => l.durationMs)),
    pages: present.reduce((n, l) => n + l.pages, 0),
    recycledPages: present.reduce((n, l) => n + l.recycledPages, 0),
  };
}
