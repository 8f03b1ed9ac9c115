import type { RunResults } from '../../../contracts/results.ts';
import type { ThresholdResult } from '../../../contracts/threshold-options.ts';
import { formatCount } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import { formatObserved } from '../../text/threshold-summary.ts';

/**
 * Every threshold of the scenario, in the order written: what was measured against what, over how many
 * samples, and whether it held. A failed threshold is marked in the row and its badge; a line says so
 * when one with abortOnFail stopped the load early. Nothing at all when the scenario has no threshold.
 */
export function thresholdsSection(results: RunResults): SafeHtml | '' {
  const thresholds = results.thresholds ?? [];
  if (thresholds.length === 0) return '';
  const failed = thresholds.filter((t) => !t.passed).length;
  const aborted = results.summary.abortedByThreshold === true;
  const heading = failed === 0
    ? html`<span class="badge ok">all ${thresholds.length} passed</span>`
    : html`<span class="badge bad">${failed} of ${thresholds.length} failed</span>`;
  const abortLine = aborted
    ? html`<p class="notice" id="threshold-abort">The load was stopped early: a threshold with abortOnFail failed while calls were placed, so fewer calls ran than the load profile planned. The thresholds below were evaluated on the calls that ran.</p>`
    : '';
  return html`<section id="thresholds">
<h2>Thresholds ${heading}</h2>
${abortLine}
<div class="scroll"><table id="thresholds-table">
<thead><tr><th>result</th><th>metric key</th><th>expression</th><th class="num">observed</th><th class="num">samples</th><th>abortOnFail</th></tr></thead>
<tbody>${thresholds.map(thresholdRow)}</tbody>
</table></div>
</section>`;
}

function thresholdRow(t: ThresholdResult): SafeHtml {
  const result = t.passed ? html`<span class="badge ok">✓ pass</span>` : html`<span class="badge bad">✗ fail</span>`;
  const observed = t.noData
    ? html`<span class="null">no data</span><div class="muted">counts as failed</div>`
    : html`<span class="${t.passed ? '' : 'received'}">${formatObserved(t)}</span>`;
  // Which threshold stopped the load is not recorded (one may fail mid-run and pass at the end), so a
  // failing abortOnFail threshold is only marked as such.
  const abort = t.abortOnFail ? html`<span class="badge${t.passed ? '' : ' bad'}">yes</span>` : html`<span class="muted">no</span>`;
  return html`<tr class="${t.passed ? '' : 'failing'}" data-threshold="${t.key} ${t.expression}" data-passed="${t.passed}">
<td>${result}</td>
<td><code>${t.key}</code></td>
<td><code>${t.expression}</code></td>
<td class="num">${observed}</td>
<td class="num">${formatCount(t.samples)} <span class="muted">${t.sampleNoun}</span></td>
<td>${abort}</td>
</tr>`;
}
