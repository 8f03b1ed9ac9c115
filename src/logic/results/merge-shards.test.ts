import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import { makeResults } from '../../../tests/support/report-fixtures.ts';
import type { RunResults } from '../../contracts/results.ts';
import { mergeShards, type ShardInput } from './merge-shards.ts';

/** A shard: the fixture run with its calls renumbered so shards interleave, as `--shard i/n` numbers them. */
function shard(n: number, count: number, overrides: Partial<RunResults> = {}): ShardInput {
  const base = makeResults();
  const calls = base.calls.map((c, i) => {
    const index = i * count + (n - 1);
    return { ...c, index, id: `call-${String(index + 1).padStart(5, '0')}` };
  });
  const results: RunResults = {
    ...base,
    calls,
    run: { ...base.run, shard: { index: n, count }, startedAt: `2026-11-26T10:0${n}:00.000Z`, finishedAt: `2026-11-26T10:1${n}:00.000Z` },
    load: { scenarios: [{ name: 'floor', executor: 'constant-vus', agents: 2, iterations: calls.length, dropped: n }], durationMs: 1000 * n, pages: 1, recycledPages: 0 },
    ...overrides,
  };
  const rows = calls.flatMap((c) => (c.cdr.kind === 'matched' ? [c.cdr.row] : []));
  return { dir: `reports/shard-${n}`, results, rows: { source: `127.0.0.1:${3300 + n}/asteriskcdrdb.cdr`, rows } };
}

describe('mergeShards', () => {
  it('joins the calls of every shard in index order, without their old verdicts', () => {
    const a = shard(1, 2);
    const b = shard(2, 2);
    const merged = mergeShards([a, b]);
    expect(merged.calls).toHaveLength(a.results.calls.length + b.results.calls.length);
    expect(merged.calls.map((c) => c.index)).toEqual([...merged.calls.map((c) => c.index)].sort((x, y) => x - y));
    expect(merged.calls.some((c) => 'cdr' in c)).toBe(false);
    expect(merged.startedAt).toBe('2026-11-26T10:01:00.000Z');
    expect(merged.finishedAt).toBe('2026-11-26T10:12:00.000Z');
  });

  it('keeps the rows of each CDR table once, even when two shards read the same table', () => {
    const a = shard(1, 2);
    const b = shard(2, 2);
    expect(mergeShards([a, b]).rows).toHaveLength(a.rows.rows.length + b.rows.rows.length);
    const sameTable = { ...b, rows: { ...a.rows } };
    expect(mergeShards([a, sameTable]).rows).toHaveLength(a.rows.rows.length);
  });

  it('adds up the load of scenarios of the same name', () => {
    const merged = mergeShards([shard(1, 2), shard(2, 2)]);
    expect(merged.load?.scenarios).toEqual([{ name: 'floor', executor: 'constant-vus', agents: 4, iterations: 2 * makeResults().calls.length, dropped: 3 }]);
    expect(merged.load?.pages).toBe(2);
  });

  it('refuses a single directory, a call found twice, another scenario and another header map', () => {
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2)])).message).toMatch(/at least two run directories/);
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2), { ...shard(1, 2), dir: 'reports/again' }])).message).toMatch(/call call-00001 is in both reports\/shard-1 and reports\/again/);
    const other = shard(2, 2);
    other.results = { ...other.results, run: { ...other.results.run, scenario: 'another' } };
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2), other])).message).toMatch(/scenario "another"/);
    const remapped = shard(2, 2);
    remapped.results = { ...remapped.results, verification: { ...remapped.results.verification, context: 'elsewhere' } };
    expect(callcheckErrorOf(() => mergeShards([shard(1, 2), remapped])).code).toBe('INVALID_ARGUMENTS');
  });
});
