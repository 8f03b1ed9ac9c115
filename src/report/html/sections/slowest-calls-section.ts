import type { VerifiedCall } from '../../../contracts/results.ts';
import { PHASES, phaseDurations, type PhaseDefinition } from '../../../logic/results/phases.ts';
import { percentile } from '../../../logic/stats/percentile.ts';
import { callDetails, verdictBadge } from '../call-details.ts';
import { formatMs } from '../format.ts';
import { DEFAULT_DISTRIBUTION_PHASE } from './latency-section.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import type { RunBuild } from '../../run-builds.ts';

/** How many of the slowest calls the report opens up. */
export const SLOWEST_CALLS = 10;

/**
 * The calls that took longest, by click → 200 OK (or, when no call was answered, by the first phase any
 * call reached), each with its whole story one click away: a `<details>` per call. Beside each call's
 * time, its build's median of the same phase, so an outlier reads as one.
 */
export function slowestCallsSection(builds: readonly RunBuild[], limit = SLOWEST_CALLS): SafeHtml {
  const calls = builds.flatMap((b) => b.calls.map((call) => ({ call, build: b })));
  const phase = rankingPhase(calls.map((c) => c.call));
  if (phase === undefined) {
    return html`<section id="slowest-calls"><h2>Slowest calls</h2><p class="empty">No call reached a phase, so none can be ranked.</p></section>`;
  }
  const medians = new Map(builds.map((b) => [b.label, percentile(b.calls.flatMap((c) => durationOf(c, phase)), 50)]));
  const ranked = calls
    .flatMap(({ call, build }) => durationOf(call, phase).map((ms) => ({ call, build, ms })))
    .sort((a, b) => b.ms - a.ms || a.call.index - b.call.index)
    .slice(0, limit);
  const several = builds.length > 1;
  const items = ranked.map(({ call, build, ms }, i) => {
    const median = medians.get(build.label);
    return html`<details class="slow-call" data-call="${call.id}" data-build="${build.label}" data-ms="${ms}">
<summary><span class="rank">${i + 1}</span><span class="slow-ms">${formatMs(ms)} ms</span><span class="muted slow-median">${median === undefined ? '' : `${several ? `${build.label} ` : ''}p50 ${formatMs(median)} ms`}</span><code>${call.id}</code><span>${several ? html`<code>${build.label}</code>` : ''}</span><span class="muted">${call.agent}</span><span>${call.outcome}${call.sipStatus === undefined ? '' : ` · ${call.sipStatus}`}</span>${verdictBadge(call)}</summary>
${callDetails(call)}
</details>`;
  });
  return html`<section id="slowest-calls">
<h2>The ${ranked.length} slowest ${ranked.length === 1 ? 'call' : 'calls'} by ${phase.label}</h2>
<p class="muted small">Click a call for every timeline stamp, every SIP message, its media statistics, the audio proof and the CDR verdict.</p>
<div class="slow-calls">${items}</div>
</section>`;
}

function rankingPhase(calls: readonly VerifiedCall[]): PhaseDefinition | undefined {
  const reached = (p: PhaseDefinition) => calls.some((c) => durationOf(c, p).length > 0);
  const preferred = PHASES.find((p) => p.name === DEFAULT_DISTRIBUTION_PHASE);
  if (preferred !== undefined && reached(preferred)) return preferred;
  return PHASES.find(reached);
}

/** The call's duration of the phase, as a list of zero or one, so calls without it drop out of a flatMap. */
function durationOf(call: VerifiedCall, phase: PhaseDefinition): number[] {
  const ms = phaseDurations(call.timeline)[phase.name];
  return ms === undefined ? [] : [ms];
}
