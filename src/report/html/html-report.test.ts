import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import type { RunResults } from '../../contracts/results.ts';
import { attribute, bodyRows, contentSecurityPolicy, element, hasAttribute, scriptJson, scripts, withoutScripts } from '../../../tests/support/html-markup.ts';
import { FIXTURE_CALLS, KEY_HEADER, makeResults, resummarise } from '../../../tests/support/report-fixtures.ts';
import { formatMs } from './format.ts';
import { renderHtml, writeHtmlReport } from './html-report.ts';

function passingRun(): RunResults {
  const base = makeResults();
  return resummarise({ ...base, calls: base.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });
}

describe('renderHtml', () => {
  it('loads nothing from the network: no src/href attribute points anywhere external', () => {
    const page = renderHtml(makeResults());
    const markup = withoutScripts(page);
    const loading = [...markup.matchAll(/\s(?:src|href|srcset|action|formaction|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) => m[1]);
    expect(loading.filter((v) => /^["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(v ?? ''))).toEqual([]);
    expect(markup).not.toMatch(/<link\b|<iframe\b|<img\b|@import|url\(/i);
    expect(scripts(page).every((s) => !hasAttribute(s.attributes, 'src'))).toBe(true);
  });

  it('inlines Chart.js 4 and forbids every other source with its Content-Security-Policy', () => {
    const page = renderHtml(makeResults());
    expect(scripts(page).some((s) => s.body.includes('Chart.js v4.'))).toBe(true);
    expect(contentSecurityPolicy(page)).toMatch(/^default-src 'none';/);
  });

  it('allows exactly its inline scripts and stylesheet by hash, so the charts are not blocked', () => {
    const page = renderHtml(makeResults());
    const csp = contentSecurityPolicy(page);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const executable = scripts(page).filter((s) => attribute(s.attributes, 'type') !== 'application/json');
    expect(executable).toHaveLength(2);
    for (const script of executable) expect(csp).toContain(hash(script.body));
    const style = element(page, 'style').inner;
    expect(csp).toContain(`style-src ${hash(style)}`);
  });

  it('embeds the results verbatim as JSON that parses back to the same summary', () => {
    const results = makeResults();
    const embedded = scriptJson<RunResults>(renderHtml(results), 'callcheck-data');
    expect(embedded.summary).toStrictEqual(results.summary);
    expect(embedded).toStrictEqual(results);
  });

  it('escapes a hostile header value everywhere outside the data block', () => {
    const results = makeResults();
    results.calls[0]!.headers[KEY_HEADER] = '<img src=x onerror=alert(1)>';
    const page = renderHtml(results);
    const markup = withoutScripts(page);
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(scripts(page).find((s) => attribute(s.attributes, 'id') === 'callcheck-data')!.body).toContain('\\u003cimg src=x onerror=alert(1)>');
  });

  it('cannot be broken out of by a header value that closes the data script', () => {
    const results = makeResults();
    const hostile = '</script><script>alert(2)</script><!--';
    results.calls[1]!.headers[KEY_HEADER] = hostile;
    const page = renderHtml(results);
    expect(scripts(page)).toHaveLength(4);
    expect(scriptJson<RunResults>(page, 'callcheck-data').calls[1]!.headers[KEY_HEADER]).toBe(hostile);
    expect(withoutScripts(page)).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;!--');
  });

  it('escapes values of other attacker-reachable fields: mismatches, reasons, unknown rows', () => {
    const results = makeResults();
    const mismatched = results.calls.find((c) => c.id === FIXTURE_CALLS.mismatched)!;
    if (mismatched.cdr.kind !== 'mismatched') throw new Error('fixture changed');
    mismatched.cdr.mismatches[0]!.received = '<b>x</b>';
    results.unknownRows[0]!.key = '<u>k</u>';
    results.unknownRows[0]!.row.mapped['crm_campaign'] = '<i>c</i>';
    const markup = withoutScripts(renderHtml(results));
    expect(markup).not.toMatch(/<b>x|<u>k|<i>c/);
    expect(markup).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(markup).toContain('&lt;u&gt;k&lt;/u&gt;');
  });

  it('lists failures first: missing, duplicate, mismatched, unexpected row, failed call, then the rest', () => {
    const page = renderHtml(makeResults({ extraMatchedCalls: 1 }));
    const order = bodyRows(withoutScripts(page), 'verdict-table').map((r) => `${attribute(r.attributes, 'data-call')} ${attribute(r.attributes, 'data-verdict')}`);
    expect(order).toEqual([
      `${FIXTURE_CALLS.missing} missing`,
      `${FIXTURE_CALLS.duplicate} duplicate`,
      `${FIXTURE_CALLS.mismatched} mismatched`,
      `${FIXTURE_CALLS.unexpectedRow} unexpected-row`,
      `${FIXTURE_CALLS.failed} call-failed`,
      `${FIXTURE_CALLS.matched} matched`,
      `${FIXTURE_CALLS.notRecorded} not-recorded`,
      'call-0008 matched',
    ]);
  });

  it('shows each mismatch as field: expected → received', () => {
    const markup = withoutScripts(renderHtml(makeResults()));
    expect(markup).toContain('<code>crm_campaign</code>: <code>spring-sale</code><span class="arrow">→</span><span class="received"><span class="null">NULL</span></span>');
  });

  it('shows a truncated column of a matched call with its lengths and cause, and every header line as sent', () => {
    const base = makeResults();
    const calls = base.calls.map((c) => {
      if (c.id !== FIXTURE_CALLS.matched || c.cdr.kind !== 'matched') return c;
      const truncated = [{ field: 'note', header: 'X-Note', sent: '𝄞'.repeat(33), stored: '𝄞'.repeat(32), from: { characters: 33, bytes: 132 }, to: { characters: 32, bytes: 128 }, cause: 'the octet length' }];
      return { ...c, headerLines: [{ name: 'x-note', value: 'first' }, { name: 'x-note', value: 'second' }], cdr: { ...c.cdr, truncated } };
    });
    const markup = withoutScripts(renderHtml(resummarise({ ...base, calls })));
    expect(markup).toContain('<span class="badge">truncated</span> <code>note</code> (X-Note) truncated from 132 to 128 bytes (33 to 32 characters): the octet length; holds');
    expect(markup).toContain('<div><code>x-note</code>: <code>first</code></div><div><code>x-note</code>: <code>second</code></div>');
  });

  it('lists unknown rows after the verdict table', () => {
    const markup = withoutScripts(renderHtml(makeResults()));
    const table = markup.indexOf('id="verdict-table"');
    const unknown = markup.indexOf('data-key="CRM-9999"');
    expect(table).toBeGreaterThan(0);
    expect(unknown).toBeGreaterThan(table);
  });

  it('opens a failing run on its failures: the verdict table and the unknown rows right under the summary, above the system under test and the charts', () => {
    const markup = withoutScripts(renderHtml(makeResults()));
    const at = (marker: string) => {
      const i = markup.indexOf(marker);
      expect(i, marker).toBeGreaterThan(0);
      return i;
    };
    const order = ['id="summary"', 'id="verdict-table"', 'data-key="CRM-9999"', 'id="stack"', 'id="phases"'].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps a passing run\'s verdict table last, below its charts', () => {
    const markup = withoutScripts(renderHtml(passingRun()));
    expect(markup.indexOf('id="phases"')).toBeGreaterThan(0);
    expect(markup.indexOf('id="verdict-table"')).toBeGreaterThan(markup.indexOf('id="phases"'));
  });

  it('says DOES NOT CONFORM with the failure counts for a failing run', () => {
    const markup = withoutScripts(renderHtml(makeResults()));
    expect(markup).toContain('<div class="verdict" id="verdict">DOES NOT CONFORM</div>');
    expect(markup).toContain('<header class="run fail">');
    for (const [n, label] of [[7, 'placed'], [4, 'answered'], [1, 'failed in agent'], [1, 'matched'], [1, 'missing'], [1, 'duplicate'], [1, 'mismatched'], [1, 'unknown'], [2, 'not recorded']] as const) {
      expect(markup).toMatch(new RegExp(`<span class="n">${n}</span><span class="l">${label}</span>`));
    }
  });

  it('says CONFORMS for a passing run', () => {
    const markup = withoutScripts(renderHtml(passingRun()));
    expect(markup).toContain('<div class="verdict" id="verdict">CONFORMS</div>');
    expect(markup).toContain('<header class="run pass">');
  });

  it('never says CONFORMS for a run that placed no call', () => {
    const results = resummarise({ ...passingRun(), calls: [] });
    const markup = withoutScripts(renderHtml(results));
    expect(markup).toContain('DOES NOT CONFORM');
    expect(markup).toContain('No call was placed');
    expect(markup).not.toContain('<canvas');
  });

  it('shows the exact browser version and the stack', () => {
    const markup = withoutScripts(renderHtml(makeResults()));
    expect(markup).toContain('<code>156.0.8078.108</code>');
    expect(markup).toContain('HeadlessChrome');
    expect(markup).toContain('22.6.0');
    expect(markup).toContain('8.4.7');
  });

  it('charts the per-call distribution of every measured phase, dial_to_200 first, and p50/p95/p99 of each', () => {
    const results = makeResults({ extraMatchedCalls: 30 });
    const charts = scriptJson<{
      defaultPhase: string;
      distributions: { name: string; count: number; caption: string; buckets: { count: number }[] }[];
      phases: { names: string[]; labels: string[]; p50: number[]; p95: number[]; p99: number[] };
    }>(renderHtml(results), 'callcheck-charts');
    const answered = results.calls.filter((c) => c.timeline.answered !== undefined).length;
    const measured = results.phases.filter((p) => p.count > 0);
    expect(charts.defaultPhase).toBe('dial_to_200');
    expect(charts.distributions.map((d) => d.name)).toEqual(measured.map((p) => p.name));
    for (const d of charts.distributions) {
      expect(d.buckets.reduce((n, b) => n + b.count, 0)).toBe(results.phases.find((p) => p.name === d.name)!.count);
    }
    const dial = charts.distributions.find((d) => d.name === 'dial_to_200')!;
    expect(dial.buckets.reduce((n, b) => n + b.count, 0)).toBe(answered);
    const dialStats = results.phases.find((p) => p.name === 'dial_to_200')!;
    expect(dial.caption).toContain(`${answered} calls · p50 ${formatMs(dialStats.p50Ms)} ms · p95 ${formatMs(dialStats.p95Ms)} ms · p99 ${formatMs(dialStats.p99Ms)} ms`);
    expect(charts.phases.labels).toEqual(measured.map((p) => p.label));
    expect(charts.phases.p95).toEqual(measured.map((p) => p.p95Ms));
    expect(charts.phases.p99).toEqual(measured.map((p) => p.p99Ms));
    const markup = withoutScripts(renderHtml(results));
    expect(markup).toContain('<canvas id="chart-phase-distribution"');
    expect(markup).toContain('<canvas id="chart-phases"');
  });

  it('has a row per phase in the phase table', () => {
    const results = makeResults();
    const markup = withoutScripts(renderHtml(results));
    for (const phase of results.phases) expect(markup).toContain(`<code>${phase.name}</code>`);
  });
});

describe('writeHtmlReport', () => {
  const dir = useTempDir('html');

  it('writes index.html with the rendered page and returns its path', async () => {
    const results = makeResults();
    const path = await writeHtmlReport(results, dir());
    expect(path).toBe(join(dir(), 'index.html'));
    expect(await readFile(path, 'utf8')).toBe(renderHtml(results));
  });
});
