import type { BuildChartData } from '../charts/build-chart-data.ts';
import { html, type SafeHtml } from '../safe-html.ts';

/**
 * Each phase's latency as cumulative distributions, one line per build, the phase picked like the
 * histogram's: where the lines part is where one build is slower, and at which share of the calls (the
 * median at 50 %, the tail at 95 %). With one build it is that build's distribution.
 */
export function buildCdfSection(charts: BuildChartData): SafeHtml {
  const shown = charts.cdfs.find((c) => c.name === charts.defaultCdfPhase);
  const several = charts.builds.length > 1;
  const heading = several ? 'Latency per build (cumulative distribution)' : 'Latency (cumulative distribution)';
  if (shown === undefined) {
    return html`<section id="build-cdf"><h2>${heading}</h2><p class="empty">No call reached a phase, so there is no latency to show.</p></section>`;
  }
  const options = charts.cdfs.map((c) => {
    const counts = c.series.map((s) => s.count).join(' / ');
    return html`<option value="${c.name}"${c.name === shown.name ? html` selected` : ''}>${c.label} (${counts})</option>`;
  });
  return html`<section id="build-cdf">
<h2>${heading}</h2>
<div class="chart-controls"><label for="cdf-phase-select">phase</label> <select id="cdf-phase-select">${options}</select> <label><input type="checkbox" id="cdf-log"> logarithmic scale</label></div>
<figure><div class="chart"><canvas id="chart-build-cdf" role="img" aria-label="Cumulative distribution of the selected phase's duration, one line per browser build"></canvas></div><figcaption id="cdf-caption">${shown.caption}</figcaption></figure>
<p class="muted small">Answered calls only, as the verdict compares them: a busy or unanswered call's phases measure the simulated customer, not the browser.${several ? ' Read across at 50 % for the median and at 95 % for the tail: the line further right is the slower build there.' : ''}</p>
</section>`;
}
