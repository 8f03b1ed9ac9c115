import type { LoadScenarioSummary, RunResults } from '../../../contracts/results.ts';
import { isCallFailing } from '../../call-conformance.ts';
import { formatCount, formatDuration } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';

const RATE = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/**
 * What the load profile did: per load scenario its executor, agents, calls started and iterations
 * dropped, with the answered and failing calls among the verified ones; then the pages the agents ran
 * in and how long the load lasted; and whether this run is one shard of a split run or a merge of
 * several. Nothing at all when the results hold none of it (a run from before load profiles).
 */
export function loadSection(results: RunResults): SafeHtml | '' {
  const { load, run } = results;
  if (load === undefined && run.shard === undefined && run.mergedFrom === undefined) return '';
  return html`<section id="load">
<h2>Load</h2>
${load === undefined ? html`<p class="empty">The results hold no load summary.</p>` : html`${scenarioTable(results, load.scenarios)}
<dl class="kv" id="load-facts">
<dt>duration</dt><dd>${formatDuration(load.durationMs)} <span class="muted">(first dial to end of last call)</span></dd>
<dt>calls started</dt><dd>${formatCount(totalOf(load.scenarios, 'iterations'))}${load.durationMs > 0 ? html` <span class="muted">(${RATE.format(totalOf(load.scenarios, 'iterations') / (load.durationMs / 1000))} per second)</span>` : ''}</dd>
<dt>pages</dt><dd>${formatCount(load.pages)}</dd>
<dt>recycled pages</dt><dd>${formatCount(load.recycledPages)}${load.recycledPages > 0 ? html` <span class="muted">(replaced by a fresh page during the run)</span>` : ''}</dd>
</dl>`}
${partsOf(results)}
</section>`;
}

function totalOf(scenarios: readonly LoadScenarioSummary[], field: 'agents' | 'iterations' | 'dropped'): number {
  return scenarios.reduce((sum, s) => sum + s[field], 0);
}

function scenarioTable(results: RunResults, scenarios: readonly LoadScenarioSummary[]): SafeHtml {
  if (scenarios.length === 0) return html`<p class="empty">No load scenario ran.</p>`;
  const counts = new Map<string | undefined, { answered: number; failing: number }>();
  for (const call of results.calls) {
    const n = counts.get(call.loadScenario) ?? { answered: 0, failing: 0 };
    if (call.outcome === 'answered') n.answered += 1;
    if (isCallFailing(call)) n.failing += 1;
    counts.set(call.loadScenario, n);
  }
  const verified = (name: string) => counts.get(name) ?? { answered: 0, failing: 0 };
  const row = (s: LoadScenarioSummary) => {
    const { answered, failing } = verified(s.name);
    return html`<tr data-load-scenario="${s.name}">
<td><code>${s.name}</code></td><td><code>${s.executor}</code></td>
<td class="num">${formatCount(s.agents)}</td>
<td class="num">${formatCount(s.iterations)}</td>
<td class="num">${s.dropped > 0 ? html`<span class="badge warn">${formatCount(s.dropped)}</span>` : '0'}</td>
<td class="num">${formatCount(answered)}</td>
<td class="num">${failing > 0 ? html`<span class="badge bad">${formatCount(failing)}</span>` : '0'}</td>
</tr>`;
  };
  const total = scenarios.length < 2
    ? ''
    : html`<tfoot><tr><th>total</th><th></th><th class="num">${formatCount(totalOf(scenarios, 'agents'))}</th><th class="num">${formatCount(totalOf(scenarios, 'iterations'))}</th><th class="num">${formatCount(totalOf(scenarios, 'dropped'))}</th><th class="num">${formatCount(scenarios.reduce((n, s) => n + verified(s.name).answered, 0))}</th><th class="num">${formatCount(scenarios.reduce((n, s) => n + verified(s.name).failing, 0))}</th></tr></tfoot>`;
  return html`<div class="scroll"><table id="load-table">
<thead><tr><th>load scenario</th><th>executor</th><th class="num">agents</th><th class="num">calls started</th><th class="num" title="arrival-rate iterations dropped because every agent was busy">dropped</th><th class="num">answered</th><th class="num">failing</th></tr></thead>
<tbody>${scenarios.map(row)}</tbody>
${total}
</table></div>
<p class="muted small">Dropped: arrival-rate iterations that found every agent busy (k6's dropped_iterations); they were never dialed. Answered and failing count this run's verified calls.</p>`;
}

/** Shard of a split run, or the runs a merged one was made from. */
function partsOf(results: RunResults): SafeHtml | '' {
  const { shard, mergedFrom } = results.run;
  const parts: SafeHtml[] = [];
  if (shard !== undefined) {
    parts.push(html`<p class="notice" id="load-shard">This run is shard ${shard.index} of ${shard.count}: it placed only its share of the load. Merge the shards' run directories with <code>callcheck merge</code> to verify and report the whole run.</p>`);
  }
  if (mergedFrom !== undefined) {
    parts.push(html`<h3>Merged from ${mergedFrom.length} runs</h3>
<ul class="details" id="load-merged-from">${mergedFrom.map((dir) => html`<li><code>${dir}</code></li>`)}</ul>`);
  }
  return parts.length === 0 ? '' : html`${parts}`;
}
