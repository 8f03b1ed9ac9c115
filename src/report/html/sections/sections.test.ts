import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../../contracts/results.ts';
import { PHASES } from '../../../logic/results/phases.ts';
import { attribute, bodyRows, element, elementById, rowWith, selectOptions, textOf, withoutScripts } from '../../../../tests/support/html-markup.ts';
import { FIXTURE_CALLS, FIXTURE_LOAD_SCENARIOS, makeResults, resummarise, type FixtureOptions } from '../../../../tests/support/report-fixtures.ts';
import { renderHtml } from '../html-report.ts';

function page(options: FixtureOptions = {}, edit: (results: RunResults) => RunResults = (r) => r): string {
  return withoutScripts(renderHtml(edit(makeResults(options))));
}

/** The fixture with only its conforming calls and no unknown row: every call and CDR row conforms. */
function conformingCalls(results: RunResults): RunResults {
  return resummarise({ ...results, calls: results.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });
}

describe('verdict banner', () => {
  it('says THRESHOLDS FAILED, exit 99, when every call conformed but a threshold failed', () => {
    const markup = page({ thresholds: 'failing' }, conformingCalls);
    expect(markup).toContain('<header class="run thresholds-failed">');
    expect(markup).toContain('<div class="verdict" id="verdict">THRESHOLDS FAILED</div>');
    const why = textOf(elementById(markup, 'verdict-why'));
    expect(why).toBe('exit 99 every call and CDR row conformed, but thresholds failed (2 of 4)');
    expect(markup).toContain('<title>callcheck · smoke · THRESHOLDS FAILED</title>');
    expect(markup).not.toContain('DOES NOT CONFORM');
  });

  it('says DOES NOT CONFORM, exit 1, for CDR failures, and that thresholds failed too', () => {
    const markup = page({ thresholds: 'failing' });
    expect(markup).toContain('<header class="run fail">');
    expect(markup).toContain('<div class="verdict" id="verdict">DOES NOT CONFORM</div>');
    const why = textOf(elementById(markup, 'verdict-why'));
    expect(why).toMatch(/^exit 1 CDR non-conformance: .*; 2 of 4 thresholds failed too$/);
  });

  it('says CONFORMS, exit 0, when the calls conform and every threshold passed', () => {
    const markup = page({ thresholds: 'passing' }, conformingCalls);
    expect(markup).toContain('<div class="verdict" id="verdict">CONFORMS</div>');
    expect(textOf(elementById(markup, 'verdict-why'))).toBe('exit 0 every call and CDR row conformed; all 4 thresholds passed');
  });

  it('fails on thresholds when the summary says so even with no failed threshold result', () => {
    const markup = page({ thresholds: 'passing' }, (r) => {
      const run = conformingCalls(r);
      return { ...run, summary: { ...run.summary, thresholdsPassed: false } };
    });
    expect(markup).toContain('<div class="verdict" id="verdict">THRESHOLDS FAILED</div>');
  });
});

describe('thresholds section', () => {
  it('has one row per threshold in the order written: result, key, expression, observed with unit, samples, abortOnFail', () => {
    const results = makeResults({ thresholds: 'failing' });
    const rows = bodyRows(withoutScripts(renderHtml(results)), 'thresholds-table');
    expect(rows.map((r) => r.cells)).toEqual([
      ['✓ pass', 'dial_latency{phase:invite_to_200}', 'p(95)<1000', '406.6 ms', '4 calls', 'no'],
      ['✗ fail', 'dial_latency{phase:call_setup_time}', 'p(95)<250', '444.6 ms', '4 calls', 'no'],
      ['✓ pass', 'audio_proven', 'rate>=0.99', '1 (4/4)', '4 answered calls', 'no'],
      ['✗ fail', 'rtt{outcome:busy}', 'p(95)<50', 'no data counts as failed', '0 calls with media stats', 'no'],
    ]);
    expect(results.thresholds!.map((t) => t.passed)).toEqual([true, false, true, false]);
  });

  it('marks failed thresholds: the row, the badge and the observed value', () => {
    const rows = bodyRows(page({ thresholds: 'failing' }), 'thresholds-table');
    const failing = rows.filter((r) => attribute(r.attributes, 'class') === 'failing');
    expect(failing.map((r) => r.cells[1])).toEqual(['dial_latency{phase:call_setup_time}', 'rtt{outcome:busy}']);
    expect(failing.every((r) => r.markup[0]!.includes('badge bad'))).toBe(true);
    expect(rows.filter((r) => r.markup[0]!.includes('badge ok'))).toHaveLength(2);
    expect(rows[1]!.markup[3]).toContain('<span class="received">444.6 ms</span>');
    expect(withoutScripts(renderHtml(makeResults({ thresholds: 'failing' })))).toContain('<h2>Thresholds <span class="badge bad">2 of 4 failed</span></h2>');
  });

  it('says when the load was stopped early by abortOnFail, and marks abortOnFail thresholds', () => {
    const aborted = page({ thresholds: 'aborted' });
    expect(aborted).toContain('id="threshold-abort"');
    expect(textOf(elementById(aborted, 'threshold-abort'))).toMatch(/^The load was stopped early: a threshold with abortOnFail failed/);
    const rows = bodyRows(aborted, 'thresholds-table');
    expect(rows.map((r) => r.cells[5])).toEqual(['no', 'yes', 'no', 'no']);
    expect(rows[1]!.markup[5]).toContain('badge bad');
    expect(page({ thresholds: 'failing' })).not.toContain('id="threshold-abort"');
  });

  it('says when the load was stopped early by --max-failures, after how many calls', () => {
    const base = makeResults();
    const stopped = withoutScripts(renderHtml({ ...base, summary: { ...base.summary, stoppedEarly: { reason: 'max-failures', afterCalls: 7, maxFailures: 1 } } }));
    expect(textOf(elementById(stopped, 'stopped-early'))).toBe(
      'The load was stopped early: 1 call had failed (--max-failures 1); 7 calls placed in all, those in flight let end, every one verified.',
    );
    expect(withoutScripts(renderHtml(base))).not.toContain('id="stopped-early"');
  });

  it('sits right after the summary, before the load, the environment and the latency sections', () => {
    const markup = page({ thresholds: 'failing' });
    const at = (id: string) => markup.indexOf(`id="${id}"`);
    expect(at('summary')).toBeGreaterThan(0);
    expect(at('thresholds')).toBeGreaterThan(at('summary'));
    expect(at('load')).toBeGreaterThan(at('thresholds'));
    expect(at('browsers')).toBeGreaterThan(at('load'));
    expect(at('phase-distribution')).toBeGreaterThan(at('browsers'));
  });

  it('is left out when the scenario has no threshold', () => {
    const markup = page();
    expect(markup).not.toContain('id="thresholds"');
    expect(markup).not.toContain('<h3>Thresholds</h3>');
  });

  it('counts passed and failed thresholds in the summary tiles', () => {
    const markup = page({ thresholds: 'failing' });
    const group = element(markup, 'div', { class: 'tile-group thresholds' }).inner;
    expect(group).toContain('<span class="n">2</span><span class="l">passed</span>');
    expect(group).toMatch(/<div class="tile bad"><span class="n">2<\/span><span class="l">failed<\/span>/);
  });

  it('escapes threshold keys and expressions', () => {
    const markup = page({ thresholds: 'failing' }, (r) => {
      r.thresholds![0]!.key = '<img src=x onerror=alert(1)>';
      r.thresholds![0]!.expression = '"><b>';
      return r;
    });
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('"><b>');
    expect(bodyRows(markup, 'thresholds-table')[0]!.cells.slice(1, 3)).toEqual(['<img src=x onerror=alert(1)>', '"><b>']);
  });
});

describe('load section', () => {
  it('has a row per load scenario: executor, agents, calls started, dropped, answered, failing; and a total', () => {
    const markup = page();
    const rows = bodyRows(markup, 'load-table');
    expect(rows.map((r) => r.cells)).toEqual([
      // mismatched, failed in the agent and unexpected row fail; matched does not
      [FIXTURE_LOAD_SCENARIOS[0], 'constant-arrival-rate', '2', '4', '1', '2', '3'],
      // missing and duplicate fail; the busy call is not recorded, as cdr.conf says
      [FIXTURE_LOAD_SCENARIOS[1], 'ramping-vus', '2', '3', '0', '2', '2'],
    ]);
    expect(rows[0]!.markup[4]).toContain('badge warn');
    const total = textOf(element(elementById(markup, 'load-table'), 'tfoot').inner);
    expect(total).toBe('total 4 7 1 4 5');
  });

  it('states duration, pages and recycled pages', () => {
    const markup = page({}, (r) => ({ ...r, load: { ...r.load!, durationMs: 90_000, pages: 3, recycledPages: 2 } }));
    const facts = textOf(elementById(markup, 'load-facts'));
    expect(facts).toContain('duration 1 min 30 s');
    expect(facts).toContain('calls started 7 (0.08 per second)');
    expect(facts).toContain('pages 3');
    expect(facts).toContain('recycled pages 2');
  });

  it('says which shard the run is, and lists the runs a merged one came from', () => {
    const shard = page({}, (r) => ({ ...r, run: { ...r.run, shard: { index: 2, count: 4 } } }));
    expect(textOf(elementById(shard, 'load-shard'))).toMatch(/^This run is shard 2 of 4/);
    expect(shard).toContain('<span class="badge warn">shard 2/4</span>');
    const merged = page({}, (r) => ({ ...r, run: { ...r.run, mergedFrom: ['reports/a', 'reports/<b>'] } }));
    expect(merged).toContain('<h3>Merged from 2 runs</h3>');
    expect(element(merged, 'ul', { id: 'load-merged-from' }).inner).toBe('<li><code>reports/a</code></li><li><code>reports/&lt;b&gt;</code></li>');
    expect(merged).not.toContain('id="load-shard"');
  });

  it('escapes load scenario names and executors', () => {
    const markup = page({}, (r) => ({ ...r, load: { ...r.load!, scenarios: [{ name: '<i>x</i>', executor: '<u>e</u>', agents: 1, iterations: 1, dropped: 0 }] } }));
    expect(markup).not.toMatch(/<i>x|<u>e/);
    expect(bodyRows(markup, 'load-table')[0]!.cells.slice(0, 2)).toEqual(['<i>x</i>', '<u>e</u>']);
  });

  it('is left out when the results hold no load, shard or merge', () => {
    const markup = page({}, (r) => {
      const { load: _load, ...rest } = r;
      return rest;
    });
    expect(markup).not.toContain('id="load"');
  });
});

describe('latency section', () => {
  it('has a table row with p50/p95/p99 for every phase callcheck defines', () => {
    const results = makeResults();
    const rows = bodyRows(withoutScripts(renderHtml(results)), 'phase-table');
    expect(rows.map((r) => r.cells[1])).toEqual(PHASES.map((p) => p.name));
    for (const phase of results.phases) {
      const row = rows.find((r) => r.cells[1] === phase.name)!;
      expect(row.cells[2]).toBe(String(phase.count));
      expect(row.cells.slice(4, 7)).toEqual([phase.p50Ms, phase.p95Ms, phase.p99Ms].map((v) => new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(v!)));
    }
  });

  it('shows a phase the results lack as unmeasured instead of leaving it out', () => {
    const markup = page({}, (r) => ({ ...r, phases: r.phases.filter((p) => p.name !== 'first_rtp_to_first_audio') }));
    const row = bodyRows(markup, 'phase-table').find((r) => r.cells[1] === 'first_rtp_to_first_audio')!;
    expect(attribute(row.attributes, 'class')).toBe('unmeasured');
    expect(row.cells.slice(2, 5)).toEqual(['0', '—', '—']);
  });

  it('offers every measured phase in the distribution selector, click → 200 OK selected', () => {
    const results = makeResults();
    const markup = withoutScripts(renderHtml(results));
    // The histogram's selector only: the per-build CDF has one of its own.
    const options = selectOptions(markup, 'phase-select');
    expect(options.map((o) => o.value)).toEqual(results.phases.filter((p) => p.count > 0).map((p) => p.name));
    expect(options.filter((o) => o.selected).map((o) => o.value)).toEqual(['dial_to_200']);
    expect(options.find((o) => o.value === 'first_rtp_to_first_audio')!.text).toBe('First RTP → own audio heard back (4)');
    expect(options).toHaveLength(15);
  });
});

describe('per-call audio and media columns', () => {
  it('shows heard audio with its signature and SNR, MOS, loss % and the load scenario', () => {
    const results = makeResults();
    const call = results.calls.find((c) => c.id === FIXTURE_CALLS.matched)!;
    const rows = bodyRows(withoutScripts(renderHtml(results)), 'verdict-table');
    const row = rowWith(rows, 'data-call', FIXTURE_CALLS.matched);
    expect(attribute(row.attributes, 'data-audio')).toBe('heard');
    expect(row.cells[1]).toBe(call.loadScenario);
    expect(row.cells[5]).toBe(`heard ${call.audio!.signature} SNR ${call.audio!.snrDb!.toFixed(1)} dB`);
    expect(row.cells[6]).toBe(call.media!.mos!.toFixed(2));
    expect(row.cells[7]).toBe(call.media!.packetLossPct!.toFixed(2));
    const unanswered = rowWith(rows, 'data-call', FIXTURE_CALLS.notRecorded);
    expect(attribute(unanswered.attributes, 'data-audio')).toBe('none');
    expect(unanswered.cells.slice(5, 8)).toEqual(['—', '—', '—']);
  });

  it('flags a call that heard another call\'s audio as crossed, and one whose audio never came back', () => {
    const markup = page({}, (r) => {
      const crossed = r.calls.find((c) => c.id === FIXTURE_CALLS.matched)!;
      crossed.outcome = 'failed';
      crossed.audio = { ...crossed.audio!, heard: false, crossedWith: '630+2450 Hz' };
      const silent = r.calls.find((c) => c.id === FIXTURE_CALLS.mismatched)!;
      silent.audio = { ...silent.audio!, heard: false, snrDb: 2 };
      return resummarise(r);
    });
    const rows = bodyRows(markup, 'verdict-table');
    const crossed = rowWith(rows, 'data-call', FIXTURE_CALLS.matched);
    expect(attribute(crossed.attributes, 'data-audio')).toBe('crossed');
    expect(attribute(crossed.attributes, 'class')).toBe('failing');
    expect(crossed.markup[5]).toContain('<span class="badge bad">crossed</span>');
    expect(crossed.cells[5]).toMatch(/^crossed heard 630\+2450 Hz sent \d+\+\d+ Hz$/);
    const silent = rowWith(rows, 'data-call', FIXTURE_CALLS.mismatched);
    expect(attribute(silent.attributes, 'data-audio')).toBe('not-heard');
    expect(silent.cells[5]).toMatch(/^not heard \d+\+\d+ Hz SNR 2\.0 dB$/);
    const audio = element(markup, 'div', { class: 'tile-group audio' }).inner;
    expect(audio).toContain('<span class="n">2</span><span class="l">heard back</span>');
    expect(audio).toContain('<div class="tile bad"><span class="n">1</span><span class="l">not heard</span>');
    expect(audio).toContain('<div class="tile bad"><span class="n">1</span><span class="l">crossed</span>');
  });

  it('escapes the audio signature and the load scenario of a call', () => {
    const markup = page({}, (r) => {
      const call = r.calls.find((c) => c.id === FIXTURE_CALLS.matched)!;
      call.audio = { ...call.audio!, signature: '<s>sig', crossedWith: '<x>other' };
      call.loadScenario = '<q>scn';
      return r;
    });
    expect(markup).not.toMatch(/<s>sig|<x>other|<q>scn/);
    const row = rowWith(bodyRows(markup, 'verdict-table'), 'data-call', FIXTURE_CALLS.matched);
    expect(row.cells[1]).toBe('<q>scn');
    expect(row.cells[5]).toBe('crossed heard <x>other sent <s>sig');
  });
});
