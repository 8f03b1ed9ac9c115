import type { CallTimeline, TimelineEvent } from '../../contracts/call-record.ts';
import type { VerifiedCall } from '../../contracts/results.ts';
import { isCallFailing, reportVerdict } from '../call-conformance.ts';
import { formatDb, formatMos, formatMs, formatPct, showValue } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { verdictDetails, verdictLabel } from './sections/verdict-section.ts';
import { headerLinesOf } from '../../logic/plan/call-headers.ts';

/** What each stamp of the timeline means, in words; a Record, so a new stamp cannot go unlabelled. */
const EVENT_LABEL: Record<TimelineEvent, string> = {
  registered: 'REGISTER accepted',
  dialRequested: 'click (dial requested)',
  mediaReady: 'audio ready',
  iceGathered: 'ICE gathering done',
  inviteSent: 'INVITE sent',
  trying: '100 Trying received',
  ringing: '180/183 received',
  cancelSent: 'CANCEL sent',
  answered: '200 OK received',
  ackSent: 'ACK sent',
  iceConnected: 'ICE connected',
  dtlsConnected: 'DTLS connected',
  firstRtp: 'first RTP received',
  firstAudio: 'own audio heard back',
  byeSent: 'BYE sent',
  ended: 'ended',
};

/**
 * Everything the agent saw of one call, for reading a slow or failed call without opening results.json:
 * every timeline stamp and every SIP message in time order, relative to the click; the media statistics;
 * the audio proof; and the CDR verdict with the row.
 */
export function callDetails(call: VerifiedCall): SafeHtml {
  const origin = call.timeline.dialRequested ?? earliest(call.timeline);
  return html`<div class="call-detail">
<div class="call-detail-grid">
<div><h4>Timeline <span class="muted">(ms from the click)</span></h4>${timelineTable(call.timeline, origin)}</div>
<div><h4>SIP messages <span class="muted">(as the agent saw them)</span></h4>${sipTable(call, origin)}</div>
</div>
<div class="call-detail-grid">
<div><h4>Media (getStats before hangup)</h4>${mediaList(call)}</div>
<div><h4>Audio proof</h4>${audioList(call)}<h4>CDR verdict</h4>${verdictBadge(call)}${verdictDetails(call, reportVerdict(call))}</div>
</div>
<dl class="kv call-facts">
<dt>dialed</dt><dd><code>${call.dialed}</code> <span class="muted">(planned: ${call.plannedOutcome})</span></dd>
<dt>SIP Call-ID</dt><dd>${call.sipCallId === undefined ? html`<span class="null">none</span>` : html`<code>${call.sipCallId}</code>`}</dd>
<dt>headers sent</dt><dd>${headerLinesOf(call).map(({ name, value }) => html`<div><code>${name}</code>: ${showValue(value)}</div>`)}</dd>
${call.error === undefined ? '' : html`<dt>agent error</dt><dd class="received">${call.error}</dd>`}
</dl>
</div>`;
}

/** The call's verdict as the verdict table shows it: red when failing, green when matched. */
export function verdictBadge(call: VerifiedCall): SafeHtml {
  const verdict = reportVerdict(call);
  const tone = isCallFailing(call) ? 'bad' : verdict === 'matched' ? 'ok' : '';
  return html`<span class="${tone === '' ? 'badge' : `badge ${tone}`}">${verdictLabel(verdict)}</span>`;
}

function earliest(timeline: CallTimeline): number | undefined {
  const stamps = Object.values(timeline).filter((v): v is number => typeof v === 'number');
  return stamps.length === 0 ? undefined : Math.min(...stamps);
}

function relative(at: number, origin: number | undefined): string {
  if (origin === undefined) return '—';
  const ms = at - origin;
  return ms > 0 ? `+${formatMs(ms)}` : ms < 0 ? `−${formatMs(-ms)}` : '0';
}

function timelineTable(timeline: CallTimeline, origin: number | undefined): SafeHtml {
  const stamps = (Object.entries(timeline) as [TimelineEvent, number | undefined][])
    .filter((e): e is [TimelineEvent, number] => typeof e[1] === 'number')
    .sort((a, b) => a[1] - b[1]);
  if (stamps.length === 0) return html`<p class="empty">No stamp.</p>`;
  const rows = stamps.map(([event, at], i) => {
    const previous = i === 0 ? undefined : stamps[i - 1]?.[1];
    return html`<tr data-event="${event}"><td>${EVENT_LABEL[event] ?? event}</td><td class="num">${relative(at, origin)}</td><td class="num muted">${previous === undefined ? '' : `+${formatMs(at - previous)}`}</td></tr>`;
  });
  return html`<table class="timeline"><thead><tr><th>stamp</th><th class="num">at ms</th><th class="num">step ms</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function sipTable(call: VerifiedCall, origin: number | undefined): SafeHtml {
  if (call.sip.length === 0) return html`<p class="empty">No SIP message was recorded.</p>`;
  const rows = [...call.sip]
    .sort((a, b) => a.at - b.at)
    .map((m) => html`<tr class="sip-${m.direction}"><td class="num">${relative(m.at, origin)}</td><td class="dir">${m.direction === 'sent' ? '→ sent' : '← received'}</td><td><code>${m.firstLine}</code></td></tr>`);
  return html`<table class="sip-trace"><thead><tr><th class="num">at ms</th><th>direction</th><th>first line</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function mediaList(call: VerifiedCall): SafeHtml {
  const m = call.media;
  if (m === undefined) return html`<p class="empty">No media statistics (the call never reached the answer, or ended before they were read).</p>`;
  const optional = (value: number | undefined, unit: string) => (value === undefined ? html`<span class="null">—</span>` : `${formatMs(value)} ${unit}`);
  return html`<dl class="kv">
<dt>ICE state</dt><dd>${m.iceConnectionState}</dd>
<dt>selected pair</dt><dd>${m.selectedPair === undefined ? html`<span class="null">none</span>` : html`<code>${m.selectedPair.local}</code><span class="arrow">↔</span><code>${m.selectedPair.remote}</code>`}</dd>
<dt>packets</dt><dd>${m.packetsSent} sent, ${m.packetsReceived} received, ${m.packetsLost} lost (${formatPct(m.packetLossPct)} %)</dd>
<dt>bytes received</dt><dd>${m.bytesReceived}</dd>
<dt>jitter</dt><dd>${optional(m.jitterMs, 'ms')}</dd>
<dt>round trip</dt><dd>${optional(m.roundTripTimeMs, 'ms')}</dd>
<dt>MOS</dt><dd>${formatMos(m.mos)}</dd>
</dl>`;
}

function audioList(call: VerifiedCall): SafeHtml {
  const a = call.audio;
  if (a === undefined) return html`<p class="empty">None: the call never reached the answer.</p>`;
  const state = a.crossedWith !== undefined
    ? html`<span class="badge bad">crossed</span> heard <code class="received">${a.crossedWith}</code> instead`
    : a.heard
      ? html`<span class="badge ok">heard back</span>`
      : html`<span class="badge bad">not heard</span>`;
  return html`<dl class="kv">
<dt>signature sent</dt><dd><code>${a.signature}</code></dd>
<dt>came back</dt><dd>${state}</dd>
<dt>SNR</dt><dd>${a.snrDb === undefined ? html`<span class="null">—</span>` : formatDb(a.snrDb)}</dd>
</dl>`;
}
