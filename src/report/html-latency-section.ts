import type { RunResults } from '../contracts/results.ts';
import { PHASES, phaseDurations, type PhaseStats } from '../logic/phases.ts';
import { formatMs } from './html-format.ts';
import { html, type SafeHtml } from './html-template.ts';
import { histogram, type Histogram } from './histogram.ts';

/** The phase whose per-call distribution the latency histogram shows. */
const DIAL_LATENCY_PHASE = 'dial_to_200';

/** What the charts script draws; computed here so the page does no analysis of its own. */
export interface ChartData {
  dialLatency?: Histogram & { axisLabel: string };
  phases?: { labels: string[]; p50: (number | null)[]; p95: (number | null)[] };
}

export function chartData(results: RunResults): ChartData {
  const data: ChartData = {};
  const latencies = results.calls
    .map((call) => phaseDurations(call.timeline)[DIAL_LATENCY_PHASE])
    .filter((ms): ms is number => ms !== undefined);
  if (latencies.length > 0) {
    const label = PHASES.find((p) => p.name === DIAL_LATENCY_PHASE)?.label ?? DIAL_LATENCY_PHASE;
    data.dialLatency = { ...histogram(latencies), axisLabel: `${label}, ms` };
  }
  const measured = results.phases.filter((p) => p.count > 0);
  if (measured.length > 0) {
    data.phases = {
      labels: measured.map((p) => p.label),
      p50: measured.map((p) => p.p50Ms ?? null),
      p95: measured.map((p) => p.p95Ms ?? null),
    };
  }
  return data;
}

/** The dial latency histogram, the phase breakdown chart and the phase table. */
export function latencySection(results: RunResults, charts: ChartData): SafeHtml {
  const dial = results.phases.find((p) => p.name === DIAL_LATENCY_PHASE);
  const dialCaption = dial === undefined || dial.count === 0
    ? ''
    : html`<figcaption>${dial.count} answered call(s) · p50 ${formatMs(dial.p50Ms)} ms · p95 ${formatMs(dial.p95Ms)} ms · max ${formatMs(dial.maxMs)} ms${charts.dialLatency ? html` · ${charts.dialLatency.bucketMs} ms buckets` : ''}</figcaption>`;
  return html`<div class="columns stack-row">
<section id="dial-latency">
<h2>Dial latency</h2>
${charts.dialLatency
    ? html`<figure><div class="chart"><canvas id="chart-dial-latency" role="img" aria-label="Histogram of click to 200 OK latency"></canvas></div>${dialCaption}</figure>`
    : html`<p class="empty">No call was answered, so there is no dial latency to show.</p>`}
</section>
<section id="phase-chart">
<h2>Phase breakdown (p50 / p95)</h2>
${charts.phases
    ? html`<figure><div class="chart"><canvas id="chart-phases" role="img" aria-label="p50 and p95 of each latency phase"></canvas></div></figure>`
    : html`<p class="empty">No phase was measured.</p>`}
</section>
</div>
<section id="phases">
<h2>Latency phases</h2>
${phaseTable(results.phases)}
</section>`;
}

function phaseTable(phases: readonly PhaseStats[]): SafeHtml {
  if (phases.length === 0) return html`<p class="empty">No phase statistics.</p>`;
  const rows = phases.map(
    (p) => html`<tr><td>${p.label}</td><td><code>${p.name}</code></td><td class="num">${p.count}</td><td class="num">${formatMs(p.minMs)}</td><td class="num">${formatMs(p.p50Ms)}</td><td class="num">${formatMs(p.p95Ms)}</td><td class="num">${formatMs(p.p99Ms)}</td><td class="num">${formatMs(p.maxMs)}</td><td class="num">${formatMs(p.meanMs)}</td></tr>`,
  );
  return html`<div class="scroll"><table>
<thead><tr><th>phase</th><th>name</th><th class="num">calls</th><th class="num">min ms</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th><th class="num">max ms</th><th class="num">mean ms</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

