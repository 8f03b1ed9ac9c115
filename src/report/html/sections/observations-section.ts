import type { RunResults } from '../../../contracts/results.ts';
import { formatMs } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import { agentEventLines } from '../../text/agent-event-lines.ts';
import { cdrDelayLine, outageLine } from '../../text/observation-lines.ts';

/**
 * What callcheck observed of the system under test while the calls ran: the hangup → CDR row delay, every
 * outage of the CDR database or Asterisk (planted by the scenario's faults or not), the agents that
 * registered again and the pages that crashed, and every event in the order seen, timed from the start.
 */
export function observationsSection(results: RunResults): SafeHtml {
  const observed = results.observations;
  if (observed === undefined) return html``;
  const start = Date.parse(results.run.startedAt);
  const agentLines = agentEventLines(observed.events);
  const events = observed.events.map(
    (e) => html`<tr data-event="${e.kind}"><td class="num">+${formatMs(e.at - start)} ms</td><td><code>${e.kind}</code></td><td>${e.detail}</td></tr>`,
  );
  return html`<section id="observations">
<h2>System under test: what callcheck observed</h2>
<p id="cdr-delay">${observed.cdrDelay === undefined ? 'hangup → CDR row: not measured (the CDR table has no id column to watch)' : cdrDelayLine(observed.cdrDelay)}</p>
${observed.outages.length === 0
    ? html`<p class="empty" id="outages">No outage: the CDR database and Asterisk answered every probe (every 250 ms).</p>`
    : html`<ul id="outages">${observed.outages.map((o) => html`<li class="bad" data-component="${o.component}">${outageLine(o)}</li>`)}</ul>`}
${agentLines.length === 0 ? '' : html`<ul id="agent-events">${agentLines.map((line) => html`<li>${line}</li>`)}</ul>`}
${events.length === 0 ? '' : html`<div class="scroll"><table id="event-table">
<thead><tr><th class="num">at</th><th>event</th><th>detail</th></tr></thead>
<tbody>${events}</tbody>
</table></div>`}
</section>`;
}
