import { describe, expect, it } from 'vitest';
import type { PhaseChange } from '../../contracts/comparison.ts';
import { compareConformance } from '../../logic/compare/compare-conformance.ts';
import { compareBuilds } from '../../logic/compare/compare-builds.ts';
import { bodyRows, element, elementById, scriptJson, textOf, withoutScripts } from '../../../tests/support/html-markup.ts';
import { makeMatrixResults } from '../../../tests/support/report-fixtures.ts';
import type { BuildChartData } from './charts/build-chart-data.ts';
import { renderComparisonHtml } from './comparison-html.ts';
import { COMPARISON_SCHEMA_VERSION, type ComparisonReport } from '../comparison-report.ts';
import { runBuilds, type RunBuild } from '../run-builds.ts';

function compared(candidateIndex = 1): { report: ComparisonReport; baseline: RunBuild; candidate: RunBuild } {
  const results = makeMatrixResults();
  const builds = runBuilds(results);
  const baseline = builds[0]!;
  const candidate = builds[candidateIndex]!;
  const answered = (b: RunBuild) => b.calls.filter((c) => c.outcome === 'answered');
  const comparison = compareBuilds({ baseline: { ref: baseline.ref, calls: answered(baseline) }, candidate: { ref: candidate.ref, calls: answered(candidate) }, seed: 1 });
  const side = (b: RunBuild, dir: string) => ({ dir, runId: results.run.id, scenario: results.run.scenario, startedAt: results.run.startedAt, build: b.ref, calls: b.calls.length, answered: answered(b).length });
  return {
    report: { kind: 'callcheck-comparison', schemaVersion: COMPARISON_SCHEMA_VERSION, callcheckVersion: '0.1.0', baseline: side(baseline, 'reports/last-week'), candidate: side(candidate, 'reports/today'), comparison, conformance: compareConformance(baseline.calls, candidate.calls, 'crm_id') },
    baseline,
    candidate,
  };
}

function withChanges(report: ComparisonReport, change: PhaseChange): ComparisonReport {
  return { ...report, comparison: { ...report.comparison, phases: report.comparison.phases.map((p) => ({ ...p, change })) } };
}

describe('renderComparisonHtml', () => {
  it('heads the page with the two builds, their exact versions and runs, and the verdict in one word', () => {
    const { report, baseline, candidate } = compared();
    const page = withoutScripts(renderComparisonHtml(report, { baseline, candidate }));
    expect(textOf(element(page, 'header').inner)).toBe(
      `callcheck · compare · chromium-156 against chromium-150 Chromium 156.0.8078.108 (run ${report.candidate.runId}) against Chromium 150.0.7871.100 (run ${report.baseline.runId}) SLOWER ${report.comparison.summary}`,
    );
    expect(page).toContain('<header class="run fail">');
  });

  it('says FASTER, NO CHANGE or TOO FEW CALLS when that is the verdict', () => {
    const { report, baseline, candidate } = compared();
    const banner = (r: ComparisonReport) => textOf(elementById(withoutScripts(renderComparisonHtml(r, { baseline, candidate })), 'verdict'));
    expect(banner(withChanges(report, 'faster'))).toBe('FASTER');
    expect(banner(withChanges(report, 'no-change'))).toBe('NO CHANGE');
    expect(banner(withChanges(report, 'insufficient-data'))).toBe('TOO FEW CALLS');
  });

  it('lists both sides: build, browser version, run and directory, Asterisk, answered calls compared', () => {
    const { report, baseline, candidate } = compared(2);
    const rows = bodyRows(withoutScripts(renderComparisonHtml(report, { baseline, candidate })), 'compared-sides');
    expect(rows.map((r) => [r.cells[0], r.cells[1], r.cells[2], r.cells[7]])).toEqual([
      ['baseline', 'chromium-150', 'HeadlessChrome 150.0.7871.100', '27 of 30'],
      ['candidate', 'firefox-esr-140', 'Firefox 140.5.0esr', '27 of 30'],
    ]);
    expect(rows[1]!.cells[3]).toBe(`${report.candidate.runId} reports/today`);
  });

  it('lists the calls whose CDR verdict differs between the sides, and says so when none does', () => {
    const { report, baseline, candidate } = compared();
    expect(withoutScripts(renderComparisonHtml(report, { baseline, candidate }))).toContain('Every paired call has the same verdict for <code>crm_id</code> on both sides.');
    const differing = [{ index: 1, dialed: '00200000001', plannedOutcome: 'answer', baseline: 'crm_id stored', candidate: 'crm_id empty', baselineConforms: true, candidateConforms: false }];
    const page = withoutScripts(renderComparisonHtml({ ...report, conformance: { ...report.conformance, differing } }, { baseline, candidate }));
    expect(bodyRows(page, 'conformance-differences').map((r) => r.cells)).toEqual([['2', '00200000001', 'answer', 'crm_id stored', 'crm_id empty']]);
  });

  it('has the verdict table, then the CDF and the stacked phases of the two sides', () => {
    const { report, baseline, candidate } = compared();
    const page = renderComparisonHtml(report, { baseline, candidate });
    const markup = withoutScripts(page);
    expect(bodyRows(markup, 'comparison-table-1')).toHaveLength(report.comparison.phases.length);
    expect(markup.indexOf('id="build-verdict"')).toBeLessThan(markup.indexOf('id="build-cdf"'));
    expect(markup.indexOf('id="build-cdf"')).toBeLessThan(markup.indexOf('id="build-phases"'));
    const charts = scriptJson<{ builds: BuildChartData }>(page, 'callcheck-charts').builds;
    expect(charts.builds.map((b) => b.title)).toEqual(['chromium-150 (Chromium 150.0.7871.100) · baseline', 'chromium-156 (Chromium 156.0.8078.108) · candidate']);
    expect(scriptJson<ComparisonReport>(page, 'callcheck-data')).toEqual(report);
  });

  it('names the sides in its charts when both ran the same build', () => {
    const { report, baseline } = compared();
    const again = { ...baseline, baseline: false };
    const charts = scriptJson<{ builds: BuildChartData }>(renderComparisonHtml(report, { baseline, candidate: again }), 'callcheck-charts').builds;
    expect(charts.builds.map((b) => b.label)).toEqual(['baseline chromium-150', 'candidate chromium-150']);
  });

  it('escapes the run directories and ids it shows', () => {
    const { report, baseline, candidate } = compared();
    const hostile = { ...report, candidate: { ...report.candidate, dir: 'reports/<img src=x>', runId: '"><b>id' } };
    const markup = withoutScripts(renderComparisonHtml(hostile, { baseline, candidate }));
    expect(markup).not.toMatch(/<img src=x>|"><b>id/);
    expect(textOf(elementById(markup, 'compared-sides'))).toContain('"><b>id reports/<img src=x>');
  });
});
