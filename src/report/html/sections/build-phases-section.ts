import { formatMs } from '../format.ts';
import type { BuildChartData } from '../charts/build-chart-data.ts';
import { html, type SafeHtml } from '../safe-html.ts';

/**
 * Where each build spends the time from the click to the first audio heard back: one bar per build,
 * stacked from the medians of the consecutive phases, with the same figures as a table for reading
 * exact values. Nothing at all when no call has any of those phases.
 */
export function buildPhasesSection(charts: BuildChartData): SafeHtml | '' {
  const stacked = charts.stacked;
  if (stacked === undefined) return '';
  const head = charts.builds.map((b) => html`<th class="num"><code>${b.label}</code>${b.baseline ? html`<br><span class="muted">baseline</span>` : ''}</th>`);
  const rows = stacked.segments.map(
    (s) => html`<tr data-phase="${s.name}"><td>${s.label}</td>${s.mediansMs.map((m) => html`<td class="num">${m === null ? html`<span class="null">—</span>` : formatMs(m)}</td>`)}</tr>`,
  );
  return html`<section id="build-phases">
<h2>Where the time goes${charts.builds.length > 1 ? ', per build' : ''} (median of each phase)</h2>
<figure><div class="chart" id="chart-build-phases-box"><canvas id="chart-build-phases" role="img" aria-label="Stacked medians of the phases from click to first audio, one bar per browser build"></canvas></div>
<figcaption>Click → audio ready → ICE gathered → INVITE sent → 200 OK → first RTP → own audio heard back. Each segment is that phase's median, so a bar's length is the sum of the medians, close to but not the same as the median of click → first audio. INVITE → 200 OK includes the simulated customer's ring time.</figcaption></figure>
<div class="scroll"><table id="build-phases-table">
<thead><tr><th>phase (median ms)</th>${head}</tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th>sum of medians</th>${stacked.totalsMs.map((t) => html`<th class="num">${formatMs(t)}</th>`)}</tr></tfoot>
</table></div>
</section>`;
}
