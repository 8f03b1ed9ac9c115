import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import { makeResults } from '../../../tests/support/report-fixtures.ts';
import { RUN_MANIFEST_SCHEMA_VERSION, type RunManifest } from '../../contracts/run-manifest.ts';
import { mergeShards, type ShardRecord } from './merge-shards.ts';

const OPTIONS = { mergedFrom: ['/r/shard-1', '/r/shard-2'], pid: 7, at: '2026-11-26T11:00:00.000Z' };

/** A shard: the fixture run with its calls renumbered so shards interleave, as `--shard i/n` numbers them. */
function shard(n: number, count: number, extra: Partial<RunManifest> = {}): ShardRecord {
  const base = makeResults();
  const calls = base.calls.map(({ cdr: _cdr, cdrRowDelayMs: _delay, ...c }, i) => {
    const index = i * count + (n - 1);
    return { ...c, index, id: `call-${String(index + 1).padStart(5, '0')}` };
  });
  const { finishedAt: _f, durationMs: _d, interrupted: _i, killed: _k, ...run } = base.run;
  const manifest: RunManifest = {
    schemaVersion: RUN_MANIFEST_SCHEMA_VERSION,
    run: { ...run, shard: { index: n, count }, startedAt: `2026-11-26T10:0${n}:00.000Z` },
    pid: 100 + n,
    settings: base.verification,
    cdrTable: 'cdr',
    stack: base.stack,
    browsers: base.browsers.map((b) => ({ ...b, id: `shard${n}-${b.id}` })),
    agents: [`agent00${n}`],
    load: { floor: { executor: 'constant-vus', vus: 2, durationMs: 10_000, startTimeMs: 0, gracefulStopMs: 30_000 } },
    loadStartedAt: Date.parse(`2026-11-26T10:0${n}:05.000Z`),
    loadSummary: { scenarios: [{ name: 'floor', executor: 'constant-vus', agents: 2, iterations: calls.length, dropped: n }], durationMs: 1000 * n, pages: 1, recycledPages: 0 },
    ended: { at: `2026-11-26T10:1${n}:00.000Z`, how: 'finished' },
    ...extra,
  };
  const rows = base.calls.flatMap((c) => (c.cdr.kind === 'matched' ? [c.cdr.row] : []));
  return { dir: `reports/shard-${n}`, manifest, calls, rows: { source: `127.0.0.1:${3300 + n}/asteriskcdrdb.cdr`, readAt: '2026-11-26T10:20:00.000Z', rows } };
}

describe('mergeShards', () => {
  it('joins the calls of every shard in index order into one run, from the first start to the last end', () => {
    const a = shard(1, 2);
    const b = shard(2, 2);
    const merged = mergeShards([a, b], OPTIONS);
    expect(merged.calls).toHaveLength(a.calls.length + b.calls.length);
    expect(merged.calls.map((c) => c.index)).toEqual([...merged.calls.map((c) => c.index)].sort((x, y) => x - y));
    expect(merged.calls.some((c) => 'cdr' in c)).toBe(false);
    expect(merged.manifest.run.startedAt).toBe('2026-11-26T10:01:00.000Z');
    expect(merged.manifest.ended).toEqual({ at: '2026-11-26T10:12:00.000Z', how: 'finished' });
    expect(merged.manifest.run).toMatchObject({ id: `${a.manifest.run.id}-merged`, mergedFrom: OPTIONS.mergedFrom });
    expect(merged.manifest.run.shard).toBeUndefined();
    expect(merged.manifest.loadStartedAt).toBe(Date.parse('2026-11-26T10:01:05.000Z'));
    expect(merged.manifest.agents).toEqual(['agent001', 'agent002']);
    expect(merged.manifest.browsers.map((b) => b.id)).toEqual([...a.manifest.browsers, ...b.manifest.browsers].map((x) => x.id));
    expect(merged.manifest.pid).toBe(7);
    expect(merged.manifest.load).toEqual({});
  });

  it('keeps the rows of each CDR table once, even when two shards read the same table', () => {
    const a = shard(1, 2);
    const b = shard(2, 2);
    expect(mergeShards([a, b], OPTIONS).rows).toMatchObject({ source: 'merged from 2 shards', readAt: OPTIONS.at, rows: [...a.rows.rows, ...b.rows.rows] });
    const sameTable = { ...b, rows: { ...a.rows } };
    expect(mergeShards([a, sameTable], OPTIONS).rows.rows).toHaveLength(a.rows.rows.length);
  });

  it('adds up the load of scenarios of the same name', () => {
    const merged = mergeShards([shard(1, 2), shard(2, 2)], OPTIONS);
    expect(merged.manifest.loadSummary?.scenarios).toEqual([{ name: 'floor', executor: 'constant-vus', agents: 4, iterations: 2 * makeResults().calls.length, dropped: 3 }]);
    expect(merged.manifest.loadSummary?.pages).toBe(2);
    expect(merged.manifest.loadSummary?.durationMs).toBe(2000);
  });

  it('refuses a single directory, a call found twice, another scenario and another header map', () => {
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2)], OPTIONS)).message).toMatch(/at least two run directories/);
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2), { ...shard(1, 2), dir: 'reports/again' }], OPTIONS)).message).toMatch(/call call-00001 is in both reports\/shard-1 and reports\/again/);
    const other = shard(2, 2);
    other.manifest = { ...other.manifest, run: { ...other.manifest.run, scenario: 'another' } };
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2), other], OPTIONS)).message).toMatch(/scenario "another"/);
    const remapped = shard(2, 2, { settings: { ...shard(2, 2).manifest.settings, context: 'elsewhere' } });
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2), remapped], OPTIONS)).code).toBe('INVALID_ARGUMENTS');
  });
});
