import type { CdrRow } from '../../../contracts/cdr-row.ts';
import type { RunResults, VerifiedCall } from '../../../contracts/results.ts';
import type { UnknownRow } from '../../../contracts/verdict.ts';
import { isCallFailing, reportVerdict, type ReportVerdict, keyValueOf } from '../../call-conformance.ts';
import { formatDb, formatMos, formatPct, showValue } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import { orderForReport } from '../../verdict-order.ts';
import { truncationInWords } from '../../../logic/verify/column-expectation.ts';

/**
 * Every call, failures first: its CDR verdict, whether its own audio came back (a call that heard another
 * call's audio is flagged as crossed), its MOS and packet loss, and the load scenario it belonged to. Below
 * it the rows no call accounts for.
 */
export function verdictSection(results: RunResults): SafeHtml {
  const keyHeader = results.stack.keyHeader;
  // A browser matrix's calls say which build placed them; a run without one has a single build.
  const builds = results.calls.some((c) => c.build !== undefined);
  const body = results.calls.length === 0
    ? html`<p class="empty">No call was placed.</p>`
    : html`<div class="scroll"><table id="verdict-table">
<thead><tr><th>call</th>${builds ? html`<th>build</th>` : ''}<th>load scenario</th><th>agent</th><th>${keyHeader}</th><th>outcome / SIP</th><th>audio</th><th class="num">MOS</th><th class="num">loss %</th><th>verdict</th><th>details</th></tr></thead>
<tbody>
${orderForReport(results.calls).map((call) => verdictRow(call, keyHeader, builds))}
</tbody>
</table></div>`;
  return html`<section id="verdicts">
<h2>Calls: CDR verdict, audio and media</h2>
${body}
</section>`;
}

const VERDICT_LABEL: Record<ReportVerdict, string> = {
  matched: 'matched',
  'not-recorded': 'not recorded',
  missing: 'missing',
  duplicate: 'duplicate',
  mismatched: 'mismatched',
  'unexpected-row': 'unexpected row',
  'not-verified': 'CDR not verified',
  lost: 'lost in CDR outage',
  'key-not-stored': 'key not stored',
  'in-flight': 'in flight at PBX crash',
  'not-placed': 'not placed: PBX down',
  'call-failed': 'call failed',
  'call-interrupted': 'call interrupted',
  'wrong-outcome': 'wrong outcome',
};

/** The words a report uses for a verdict, e.g. `unexpected row`. */
export function verdictLabel(verdict: ReportVerdict): string {
  return VERDICT_LABEL[verdict];
}

function verdictRow(call: VerifiedCall, keyHeader: string, showBuild: boolean): SafeHtml {
  const verdict = reportVerdict(call);
  const failing = isCallFailing(call);
  const badgeClass = failing ? 'bad' : verdict === 'matched' ? 'ok' : '';
  const status = call.sipStatus === undefined ? html`<span class="null">no final response</span>` : html`<code>${call.sipStatus} ${call.sipReason ?? ''}</code>`;
  const audio = audioState(call);
  return html`<tr class="${failing ? 'failing' : ''}" data-call="${call.id}" data-verdict="${verdict}" data-audio="${audio}">
<td class="id"><code>${call.id}</code></td>
${showBuild ? html`<td class="id">${call.build === undefined ? html`<span class="null">—</span>` : html`<code>${call.build}</code>`}</td>` : ''}
<td class="id">${call.loadScenario === undefined ? html`<span class="null">—</span>` : html`<code>${call.loadScenario}</code>`}</td>
<td class="id">${call.agent}</td>
<td>${showValue(keyValueOf(call, keyHeader) ?? null)}</td>
<td>${call.outcome}<br>${status}</td>
<td class="audio">${audioCell(call, audio)}</td>
<td class="num">${formatMos(call.media?.mos)}</td>
<td class="num">${formatPct(call.media?.packetLossPct)}</td>
<td><span class="badge ${badgeClass}">${VERDICT_LABEL[verdict]}</span></td>
<td>${verdictDetails(call, verdict)}</td>
</tr>`;
}

/** What the call's audio proof says: `none` for a call that never reached the answer. */
type AudioState = 'heard' | 'not-heard' | 'crossed' | 'none';

function audioState(call: VerifiedCall): AudioState {
  if (call.audio === undefined) return 'none';
  if (call.audio.crossedWith !== undefined) return 'crossed';
  return call.audio.heard ? 'heard' : 'not-heard';
}

function audioCell(call: VerifiedCall, state: AudioState): SafeHtml {
  const audio = call.audio;
  if (audio === undefined) return html`<span class="null">—</span>`;
  const snr = audio.snrDb === undefined ? '' : html` <span class="muted">SNR ${formatDb(audio.snrDb)}</span>`;
  switch (state) {
    case 'crossed':
      return html`<span class="badge bad">crossed</span> heard <code class="received">${audio.crossedWith ?? ''}</code><div class="muted">sent <code>${audio.signature}</code></div>`;
    case 'not-heard':
      return html`<span class="badge bad">not heard</span> <code>${audio.signature}</code>${snr}`;
    default:
      return html`<span class="badge ok">heard</span> <code>${audio.signature}</code>${snr}`;
  }
}

/** What the CDR verdict found (the row, the mismatches, why no row), and the agent's error: one list. */
export function verdictDetails(call: VerifiedCall, verdict: ReportVerdict): SafeHtml {
  const cdr = call.cdr;
  const items: SafeHtml[] = [];
  switch (cdr.kind) {
    case 'matched':
      items.push(html`<li class="muted">row <code>${cdr.row.uniqueid}</code>, ${cdr.row.disposition}, billsec ${cdr.row.billsec}</li>`);
      for (const t of cdr.truncated ?? []) {
        items.push(html`<li><span class="badge">truncated</span> <code>${t.field}</code> (${t.header}) ${truncationInWords(t)}; holds ${showValue(t.stored)}</li>`);
      }
      break;
    case 'not-recorded':
    case 'not-verified':
      items.push(html`<li class="muted">${cdr.reason}</li>`);
      break;
    case 'missing':
      items.push(html`<li>${cdr.reason}</li>`);
      break;
    case 'duplicate':
      items.push(html`<li>${cdr.rows.length} rows carry this key:</li>`);
      for (const row of cdr.rows) items.push(html`<li>${rowSummary(row)}</li>`);
      break;
    case 'mismatched':
      for (const m of cdr.mismatches) {
        items.push(html`<li><code>${m.field}</code>: ${showValue(m.expected)}<span class="arrow">→</span><span class="received">${showValue(m.received)}</span> <span class="muted">(${m.rule})</span></li>`);
      }
      break;
    case 'unexpected-row':
    case 'key-not-stored':
      items.push(html`<li>${cdr.reason}</li>`, html`<li>${rowSummary(cdr.row)}</li>`);
      break;
    case 'lost':
    case 'in-flight':
    case 'not-placed':
      items.push(html`<li>${cdr.reason}</li>`);
      break;
  }
  if (verdict === 'wrong-outcome') items.push(html`<li><strong>wrong outcome:</strong> ended as ${call.outcome}, the number dialed asked for ${call.plannedOutcome}</li>`);
  if (call.error !== undefined) items.push(html`<li><strong>agent error:</strong> ${call.error}</li>`);
  return html`<ul class="details">${items}</ul>`;
}

export function unknownRowsSection(rows: readonly UnknownRow[]): SafeHtml {
  if (rows.length === 0) {
    return html`<section id="unknown-rows"><h2>Unknown CDR rows</h2><p class="empty">None: every row in the CDR table belongs to a call of this run.</p></section>`;
  }
  const body = rows.map(
    ({ key, row }) => html`<tr data-key="${key ?? ''}">
<td>${showValue(key)}</td><td><code>${row.uniqueid}</code></td><td>${row.calldate}</td><td><code>${row.src}</code> <span class="arrow">→</span><code>${row.dst}</code></td><td>${row.disposition}</td><td class="num">${row.duration}</td><td class="num">${row.billsec}</td>
<td>${Object.entries(row.mapped).map(([column, value]) => html`<div><code>${column}</code> = ${showValue(value)}</div>`)}</td>
</tr>`,
  );
  return html`<section id="unknown-rows">
<h2>Unknown CDR rows <span class="badge bad">${rows.length}</span></h2>
<p class="empty">Rows whose key no call of this run sent.</p>
<div class="scroll"><table>
<thead><tr><th>key</th><th>uniqueid</th><th>calldate</th><th>src → dst</th><th>disposition</th><th class="num">duration</th><th class="num">billsec</th><th>mapped columns</th></tr></thead>
<tbody>${body}</tbody>
</table></div>
</section>`;
}

function rowSummary(row: CdrRow): SafeHtml {
  return html`<code>${row.uniqueid}</code> · ${row.calldate} · ${row.disposition} · billsec ${row.billsec}`;
}

