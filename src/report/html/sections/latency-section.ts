import type { RunResults } from '../../../contracts/results.ts';
import type { PhaseStats } from '../../../contracts/results.ts';
import { PHASES, phaseDurations } from '../../../logic/results/phases.ts';
import { formatMs } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import { histogram, type Histogram } from '../charts/histogram.ts';

/** The phase the distribution chart shows first: click to 200 OK, what "dial latency" means to a user. */
export const DEFAULT_DISTRIBUTION_PHASE = 'dial_to_200';

/** The per-call distribution of one phase, with its percentiles as the phase table states them. */
export interface PhaseDistribution extends Histogram {
  name: string;
  label: string;
  count: number;
  /** The chart's caption, e.g. `20 calls · p50 353.2 ms · p95 395.3 ms · p99 401 ms · max 402 ms · 10 ms buckets`. */
  caption: string;
}

/** What the charts script draws; computed here so the page does no analysis of its own. */
export interface ChartData {
  /** Every measured phase's per-call distribution, in phase order; a selector picks the one shown. */
  distributions?: PhaseDistribution[];
  /** The distribution shown first. */
  defaultPhase?: string;
  /** p50 / p95 / p99 of every measured phase, in phase order. */
  phases?: { names: string[]; labels: string[]; p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };
}

/**
 * The phases the report shows, in call order: every phase callcheck defines (a phase no call reached is
 * shown with no sample rather than left out), then any other phase the results carry (from another
 * callcheck version).
 */
export function reportedPhases(results: RunResults): PhaseStats[] {
  const byName = new Map(results.phases.map((p) => [p.name, p]));
  const known = PHASES.map((phase) => byName.get(phase.name) ?? { name: phase.name, label: phase.label, count: 0 });
  const defined = new Set(PHASES.map((p) => p.name));
  return [...known, ...results.phases.filter((p) => !defined.has(p.name))];
}

export function chartData(results: RunResults): ChartData {
  const data: ChartData = {};
  const measured = reportedPhases(results).filter((p) => p.count > 0);
  if (measured.length === 0) return data;

  const samples = new Map<string, number[]>();
  for (const call of results.calls) {
    for (const [name, ms] of Object.entries(phaseDurations(call.timeline))) {
      const list = samples.get(name);
      if (list === undefined) samples.set(name, [ms]);
      else list.push(ms);
    }
  }
  const distributions = measured.flatMap((p): PhaseDistribution[] => {
    const values = samples.get(p.name);
    if (values === undefined || values.length === 0) return [];
    const h = histogram(values);
    return [{ name: p.name, label: p.label, count: values.length, caption: distributionCaption(p, values.length, h.bucketMs), ...h }];
  });
  if (distributions.length > 0) {
    data.distributions = distributions;
    data.defaultPhase = distributions.some((d) => d.name === DEFAULT_DISTRIBUTION_PHASE) ? DEFAULT_DISTRIBUTION_PHASE : distributions[0]?.name;
  }
  data.phases = {
    names: measured.map((p) => p.name),
    labels: measured.map((p) => p.label),
    p50: measured.map((p) => p.p50Ms ?? null),
    p95: measured.map((p) => p.p95Ms ?? null),
    p99: measured.map((p) => p.p99Ms ?? null),
  };
  return data;
}

function distributionCaption(stats: PhaseStats, count: number, bucketMs: number): string {
  return `${count} ${count === 1 ? 'call' : 'calls'} · p50 ${formatMs(stats.p50Ms)} ms · p95 ${formatMs(stats.p95Ms)} ms · p99 ${formatMs(stats.p99Ms)} ms · max ${formatMs(stats.maxMs)} ms · ${bucketMs} ms buckets`;
}

/**
 * The distribution of one phase at a time (a selector picks it; click to 200 OK first), the p50/p95/p99
 * of every phase side by side, and the phase table.
 */
export function latencySection(results: RunResults, charts: ChartData): SafeHtml {
  const phases = reportedPhases(results);
  return html`<section id="phase-distribution">
<h2>Latency distribution per phase</h2>
${distributionFigure(charts)}
</section>
<section id="phase-chart">
<h2>Phase breakdown (p50 / p95 / p99)</h2>
${charts.phases
    ? html`<div class="chart-controls"><label><input type="checkbox" id="phase-log"> logarithmic scale</label> <span class="muted">(short phases next to ones that include ring time)</span></div>
<figure><div class="chart" id="chart-phases-box"><canvas id="chart-phases" role="img" aria-label="p50, p95 and p99 of each latency phase"></canvas></div></figure>`
    : html`<p class="empty">No phase was measured.</p>`}
</section>
<section id="phases">
<h2>Latency phases</h2>
${phaseTable(phases)}
</section>`;
}

function distributionFigure(charts: ChartData): SafeHtml {
  const shown = charts.distributions?.find((d) => d.name === charts.defaultPhase);
  if (charts.distributions === undefined || shown === undefined) return html`<p class="empty">No call reached a phase, so there is no latency to show.</p>`;
  const options = charts.distributions.map(
    (d) => html`<option value="${d.name}"${d.name === shown.name ? html` selected` : ''}>${d.label} (${d.count})</option>`,
  );
  return html`<div class="chart-controls"><label for="phase-select">phase</label> <select id="phase-select">${options}</select></div>
<figure><div class="chart"><canvas id="chart-phase-distribution" role="img" aria-label="Histogram of the selected phase's duration per call"></canvas></div><figcaption id="phase-distribution-caption">${shown.caption}</figcaption></figure>`;
}

function phaseTable(phases: readonly PhaseStats[]): SafeHtml {
  if (phases.length === 0) return html`<p class="empty">No phase statistics.</p>`;
  const rows = phases.map(
    (p) => html`<tr class="${p.count === 0 ? 'unmeasured' : ''}" data-phase="${p.name}"><td>${p.label}</td><td><code>${p.name}</code></td><td class="num">${p.count}</td><td class="num">${formatMs(p.minMs)}</td><td class="num">${formatMs(p.p50Ms)}</td><td class="num">${formatMs(p.p95Ms)}</td><td class="num">${formatMs(p.p99Ms)}</td><td class="num">${formatMs(p.maxMs)}</td><td class="num">${formatMs(p.meanMs)}</td></tr>`,
  );
  return html`<div class="scroll"><table id="phase-table">
<thead><tr><th>phase</th><th>name</th><th class="num">calls</th><th class="num">min ms</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th><th class="num">max ms</th><th class="num">mean ms</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}
