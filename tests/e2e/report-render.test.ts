import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowserExecutable } from '../../src/browser/browser-executable.ts';
import { CHROMIUM_FLAGS } from '../../src/browser/chromium-flags.ts';
import { compareConformance } from '../../src/logic/compare/compare-conformance.ts';
import { compareBuilds } from '../../src/logic/compare/compare-builds.ts';
import { renderComparisonHtml } from '../../src/report/html/comparison-html.ts';
import { COMPARISON_SCHEMA_VERSION } from '../../src/report/comparison-report.ts';
import { renderHtml } from '../../src/report/html/html-report.ts';
import { runBuilds } from '../../src/report/run-builds.ts';
import { MATRIX_FIXTURE_CALLS, makeMatrixResults } from '../support/report-fixtures.ts';
import { useTempDir } from '../support/temp-dir.ts';

/** Where the screenshots are kept for a person to look at (reports/ is not committed). */
const ARTIFACTS = fileURLToPath(new URL('../../reports/test-artifacts/', import.meta.url));

/** The pages rendered, and the browser's profile: removed after the file's tests, once the browser is closed. */
const dir = useTempDir('render', 'all');
const profile = useTempDir('profile-render', 'all');
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await puppeteer.launch({ executablePath: resolveBrowserExecutable(undefined), headless: true, userDataDir: profile(), args: [...CHROMIUM_FLAGS] });
});

afterAll(async () => {
  await browser?.close();
});

interface Problems {
  console: string[];
  violations: string[];
}

/** Opens the file from disk as a reader would, collecting console errors, page errors and CSP violations. */
async function open(file: string): Promise<{ page: Page; problems: Problems }> {
  const page = await browser.newPage();
  const problems: Problems = { console: [], violations: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.console.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
  // Injected by the DevTools protocol, not by the page, so the page's own policy does not block it.
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  await page.setViewport({ width: 1366, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  problems.violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  return { page, problems };
}

/** Every canvas on the page with the number of pixels something was drawn on. */
async function drawnPixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const canvas of document.querySelectorAll('canvas')) {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) drawn++;
      out[canvas.id] = drawn;
    }
    return out;
  });
}

describe('the HTML report in a real browser', () => {
  it('draws every chart from disk with no console error and no CSP violation, and opens a slow call with one click', async () => {
    const file = join(dir(), 'index.html');
    await writeFile(file, renderHtml(makeMatrixResults()));
    const { page, problems } = await open(file);
    try {
      // First what blocks a chart: a script the policy refused, or one that threw.
      expect(problems.violations).toEqual([]);
      expect(problems.console).toEqual([]);
      const pixels = await drawnPixels(page);
      expect(Object.keys(pixels).sort()).toEqual(['chart-build-cdf', 'chart-build-phases', 'chart-phase-distribution', 'chart-phases']);
      for (const [id, drawn] of Object.entries(pixels)) expect(drawn, `${id} is blank`).toBeGreaterThan(2000);

      // One line per build on the CDF, each with its points; one bar per build in the stacked chart.
      const series = await page.evaluate(() => {
        const chartOf = (id: string) => (window as unknown as { Chart: { getChart(c: Element): { data: { labels?: unknown[]; datasets: { label: string; data: unknown[] }[] } } } }).Chart.getChart(document.getElementById(id)!);
        return {
          cdf: chartOf('chart-build-cdf').data.datasets.map((d) => [d.label, d.data.length]),
          stacked: chartOf('chart-build-phases').data.labels,
        };
      });
      expect(series.cdf.map((s) => s[0])).toEqual(['chromium-150 (Chromium 150.0.7871.100) · baseline', 'chromium-156 (Chromium 156.0.8078.108)', 'firefox-esr-140 (Firefox 140.5.0esr)']);
      for (const [, points] of series.cdf) expect(points).toBeGreaterThan(10);
      expect(series.stacked).toHaveLength(3);

      // The phase picker redraws the CDF for the phase picked.
      await page.select('#cdf-phase-select', 'ice_gathering');
      expect(await page.$eval('#cdf-caption', (el) => el.textContent)).toMatch(/^chromium-150: 27 calls · p50 /);

      // Unchanged phases are folded away until asked for, by CSS alone.
      const hiddenRows = () => page.$$eval('#comparison-table-1 tr.change-no-change', (rows) => rows.filter((r) => !r.checkVisibility()).length);
      expect(await hiddenRows()).toBeGreaterThan(0);
      await page.click('#build-verdict .comparison .show-unchanged-toggle');
      expect(await hiddenRows()).toBe(0);

      // A slow call's whole story is one click away.
      const slowest = `details.slow-call[data-call="${MATRIX_FIXTURE_CALLS.slowest}"]`;
      // checkVisibility: a closed <details> hides its content with content-visibility, which offsetParent does not see.
      const sipVisible = () => page.$eval(`${slowest} table.sip-trace`, (t) => t.checkVisibility());
      expect(await sipVisible()).toBe(false);
      await page.click(`${slowest} > summary`);
      expect(await page.$eval(slowest, (d) => (d as HTMLDetailsElement).open)).toBe(true);
      expect(await sipVisible()).toBe(true);
      const sip = await page.$$eval(`${slowest} table.sip-trace tbody tr`, (rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
      expect(sip[0]).toMatch(/^\+71 → sent INVITE sip:\d+@127\.0\.0\.1 SIP\/2\.0$/);
      expect(sip.some((line) => line.endsWith('SIP/2.0 200 OK'))).toBe(true);

      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect((await stat(join(ARTIFACTS, 'report.png'))).size).toBeGreaterThan(100_000);
      // And nothing the interactions above set off.
      expect(problems.console).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('draws the comparison page of two runs the same way', async () => {
    const results = makeMatrixResults();
    const [baseline, candidate] = runBuilds(results);
    const answered = (calls: typeof results.calls) => calls.filter((c) => c.outcome === 'answered');
    const comparison = compareBuilds({ baseline: { ref: baseline!.ref, calls: answered(baseline!.calls) }, candidate: { ref: candidate!.ref, calls: answered(candidate!.calls) }, seed: 1 });
    const side = (build: NonNullable<typeof baseline>) => ({ dir: `reports/${build.label}`, runId: results.run.id, scenario: results.run.scenario, startedAt: results.run.startedAt, build: build.ref, calls: build.calls.length, answered: answered(build.calls).length });
    const file = join(dir(), 'comparison.html');
    await writeFile(file, renderComparisonHtml({ kind: 'callcheck-comparison', schemaVersion: COMPARISON_SCHEMA_VERSION, callcheckVersion: '0.1.0', baseline: side(baseline!), candidate: side(candidate!), comparison, conformance: compareConformance(baseline!.calls, candidate!.calls, 'crm_id') }, { baseline: baseline!, candidate: candidate! }));
    const { page, problems } = await open(file);
    try {
      expect(problems.violations).toEqual([]);
      expect(problems.console).toEqual([]);
      const pixels = await drawnPixels(page);
      expect(Object.keys(pixels).sort()).toEqual(['chart-build-cdf', 'chart-build-phases']);
      for (const [id, drawn] of Object.entries(pixels)) expect(drawn, `${id} is blank`).toBeGreaterThan(2000);
      expect(await page.$eval('#verdict', (el) => el.textContent)).toBe('SLOWER');
      await page.screenshot({ path: join(ARTIFACTS, 'comparison.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
