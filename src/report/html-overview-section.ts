import type { RunResults } from '../contracts/results.ts';
import { formatDuration } from './html-format.ts';
import { html, type SafeHtml } from './html-template.ts';

/** The verdict banner, the counts, and what ran: browsers with exact versions and the system under test. */
export function header(results: RunResults, conforms: boolean, verdictText: string): SafeHtml {
  const { run } = results;
  const notices: SafeHtml[] = [];
  if (results.calls.length === 0) notices.push(html`<p class="notice">No call was placed: nothing was verified.</p>`);
  if (run.interrupted === true) notices.push(html`<p class="notice">The run was interrupted; these results are partial.</p>`);
  return html`<header class="run ${conforms ? 'pass' : 'fail'}">
<div>
<h1><span class="tool">callcheck ·</span> ${run.scenario}</h1>
<p>run <code>${run.id}</code> · ${run.startedAt} · ${formatDuration(run.durationMs)}</p>
</div>
${notices}
<div class="verdict" id="verdict">${verdictText}</div>
</header>`;
}

export function summarySection(results: RunResults): SafeHtml {
  const { summary } = results;
  const { cdr } = summary;
  const tile = (label: string, n: number, tone: 'bad' | 'good' | 'plain') =>
    html`<div class="tile${n > 0 && tone !== 'plain' ? ` ${tone}` : ''}"><span class="n">${n}</span><span class="l">${label}</span></div>`;
  return html`<section id="summary">
<h2>Summary</h2>
<div class="tile-groups">
<div class="tile-group"><h3>Calls</h3><div class="tiles">
${summary.placed === 0 ? html`<div class="tile bad"><span class="n">0</span><span class="l">placed</span></div>` : tile('placed', summary.placed, 'plain')}
${tile('answered', summary.answered, 'plain')}
${tile('failed in agent', summary.failed, 'bad')}
</div></div>
<div class="tile-group"><h3>CDR verdicts</h3><div class="tiles">
${tile('matched', cdr.matched, 'good')}
${tile('missing', cdr.missing, 'bad')}
${tile('duplicate', cdr.duplicate, 'bad')}
${tile('mismatched', cdr.mismatched, 'bad')}
${tile('unexpected', cdr.unexpected, 'bad')}
${tile('unknown', cdr.unknown, 'bad')}
${tile('not recorded', cdr.notRecorded, 'plain')}
</div></div>
</div>
</section>`;
}

export function environmentSection(results: RunResults): SafeHtml {
  const { run, stack, browsers } = results;
  const keyHeader = stack.keyHeader;
  const mapping = Object.entries(stack.headerMap).map(
    ([headerName, column]) => html`<div><code>${headerName}</code> <span class="arrow">→</span><code>${column}</code>${headerName === keyHeader ? html` <span class="badge">key</span>` : ''}</div>`,
  );
  const browserRows = browsers.map(
    (b) => html`<tr><td><code>${b.id}</code></td><td>${b.name}</td><td><code>${b.version}</code></td><td><code>${b.executablePath}</code></td></tr>`,
  );
  return html`<div class="columns stack-row">
<section id="browsers">
<h2>Browsers</h2>
${browsers.length === 0
    ? html`<p class="empty">No browser was started.</p>`
    : html`<div class="scroll"><table><thead><tr><th>id</th><th>product</th><th>version</th><th>executable</th></tr></thead><tbody>${browserRows}</tbody></table></div>`}
<h3>Run</h3>
<dl class="kv">
<dt>scenario file</dt><dd><code>${run.scenarioFile}</code></dd>
<dt>started</dt><dd>${run.startedAt}</dd>
<dt>finished</dt><dd>${run.finishedAt}${run.interrupted === true ? html` <span class="badge warn">interrupted</span>` : ''}</dd>
<dt>callcheck</dt><dd>${run.callcheckVersion} on Node ${run.nodeVersion}, host <code>${run.host}</code></dd>
</dl>
</section>
<section id="stack">
<h2>System under test</h2>
<dl class="kv">
<dt>Asterisk</dt><dd>${stack.asteriskVersion}</dd>
<dt>CDR database</dt><dd>${stack.cdrServerVersion} <span class="muted">(image <code>${stack.cdrImage}</code>)</span>${stack.cdrImageFallbackFrom === undefined ? '' : html` <span class="badge warn">fallback from ${stack.cdrImageFallbackFrom}</span>`}</dd>
<dt>CDR table</dt><dd><code>${stack.cdrTable}</code></dd>
<dt>header map</dt><dd>${mapping.length === 0 ? html`<span class="null">none</span>` : mapping}</dd>
</dl>
</section>
</div>`;
}

