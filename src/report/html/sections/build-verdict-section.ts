import type { BuildComparison, PhaseChange, PhaseComparison, QuantileDifference } from '../../../contracts/comparison.ts';
import type { RunResults } from '../../../contracts/results.ts';
import { statedQuantile } from '../../../logic/compare/compare-builds.ts';
import { formatCount, formatMs } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import { buildTitle, runBuilds } from '../../run-builds.ts';

const CHANGE_BADGE: Record<PhaseChange, { text: string; tone: string }> = {
  slower: { text: 'slower', tone: 'bad' },
  faster: { text: 'faster', tone: 'ok' },
  'no-change': { text: 'no change', tone: '' },
  'insufficient-data': { text: 'too few calls', tone: 'warn' },
};

/**
 * The answer of a browser-matrix run, right under the verdict banner: for every candidate build, what got
 * slower or faster than the baseline, by how much, and whether that is more than noise. Nothing at all
 * for a run without a matrix.
 */
export function matrixVerdictSection(results: RunResults): SafeHtml | '' {
  const matrix = results.matrix;
  if (matrix === undefined) return '';
  const builds = runBuilds(results);
  const calls = builds.map((b) => html`<code>${b.label}</code> ${formatCount(b.calls.length)}`);
  const shownRounds = matrix.rounds.slice(0, 3).map((round, i) => html`<li>round ${i + 1}: ${round.map((label, j) => html`${j > 0 ? html`<span class="arrow">→</span>` : ''}<code>${label}</code>`)}</li>`);
  const more = matrix.rounds.length > shownRounds.length ? html`<li class="muted">… ${matrix.rounds.length - shownRounds.length} more rounds in the same rotation</li>` : '';
  const facts = html`<p class="matrix-facts" id="matrix-facts">${matrix.builds.length} builds, baseline <code>${matrix.baseline}</code>, ${matrix.rounds.length} ${matrix.rounds.length === 1 ? 'round' : 'rounds'} run interleaved so that drift of the machine over time falls on every build alike · calls per build: ${join(calls, ', ')}</p>
<details class="rounds"><summary>order of the rounds</summary><ul class="details">${shownRounds}${more}</ul></details>`;
  return buildVerdictSection(matrix.comparisons, { heading: html`Browser builds against <code>${matrix.baseline}</code>`, facts });
}

export interface BuildVerdictOptions {
  heading: SafeHtml | string;
  /** What the comparisons were made on, shown above them. */
  facts?: SafeHtml;
}

/**
 * One block per comparison: its title with exact versions, its summary line, then a row per phase, the
 * changed ones in view and the unchanged ones a click away.
 */
export function buildVerdictSection(comparisons: readonly BuildComparison[], options: BuildVerdictOptions): SafeHtml {
  const blocks = comparisons.length === 0
    ? html`<p class="empty">No candidate build was compared with the baseline.</p>`
    : comparisons.map((c, i) => comparisonBlock(c, i + 1));
  return html`<section id="build-verdict">
<h2>${options.heading}</h2>
${options.facts ?? ''}
${blocks}
</section>`;
}

function comparisonBlock(c: BuildComparison, n: number): SafeHtml {
  const count = (change: PhaseChange) => c.phases.filter((p) => p.change === change).length;
  const badges = (['slower', 'faster', 'insufficient-data'] as const)
    .filter((change) => count(change) > 0)
    .map((change) => html` ${changeBadge(change, count(change))}`);
  const runs = c.baseline.runId === c.candidate.runId ? '' : html` <span class="muted">(run <code>${c.candidate.runId}</code> against run <code>${c.baseline.runId}</code>)</span>`;
  const changed = c.phases.some((p) => p.change === 'slower' || p.change === 'faster');
  // The changed phases' rows are the answer; when there are none, say so in words rather than show an empty table.
  const answer = changed ? '' : html`<p class="no-change">No phase changed beyond noise: no difference is significant at α ${c.alpha} with its ${confidencePct(c)} interval excluding 0.</p>`;
  const tooFew = count('insufficient-data');
  const unchanged = count('no-change');
  // Unchanged phases are noise by the verdict's own rule: folded away (CSS, no script) behind the ones that
  // changed; when none did, every row stays in view.
  const toggle = !changed || unchanged === 0
    ? ''
    : html`<label class="show-unchanged"><input type="checkbox" class="show-unchanged-toggle"> show the ${unchanged} unchanged ${unchanged === 1 ? 'phase' : 'phases'} too</label>`;
  return html`<div class="comparison" data-candidate="${c.candidate.build}" data-baseline="${c.baseline.build}">
<h3 class="comparison-title">${buildTitle(c.candidate)} <span class="muted">against</span> ${buildTitle(c.baseline)}${runs}</h3>
<p class="build-summary">${c.summary}${badges}</p>
${answer}
${toggle}
<div class="scroll"><table id="comparison-table-${n}" class="comparison-table">
<thead><tr><th>phase</th><th class="num">calls<br><span class="muted">base / cand.</span></th><th class="num">baseline ms<br><span class="muted">p50 · p95</span></th><th class="num">candidate ms<br><span class="muted">p50 · p95</span></th><th class="num">Δ p50 ms<br><span class="muted">${confidencePct(c)} CI</span></th><th class="num">Δ p95 ms<br><span class="muted">${confidencePct(c)} CI</span></th><th class="num">p-value</th><th>change</th><th>verdict</th></tr></thead>
<tbody>${c.phases.map((p) => phaseRow(p, c.minEffectMs))}</tbody>
</table></div>
<p class="muted small method">Δ is candidate − baseline (positive: the candidate is slower), with a percentile-bootstrap ${confidencePct(c)} interval (${formatCount(c.bootstrapResamples)} resamples, seed ${c.seed}); the p-value is the two-sided Mann–Whitney U test. A phase is slower or faster when the test is significant at α ${c.alpha} and the interval excludes 0 with a difference of at least ${c.minEffectMs} ms; it needs at least ${c.minSamples} calls on each side${tooFew > 0 ? ` (${tooFew} ${tooFew === 1 ? 'phase has' : 'phases have'} fewer)` : ''}.</p>
</div>`;
}

function phaseRow(p: PhaseComparison, minEffectMs: number): SafeHtml {
  const stated = statedQuantile(p, minEffectMs);
  const effect = p.mannWhitney === undefined ? '' : `P(a candidate call is slower than a baseline call) = ${p.mannWhitney.effect.toFixed(2)}; U = ${p.mannWhitney.u}, ${p.mannWhitney.method}`;
  return html`<tr class="change-${p.change}" data-phase="${p.phase}" data-change="${p.change}">
<td>${p.label}<div class="muted"><code>${p.phase}</code></div></td>
<td class="num">${p.baselineCount} / ${p.candidateCount}</td>
<td class="num">${pair(p.p50?.baselineMs, p.p95?.baselineMs)}</td>
<td class="num">${pair(p.p50?.candidateMs, p.p95?.candidateMs)}</td>
<td class="num">${difference(p.p50, stated === p.p50 && p.change !== 'no-change')}</td>
<td class="num">${difference(p.p95, stated === p.p95 && p.change !== 'no-change')}</td>
<td class="num" title="${effect}">${p.mannWhitney === undefined ? html`<span class="null">—</span>` : formatP(p.mannWhitney.pValue)}</td>
<td>${changeBadge(p.change)}</td>
<td class="sentence">${p.sentence}</td>
</tr>`;
}

function changeBadge(change: PhaseChange, count?: number): SafeHtml {
  const { text, tone } = CHANGE_BADGE[change];
  return html`<span class="${tone === '' ? 'badge' : `badge ${tone}`}">${count === undefined ? '' : `${count} `}${text}</span>`;
}

function pair(p50: number | undefined, p95: number | undefined): string {
  return `${formatMs(p50)} · ${formatMs(p95)}`;
}

/**
 * The difference and its interval; coloured when the interval excludes 0, the direction it points, and
 * boxed when it is the figure the phase's verdict sentence quotes.
 */
function difference(d: QuantileDifference | undefined, stated: boolean): SafeHtml {
  if (d === undefined) return html`<span class="null">—</span>`;
  const tone = d.ciLowMs > 0 ? 'diff-up' : d.ciHighMs < 0 ? 'diff-down' : '';
  const classes = [tone, stated ? 'stated' : ''].filter(Boolean).join(' ');
  return html`<span${classes === '' ? '' : html` class="${classes}"`}>${signedMs(d.diffMs)}</span><div class="ci">[${signedMs(d.ciLowMs)}, ${signedMs(d.ciHighMs)}]</div>`;
}

/** A difference with its sign always shown, so a reader never takes −3 for 3. */
export function signedMs(ms: number): string {
  if (ms === 0) return '0';
  return `${ms > 0 ? '+' : '−'}${formatMs(Math.abs(ms))}`;
}

/** A p-value to three decimals; below 0.001 only the bound, since more digits claim a precision the test has not. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function confidencePct(c: BuildComparison): string {
  return `${Math.round(c.confidence * 1000) / 10}%`;
}

function join(items: readonly SafeHtml[], separator: string): SafeHtml[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [html`${separator}`, item]));
}
