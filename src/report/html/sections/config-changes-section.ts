import type { RunResults } from '../../../contracts/results.ts';
import { html, type SafeHtml } from '../safe-html.ts';

/**
 * What callcheck changed in its copy of a call center's own configuration before booting it: file, line
 * (of the user's file), the change with the value it replaced, and why. The dialplan is never among them.
 * Nothing when the run used callcheck's own dialplan or an external PBX.
 */
export function configChangesSection(results: RunResults): SafeHtml | '' {
  const user = results.stack.userConfig;
  if (user === undefined) return '';
  const rows = user.changes.map(
    (c) => html`<tr><td><code>${c.file}</code></td><td class="num">${c.line ?? ''}</td><td>${c.change}</td><td class="muted">${c.why}</td></tr>`,
  );
  return html`<section id="config-changes">
<h2>Your configuration: what callcheck changed <span class="badge">${user.changes.length} change(s)</span></h2>
<p>Booted from <code>${user.folders.join(', ')}</code>, the agents in context <code>${user.agentContext}</code>, trunk <code>${user.trunk}</code> answered by callcheck's simulated carrier (${user.carrierVersion}). The copy was changed only where listed; the dialplan was not edited. The copy as booted is <code>asterisk-config/</code> in the run directory.</p>
<div class="scroll"><table id="config-changes-table">
<thead><tr><th>file</th><th class="num">line</th><th>change</th><th>why</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`;
}
