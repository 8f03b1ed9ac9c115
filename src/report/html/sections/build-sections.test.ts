import { describe, expect, it } from 'vitest';
import type { RunResults, VerifiedCall } from '../../../contracts/results.ts';
import type { PlannedOutcome } from '../../../contracts/scenario.ts';
import { phaseDurations } from '../../../logic/results/phases.ts';
import { percentile } from '../../../logic/stats/percentile.ts';
import { attribute, bodyRows, element, elementById, elements, rowsOfTable, rowWith, scriptJson, selectOptions, textOf, withoutScripts } from '../../../../tests/support/html-markup.ts';
import { MATRIX_BUILDS, MATRIX_FIXTURE_CALLS, makeMatrixResults, makeResults, resummarise } from '../../../../tests/support/report-fixtures.ts';
import { STACKED_PHASES, type BuildChartData } from '../charts/build-chart-data.ts';
import { formatMs } from '../format.ts';
import { renderHtml } from '../html-report.ts';

function markup(results: RunResults): string {
  return withoutScripts(renderHtml(results));
}

/** A phase's durations over one build's answered calls, as the verdict and the charts take them. */
function answeredDurations(results: RunResults, build: string, phase: string): number[] {
  return results.calls.flatMap((c) => {
    const ms = c.build === build && c.outcome === 'answered' ? phaseDurations(c.timeline)[phase] : undefined;
    return ms === undefined ? [] : [ms];
  });
}

describe('browser-matrix verdict section', () => {
  it('comes right under the verdict banner, before the summary', () => {
    const page = markup(makeMatrixResults());
    const at = (needle: string) => page.indexOf(needle);
    expect(at('</header>')).toBeGreaterThan(0);
    expect(at('id="build-verdict"')).toBeGreaterThan(at('</header>'));
    expect(at('id="summary"')).toBeGreaterThan(at('id="build-verdict"'));
  });

  it("heads each comparison with both builds' labels and exact versions", () => {
    const page = markup(makeMatrixResults());
    const titles = elements(page, 'h3', { class: 'comparison-title' }).map((h) => textOf(h.inner));
    expect(titles).toEqual([
      'chromium-156 (Chromium 156.0.8078.108) against chromium-150 (Chromium 150.0.7871.100)',
      'firefox-esr-140 (Firefox 140.5.0esr) against chromium-150 (Chromium 150.0.7871.100)',
    ]);
  });

  it("states each comparison's summary line with a count of slower and faster phases", () => {
    const results = makeMatrixResults();
    const lines = elements(markup(results), 'p', { class: 'build-summary' }).map((p) => p.inner);
    expect(lines).toHaveLength(2);
    results.matrix!.comparisons.forEach((c, i) => {
      const slower = c.phases.filter((p) => p.change === 'slower').length;
      expect(textOf(lines[i]!)).toMatch(new RegExp(`^${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${slower} slower`));
      expect(lines[i]).toContain(`<span class="badge bad">${slower} slower</span>`);
    });
    expect(lines[1]).toContain('<span class="badge ok">3 faster</span>');
  });

  it('has a row per phase with counts, both sides\' p50 · p95, each difference with its interval, the p-value, the badge and the sentence', () => {
    const results = makeMatrixResults();
    const page = markup(results);
    results.matrix!.comparisons.forEach((c, i) => {
      const rows = bodyRows(page, `comparison-table-${i + 1}`);
      expect(rows.map((r) => attribute(r.attributes, 'data-phase'))).toEqual(c.phases.map((p) => p.phase));
      expect(rows.map((r) => attribute(r.attributes, 'data-change'))).toEqual(c.phases.map((p) => p.change));
      rows.forEach((row, j) => {
        const p = c.phases[j]!;
        expect(row.cells[0]).toBe(`${p.label} ${p.phase}`);
        expect(row.cells[1]).toBe(`${p.baselineCount} / ${p.candidateCount}`);
        expect(row.cells[2]).toBe(`${formatMs(p.p50!.baselineMs)} · ${formatMs(p.p95!.baselineMs)}`);
        expect(row.cells[3]).toBe(`${formatMs(p.p50!.candidateMs)} · ${formatMs(p.p95!.candidateMs)}`);
        expect(row.cells[4]).toMatch(/^(0|[+−][\d.,]+) \[(0|[+−][\d.,]+), (0|[+−][\d.,]+)\]$/);
        expect(row.cells[6]).toBe(p.mannWhitney!.pValue < 0.001 ? '< 0.001' : p.mannWhitney!.pValue.toFixed(3));
        expect(row.cells[7]).toBe({ slower: 'slower', faster: 'faster', 'no-change': 'no change', 'insufficient-data': 'too few calls' }[p.change]);
        expect(row.cells[8]).toBe(p.sentence);
      });
    });
    // ICE gathering on Chromium 156: about 42 ms slower at p50, its interval above 0, the figure its sentence quotes.
    const ice = rowWith(bodyRows(page, 'comparison-table-1'), 'data-phase', 'ice_gathering');
    const p = results.matrix!.comparisons[0]!.phases.find((ph) => ph.phase === 'ice_gathering')!;
    expect(p.p50!.diffMs).toBeGreaterThan(30);
    expect(ice.cells[4]).toBe(`+${formatMs(p.p50!.diffMs)} [+${formatMs(p.p50!.ciLowMs)}, +${formatMs(p.p50!.ciHighMs)}]`);
    expect(ice.markup[4]).toContain('class="diff-up');
    expect(ice.markup[5]).toContain('stated');
    expect(attribute(ice.attributes, 'class')).toBe('change-slower');
  });

  it('folds the unchanged phases behind a toggle that needs no script', () => {
    const results = makeMatrixResults();
    const block = elementById(markup(results), 'build-verdict');
    const unchanged = results.matrix!.comparisons[0]!.phases.filter((p) => p.change === 'no-change').length;
    expect(unchanged).toBeGreaterThan(0);
    expect(textOf(block)).toContain(`show the ${unchanged} unchanged phases too`);
    expect(block).toContain('<input type="checkbox" class="show-unchanged-toggle">');
  });

  it('says in words that nothing changed, with every row shown, when no phase did', () => {
    const results = makeMatrixResults();
    const [first] = results.matrix!.comparisons;
    // One phase too short of calls besides: still nothing changed, so no row is folded away.
    first!.phases = first!.phases.map((p, i) => ({ ...p, change: i === 0 ? 'insufficient-data' : 'no-change' }));
    const block = elementById(markup(results), 'build-verdict');
    const text = textOf(block.slice(0, block.indexOf('data-candidate="firefox-esr-140"')));
    expect(text).toContain('No phase changed beyond noise: no difference is significant at α 0.05 with its 95% interval excluding 0.');
    expect(text).not.toContain('unchanged phases too');
  });

  it('shows a phase with too few calls without figures, and counts it', () => {
    const results = makeMatrixResults();
    const [first] = results.matrix!.comparisons;
    const { p50: _p50, p95: _p95, mannWhitney: _mw, ...rest } = first!.phases[0]!;
    first!.phases[0] = { ...rest, baselineCount: 3, candidateCount: 2, change: 'insufficient-data', sentence: 'too few calls to compare click → audio ready' };
    const page = markup(results);
    const row = bodyRows(page, 'comparison-table-1')[0]!;
    expect(row.cells.slice(1, 9)).toEqual(['3 / 2', '— · —', '— · —', '—', '—', '—', 'too few calls', 'too few calls to compare click → audio ready']);
    expect(textOf(elementById(page, 'build-verdict'))).toContain(`at least ${first!.minSamples} calls on each side (1 phase has fewer)`);
  });

  it('says how the builds ran: the baseline, the rounds and their order, the calls per build', () => {
    const page = markup(makeMatrixResults());
    expect(textOf(elementById(page, 'matrix-facts'))).toBe(
      '3 builds, baseline chromium-150, 3 rounds run interleaved so that drift of the machine over time falls on every build alike · calls per build: chromium-150 30, chromium-156 30, firefox-esr-140 30',
    );
    const rounds = textOf(element(page, 'details', { class: 'rounds' }).inner);
    expect(rounds).toBe('order of the rounds round 1: chromium-150 → chromium-156 → firefox-esr-140 round 2: chromium-156 → firefox-esr-140 → chromium-150 round 3: firefox-esr-140 → chromium-150 → chromium-156');
  });

  it('is left out of a run without a browser matrix', () => {
    expect(markup(makeResults())).not.toContain('id="build-verdict"');
  });

  it('escapes build labels, versions and sentences', () => {
    const results = makeMatrixResults();
    const [first] = results.matrix!.comparisons;
    first!.candidate = { ...first!.candidate, build: '<b>build', version: '"><i>1' };
    first!.phases[0] = { ...first!.phases[0]!, sentence: '<script>alert(1)</script>', label: '<u>label' };
    first!.summary = '<em>summary';
    const page = markup(results);
    expect(page).not.toMatch(/<b>build|<i>1|<script>alert|<u>label|<em>summary/);
    expect(page).toContain('&lt;b&gt;build');
    expect(bodyRows(page, 'comparison-table-1')[0]!.cells[8]).toBe('<script>alert(1)</script>');
  });
});

describe('per-build charts', () => {
  const charts = (results: RunResults) => scriptJson<{ builds: BuildChartData }>(renderHtml(results), 'callcheck-charts').builds;

  it('names the builds in the matrix order, with exact versions, the baseline marked', () => {
    expect(charts(makeMatrixResults()).builds).toEqual([
      { label: 'chromium-150', title: 'chromium-150 (Chromium 150.0.7871.100) · baseline', baseline: true },
      { label: 'chromium-156', title: 'chromium-156 (Chromium 156.0.8078.108)', baseline: false },
      { label: 'firefox-esr-140', title: 'firefox-esr-140 (Firefox 140.5.0esr)', baseline: false },
    ]);
  });

  it("draws each phase's CDF per build over the answered calls, from 0 % to 100 %", () => {
    const results = makeMatrixResults();
    const data = charts(results);
    expect(data.defaultCdfPhase).toBe('dial_to_200');
    expect(data.cdfs).toHaveLength(15);
    for (const cdf of data.cdfs) {
      cdf.series.forEach((series, i) => {
        const values = answeredDurations(results, MATRIX_BUILDS[i]!.label, cdf.name);
        expect(series.count).toBe(values.length);
        expect(series.points[0]).toEqual({ ms: Math.min(...values), pct: 0 });
        expect(series.points.at(-1)).toEqual({ ms: Math.max(...values), pct: 100 });
        for (let k = 1; k < series.points.length; k++) {
          expect(series.points[k]!.ms).toBeGreaterThanOrEqual(series.points[k - 1]!.ms);
          expect(series.points[k]!.pct).toBeGreaterThan(series.points[k - 1]!.pct);
        }
      });
    }
    const dial = data.cdfs.find((c) => c.name === 'dial_to_200')!;
    expect(dial.caption).toBe(MATRIX_BUILDS.map((b) => {
      const v = answeredDurations(results, b.label, 'dial_to_200');
      return `${b.label}: ${v.length} calls · p50 ${formatMs(percentile(v, 50))} ms · p95 ${formatMs(percentile(v, 95))} ms`;
    }).join('  |  '));
  });

  it('offers every phase in the CDF picker, click → 200 OK selected, with the calls per build', () => {
    const page = markup(makeMatrixResults());
    const options = selectOptions(page, 'cdf-phase-select');
    expect(options).toHaveLength(15);
    expect(options.filter((o) => o.selected).map((o) => o.value)).toEqual(['dial_to_200']);
    expect(options.find((o) => o.value === 'dial_to_200')!.text).toBe('Click → 200 OK (incl. ring time) (27 / 26 / 27)');
    expect(page).toContain('<canvas id="chart-build-cdf"');
  });

  it("stacks the medians of the consecutive phases per build, in call order, in the chart and the table", () => {
    const results = makeMatrixResults();
    const data = charts(results);
    expect(data.stacked!.segments.map((s) => s.name)).toEqual([...STACKED_PHASES]);
    data.stacked!.segments.forEach((segment) => {
      expect(segment.mediansMs).toEqual(MATRIX_BUILDS.map((b) => Math.round(percentile(answeredDurations(results, b.label, segment.name), 50)! * 100) / 100));
    });
    data.stacked!.totalsMs.forEach((total, i) => expect(total).toBeCloseTo(data.stacked!.segments.reduce((sum, s) => sum + s.mediansMs[i]!, 0), 6));
    // Chromium 156's bar is longer, by about its ICE gathering.
    expect(data.stacked!.totalsMs[1]! - data.stacked!.totalsMs[0]!).toBeGreaterThan(30);
    const rows = bodyRows(markup(results), 'build-phases-table');
    expect(rows.map((r) => attribute(r.attributes, 'data-phase'))).toEqual([...STACKED_PHASES]);
    expect(rows[1]!.cells).toEqual(['Audio ready → ICE gathered', ...data.stacked!.segments[1]!.mediansMs.map((m) => formatMs(m!))]);
  });

  it('has one build for a run without a matrix, named by its exact version', () => {
    const data = charts(makeResults({ extraMatchedCalls: 5 }));
    expect(data.builds).toEqual([{ label: 'chromium-156.0.8078.108', title: 'Chromium 156.0.8078.108', baseline: false }]);
    expect(data.cdfs.every((c) => c.series.length === 1)).toBe(true);
    const page = markup(makeResults());
    expect(page).toContain('<h2>Latency (cumulative distribution)</h2>');
    expect(page).toContain('<h2>Where the time goes (median of each phase)</h2>');
  });
});

describe('outcomes and CDR verdicts per build', () => {
  it('counts each outcome per build with its share of the calls placed', () => {
    const rows = bodyRows(markup(makeMatrixResults()), 'build-outcome-table');
    expect(rows.map((r) => r.cells)).toEqual([
      ['chromium-150 baseline HeadlessChrome 150.0.7871.100', '30', '27 90%', '3 10%', '0 0%', '0 0%', '27 / 27'],
      ['chromium-156 HeadlessChrome 156.0.8078.108', '30', '26 86.7%', '3 10%', '1 3.3%', '1 3.3%', '26 / 26'],
      ['firefox-esr-140 Firefox 140.5.0esr', '30', '27 90%', '3 10%', '0 0%', '0 0%', '27 / 27'],
    ]);
    expect(rows[1]!.markup[4]).toContain('badge bad');
  });

  it("counts each build's CDR verdicts, the missing row on Firefox", () => {
    const rows = bodyRows(markup(makeMatrixResults()), 'build-cdr-table');
    expect(rows.map((r) => r.cells.slice(1))).toEqual([
      ['27 90%', '3 10%', '0 0%', '0 0%', '0 0%', '0 0%', '0 0%'],
      ['26 86.7%', '4 13.3%', '0 0%', '0 0%', '0 0%', '0 0%', '1 3.3%'],
      ['26 86.7%', '3 10%', '1 3.3%', '0 0%', '0 0%', '0 0%', '1 3.3%'],
    ]);
    expect(rows[2]!.markup[3]).toContain('badge bad');
  });

  it('shows only the outcomes that happened, besides answered and failed', () => {
    const single = bodyRows(markup(makeResults()), 'build-outcome-table');
    expect(single).toHaveLength(1);
    // answered, busy, no-answer and failed happened in the fixture; congestion, rejected and interrupted did not.
    expect(single[0]!.cells.slice(1)).toEqual(['7', '4 57.1%', '1 14.3%', '1 14.3%', '1 14.3%', '1 14.3%', '4 / 4']);
  });

  it('names a column for each of cancelled, declined and not-found once a call ended so', () => {
    const base = makeResults();
    const planned: Record<'cancelled' | 'declined' | 'not-found', PlannedOutcome> = { cancelled: 'cancel', declined: 'reject', 'not-found': 'unknown-number' };
    const [a, b, c] = base.calls.filter((call) => call.outcome !== 'answered');
    const calls = base.calls.map((call): VerifiedCall => {
      const outcome = call === a ? 'cancelled' : call === b ? 'declined' : call === c ? 'not-found' : undefined;
      return outcome ? { ...call, outcome, plannedOutcome: planned[outcome] } : call;
    });
    const table = elementById(markup({ ...base, calls }), 'build-outcome-table');
    const heads = elements(table, 'th', { class: 'num' }).map((th) => textOf(th.inner));
    expect(heads).toEqual(expect.arrayContaining(['cancelled', 'declined', 'not-found']));
    expect(heads.indexOf('cancelled')).toBeLessThan(heads.indexOf('declined'));
    expect(heads.indexOf('declined')).toBeLessThan(heads.indexOf('not-found'));
  });
});

describe('slowest calls', () => {
  it('lists the 10 slowest by click → 200 OK, slowest first, each with its build and its build\'s median', () => {
    const results = makeMatrixResults();
    const page = markup(results);
    const section = elementById(page, 'slowest-calls');
    expect(textOf(element(section, 'h2').inner)).toBe('The 10 slowest calls by Click → 200 OK (incl. ring time)');
    const items = elements(section, 'details', { class: 'slow-call' }).map((d) => [attribute(d.attributes, 'data-call'), attribute(d.attributes, 'data-build'), Number(attribute(d.attributes, 'data-ms'))]);
    const expected = results.calls
      .flatMap((c) => (c.timeline.answered === undefined ? [] : [{ id: c.id, build: c.build, ms: c.timeline.answered - c.timeline.dialRequested!, index: c.index }]))
      .sort((a, b) => b.ms - a.ms || a.index - b.index)
      .slice(0, 10);
    expect(items).toEqual(expected.map((e) => [e.id, e.build, e.ms]));
    expect(items[0]![0]).toBe(MATRIX_FIXTURE_CALLS.slowest);
    const median = percentile(answeredDurations(results, 'chromium-156', 'dial_to_200'), 50)!;
    expect(textOf(element(section, 'summary').inner)).toBe(`1 558 ms chromium-156 p50 ${formatMs(median)} ms ${MATRIX_FIXTURE_CALLS.slowest} chromium-156 agent-02 answered · 200 matched`);
  });

  it('opens on every timeline stamp and SIP message relative to the click, the media, the audio proof and the CDR verdict', () => {
    const results = makeMatrixResults();
    const call = results.calls.find((c) => c.id === MATRIX_FIXTURE_CALLS.slowest)!;
    const page = markup(results);
    const details = element(page, 'details', { class: 'slow-call', 'data-call': call.id }).outer;
    const stamps = rowsOfTable(element(details, 'table', { class: 'timeline' }).outer).map((r) => [attribute(r.attributes, 'data-event'), r.cells[1]]);
    const click = call.timeline.dialRequested!;
    const expected = Object.entries(call.timeline)
      .sort((a, b) => a[1] - b[1])
      .map(([event, at]) => [event, at === click ? '0' : `${at > click ? '+' : '−'}${formatMs(Math.abs(at - click))}`]);
    expect(stamps).toEqual(expected);
    const sip = rowsOfTable(element(details, 'table', { class: 'sip-trace' }).outer);
    expect(sip.map((r) => r.cells)).toEqual(call.sip.map((m) => [`+${formatMs(m.at - click)}`, m.direction === 'sent' ? '→ sent' : '← received', m.firstLine]));
    const text = textOf(details);
    expect(text).toContain(`selected pair ${call.media!.selectedPair!.local} ↔ ${call.media!.selectedPair!.remote}`);
    expect(text).toContain(`MOS ${call.media!.mos!.toFixed(2)}`);
    expect(text).toContain(`signature sent ${call.audio!.signature} came back heard back`);
    expect(text).toContain(`CDR verdict matched row ${call.cdr.kind === 'matched' ? call.cdr.row.uniqueid : ''}`);
  });

  it('escapes what the SIP trace and the call carry', () => {
    const results = makeMatrixResults();
    const call = results.calls.find((c) => c.id === MATRIX_FIXTURE_CALLS.slowest)!;
    call.sip[0] = { ...call.sip[0]!, firstLine: 'INVITE sip:<img src=x onerror=alert(1)>@h SIP/2.0' };
    call.error = '<b>boom';
    call.headers['X-CRM-Id'] = '"><svg>';
    const page = markup(results);
    expect(page).not.toMatch(/<img src=x|<b>boom|"><svg>/);
    expect(page).toContain('INVITE sip:&lt;img src=x onerror=alert(1)&gt;@h SIP/2.0');
  });

  it('ranks by the first phase calls reached when none was answered', () => {
    const base = makeResults();
    const results = resummarise({ ...base, calls: base.calls.filter((c) => c.outcome !== 'answered') });
    const section = elementById(markup(results), 'slowest-calls');
    expect(textOf(element(section, 'h2').inner)).toBe('The 3 slowest calls by Click → INVITE sent');
  });

  it('names no build in a run with one', () => {
    const section = elementById(markup(makeResults({ extraMatchedCalls: 12 })), 'slowest-calls');
    const first = textOf(element(section, 'summary').inner);
    expect(first).toMatch(/^1 [\d.,]+ ms p50 [\d.,]+ ms call-\d{4} agent-\d{2} answered · 200 (matched|missing|mismatched|duplicate)$/);
  });
});

describe('browsers and calls of a matrix run', () => {
  it('names each browser\'s build, and each call\'s build in the verdict table', () => {
    const page = markup(makeMatrixResults());
    const browsers = elementById(page, 'browsers');
    expect(textOf(browsers)).toContain('chromium-156 chromium-156 HeadlessChrome 156.0.8078.108');
    const row = rowWith(bodyRows(page, 'verdict-table'), 'data-call', MATRIX_FIXTURE_CALLS.missing);
    expect(row.cells.slice(0, 2)).toEqual([MATRIX_FIXTURE_CALLS.missing, 'firefox-esr-140']);
    expect(elementById(markup(makeResults()), 'verdict-table')).not.toContain('<th>build</th>');
  });
});
