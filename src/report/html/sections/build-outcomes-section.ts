import type { CallOutcome } from '../../../contracts/call-record.ts';
import type { CdrVerdictKind } from '../../../contracts/verdict.ts';
import { callFailed } from '../../../logic/plan/customer-outcomes.ts';
import { isCallFailing } from '../../call-conformance.ts';
import { formatCount } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import type { RunBuild } from '../../run-builds.ts';

/** Every outcome an agent can see, in the order the table shows them. */
const OUTCOMES = ['answered', 'busy', 'no-answer', 'congestion', 'cancelled', 'declined', 'not-found', 'rejected', 'failed', 'interrupted'] as const satisfies readonly CallOutcome[];
/** Outcomes that are never what a dialed number asks for: shown even at 0, and marked when not. */
const ALWAYS_SHOWN: ReadonlySet<CallOutcome> = new Set(['answered', 'failed']);
const BAD_OUTCOMES: ReadonlySet<CallOutcome> = new Set(['failed', 'interrupted']);

const CDR_COLUMNS: readonly { kind: CdrVerdictKind; label: string; bad: boolean }[] = [
  { kind: 'matched', label: 'matched', bad: false },
  { kind: 'not-recorded', label: 'not recorded', bad: false },
  { kind: 'missing', label: 'missing', bad: true },
  { kind: 'duplicate', label: 'duplicate', bad: true },
  { kind: 'mismatched', label: 'mismatched', bad: true },
  { kind: 'unexpected-row', label: 'unexpected row', bad: true },
];

/**
 * Verdicts only an outage of the system under test gives, and a row written without its key: their columns
 * are shown when a call has one.
 */
const OCCASIONAL_COLUMNS: readonly { kind: CdrVerdictKind; label: string; bad: boolean }[] = [
  { kind: 'key-not-stored', label: 'key not stored', bad: true },
  { kind: 'lost', label: 'lost in CDR outage', bad: true },
  { kind: 'in-flight', label: 'in flight at PBX crash', bad: true },
  { kind: 'not-placed', label: 'not placed: PBX down', bad: true },
];

const PCT = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/**
 * What happened to each build's calls: the outcomes the agents saw, as counts and shares of the calls
 * placed, and the CDR verdicts of those calls. A build that fails calls or loses rows more often than
 * the others shows here, whatever its latency.
 */
export function buildOutcomesSection(builds: readonly RunBuild[], unknownRows: number): SafeHtml {
  const seen = OUTCOMES.filter((o) => ALWAYS_SHOWN.has(o) || builds.some((b) => b.calls.some((c) => c.outcome === o)));
  const outcomeRows = builds.map((b) => {
    const placed = b.calls.length;
    const notAsPlanned = b.calls.filter(callFailed).length;
    const heard = b.calls.filter((c) => c.audio?.heard === true && c.audio.crossedWith === undefined).length;
    const proven = b.calls.filter((c) => c.audio !== undefined).length;
    return html`<tr data-build="${b.label}">
<td>${buildCell(b)}</td>
<td class="num">${formatCount(placed)}</td>
${seen.map((o) => share(b.calls.filter((c) => c.outcome === o).length, placed, BAD_OUTCOMES.has(o)))}
${share(notAsPlanned, placed, true)}
<td class="num">${proven === 0 ? html`<span class="null">—</span>` : html`${formatCount(heard)} / ${formatCount(proven)}`}</td>
</tr>`;
  });
  const cdrColumns = [...CDR_COLUMNS, ...OCCASIONAL_COLUMNS.filter((col) => builds.some((b) => b.calls.some((c) => c.cdr.kind === col.kind)))];
  const cdrRows = builds.map((b) => {
    const placed = b.calls.length;
    const failing = b.calls.filter(isCallFailing).length;
    return html`<tr data-build="${b.label}">
<td>${buildCell(b)}</td>
${cdrColumns.map((col) => share(b.calls.filter((c) => c.cdr.kind === col.kind).length, placed, col.bad))}
${share(failing, placed, true)}
</tr>`;
  });
  return html`<section id="build-outcomes">
<h2>Outcomes and CDR verdicts${builds.length > 1 ? ' per build' : ''}</h2>
<h3>Outcome the agent saw</h3>
<div class="scroll"><table id="build-outcome-table">
<thead><tr><th>build</th><th class="num">placed</th>${seen.map((o) => html`<th class="num">${o}</th>`)}<th class="num" title="the outcome differs from the one the dialed number asks for">not as planned</th><th class="num">own audio heard</th></tr></thead>
<tbody>${outcomeRows}</tbody>
</table></div>
<h3>CDR verdict of its calls</h3>
<div class="scroll"><table id="build-cdr-table">
<thead><tr><th>build</th>${cdrColumns.map((c) => html`<th class="num">${c.label}</th>`)}<th class="num" title="a CDR defect, or the call failed, was interrupted or ended otherwise than planned">failing calls</th></tr></thead>
<tbody>${cdrRows}</tbody>
</table></div>
${unknownRows > 0 ? html`<p class="muted small">${formatCount(unknownRows)} unknown ${unknownRows === 1 ? 'row carries' : 'rows carry'} a key no call sent, so no build can be named for ${unknownRows === 1 ? 'it' : 'them'}; see Unknown CDR rows.</p>` : ''}
</section>`;
}

function buildCell(b: RunBuild): SafeHtml {
  return html`<code>${b.label}</code>${b.baseline ? html` <span class="badge">baseline</span>` : ''}<div class="muted small">${b.ref.name} ${b.ref.version}</div>`;
}

/** `n` and its share of `of`; a non-zero count that is a failure is marked. */
function share(n: number, of: number, bad: boolean): SafeHtml {
  const pct = of === 0 ? '' : html` <span class="muted">${PCT.format((n / of) * 100)}%</span>`;
  const count = n > 0 && bad ? html`<span class="badge bad">${formatCount(n)}</span>` : formatCount(n);
  return html`<td class="num">${count}${pct}</td>`;
}
