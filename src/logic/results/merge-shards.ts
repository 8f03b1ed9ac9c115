import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import { CallcheckError } from '../../contracts/errors.ts';
import type { BrowserInfo, LoadSummary, RunResults, VerificationSettings } from '../../contracts/results.ts';

/** One shard as read from its run directory. */
export interface ShardInput {
  dir: string;
  results: RunResults;
  rows: { source: string; rows: CdrRow[] };
}

export interface MergedShards {
  calls: CallRecord[];
  /** Every CDR row the shards read; a table read by several shards counts once. */
  rows: CdrRow[];
  settings: VerificationSettings;
  browsers: BrowserInfo[];
  load?: LoadSummary;
  startedAt: string;
  finishedAt: string;
}

const refuse = (message: string, hint: string) => new CallcheckError('INVALID_ARGUMENTS', message, { hint });

/**
 * Joins the shards of one split run: their calls, their CDR rows and what the rows are checked against.
 * Refuses shards that cannot belong together (another scenario, another header map, one call twice), so
 * the merged verification means what it says. The verdicts of the shards are dropped: the merged run is
 * verified afresh, over all calls and all rows at once.
 */
export function mergeShards(shards: readonly ShardInput[]): MergedShards {
  const [first] = shards;
  if (!first || shards.length < 2) throw refuse(`merge needs at least two run directories, got ${shards.length}`, 'pass the run directory of every shard, e.g. callcheck merge reports/A reports/B --out reports/merged');
  const settingsOf = (r: RunResults) => JSON.stringify(r.verification);
  const callOwner = new Map<string, string>();
  const calls: CallRecord[] = [];
  const rowsBySource = new Map<string, CdrRow[]>();
  const browsers: BrowserInfo[] = [];
  for (const shard of shards) {
    const { results } = shard;
    if (results.run.scenario !== first.results.run.scenario) {
      throw refuse(`${shard.dir} is a run of scenario "${results.run.scenario}", ${first.dir} of "${first.results.run.scenario}"`, 'merge only the shards of one scenario');
    }
    if (settingsOf(results) !== settingsOf(first.results)) {
      throw refuse(`${shard.dir} checked its CDR rows against another header map or cdr.conf policy than ${first.dir}`, 'merge only shards run from the same scenario file');
    }
    for (const verified of results.calls) {
      const owner = callOwner.get(verified.id);
      if (owner) throw refuse(`call ${verified.id} is in both ${owner} and ${shard.dir}`, 'were these shards of one run? Run each with its own --shard i/n');
      callOwner.set(verified.id, shard.dir);
      const { cdr: _verdict, ...call } = verified;
      calls.push(call);
    }
    // Shards that wrote into one CDR database read the same rows: those are kept once.
    if (!rowsBySource.has(shard.rows.source)) rowsBySource.set(shard.rows.source, shard.rows.rows);
    for (const b of results.browsers) if (!browsers.some((known) => known.id === b.id)) browsers.push(b);
  }
  return {
    calls: calls.sort((a, b) => a.index - b.index),
    rows: [...rowsBySource.values()].flat(),
    settings: first.results.verification,
    browsers,
    ...mergeLoad(shards.map((s) => s.results.load)),
    startedAt: shards.map((s) => s.results.run.startedAt).sort()[0] ?? first.results.run.startedAt,
    finishedAt: shards.map((s) => s.results.run.finishedAt).sort().at(-1) ?? first.results.run.finishedAt,
  };
}

function mergeLoad(loads: readonly (LoadSummary | undefined)[]): { load?: LoadSummary } {
  const present = loads.filter((l): l is LoadSummary => l !== undefined);
  if (present.length === 0) return {};
  const byName = new Map<string, LoadSummary['scenarios'][number]>();
  for (const load of present) {
    for (const s of load.scenarios) {
      const seen = byName.get(s.name);
      if (seen) byName.set(s.name, { ...seen, agents: seen.agents + s.agents, iterations: seen.iterations + s.iterations, dropped: seen.dropped + s.dropped });
      else byName.set(s.name, { ...s });
    }
  }
  return {
    load: {
      scenarios: [...byName.values()],
      durationMs: Math.max(...present.map((l) => l.durationMs)),
      pages: present.reduce((n, l) => n + l.pages, 0),
      recycledPages: present.reduce((n, l) => n + l.recycledPages, 0),
    },
  };
}
