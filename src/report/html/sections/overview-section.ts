import type { RunResults } from '../../../contracts/results.ts';
import { formatDuration } from '../format.ts';
import { html, type SafeHtml } from '../safe-html.ts';
import { stoppedEarlyText, NOT_VERIFIED_HINT, type RunVerdict, type RunVerdictKind } from '../../run-verdict.ts';
import { cdrServerName } from '../../../contracts/cdr-engine.ts';

/** The verdict banner, with the exit code and why, and what ran: browsers with exact versions and the system under test. */
export function header(results: RunResults, verdict: RunVerdict): SafeHtml {
  const { run } = results;
  const notices: SafeHtml[] = [];
  if (results.calls.length === 0) notices.push(html`<p class="notice">No call was placed: nothing was verified.</p>`);
  if (run.interrupted === true) notices.push(html`<p class="notice">The run was ${run.killed === true ? 'killed' : 'interrupted'}; these results are partial: the calls that ended before it stopped.</p>`);
  const stopped = results.summary.stoppedEarly;
  if (stopped?.reason === 'max-failures') notices.push(html`<p class="notice" id="stopped-early">The load was ${stoppedEarlyText(stopped)}.</p>`);
  notices.push(...rebuiltNotices(results));
  if (results.summary.abortedByThreshold === true) notices.push(html`<p class="notice">The load was stopped early: a threshold with abortOnFail failed while calls were placed.</p>`);
  const part = run.shard === undefined ? '' : html` · <span class="badge warn">shard ${run.shard.index}/${run.shard.count}</span>`;
  const merged = run.mergedFrom === undefined ? '' : html` · <span class="badge">merged from ${run.mergedFrom.length} runs</span>`;
  return html`<header class="run ${HEADER_CLASS[verdict.kind]}">
<div>
<h1><span class="tool">callcheck ·</span> ${run.scenario}</h1>
<p>run <code>${run.id}</code> · ${run.startedAt} · ${formatDuration(run.durationMs)}${part}${merged}</p>
</div>
${notices}
<div class="verdict-box">
<div class="verdict" id="verdict">${verdict.text}</div>
<p class="verdict-why" id="verdict-why"><span class="exit">exit ${verdict.exitCode}</span> ${verdictReason(results, verdict)}</p>
</div>
</header>`;
}

/** Says when the results were written again after the run, from what rows, and which calls were never verified. */
function rebuiltNotices(results: RunResults): SafeHtml[] {
  const notices: SafeHtml[] = [];
  const { rebuilt } = results;
  if (rebuilt !== undefined) {
    const source = rebuilt.cdrSource === undefined ? 'no CDR rows' : html`the CDR rows of <code>${rebuilt.cdrSource}</code>${rebuilt.cdrReadAt === undefined ? '' : ` read at ${rebuilt.cdrReadAt}`}`;
    const what = rebuilt.by === 'verify' ? 'Verified again' : 'Rebuilt from the run directory';
    notices.push(html`<p class="notice" id="rebuilt">${what} at ${rebuilt.at} (callcheck ${rebuilt.by}), against ${source}.</p>`);
  }
  const unverified = results.summary.cdr.notVerified ?? 0;
  if (unverified > 0) notices.push(html`<p class="notice" id="not-verified">The CDR of ${unverified} call(s) was not verified: the run ended before its CDR rows were read. ${NOT_VERIFIED_HINT}</p>`);
  return notices;
}

const HEADER_CLASS: Record<RunVerdictKind, string> = { conforms: 'pass', 'does-not-conform': 'fail', 'thresholds-failed': 'thresholds-failed', 'not-verified': 'thresholds-failed' };

/** One sentence under the verdict: which of the two failures it is (CDR or thresholds), or both. */
function verdictReason(results: RunResults, verdict: RunVerdict): string {
  const { thresholdsFailed: failed, thresholdsTotal: total } = verdict;
  const thresholds = total === 0 ? '' : failed === 0 ? `; all ${total} thresholds passed` : `; ${failed} of ${total} thresholds failed`;
  switch (verdict.kind) {
    case 'conforms':
      return `every call and CDR row conformed${thresholds}`;
    case 'thresholds-failed':
      return `every call and CDR row conformed, but thresholds failed (${failed} of ${total})`;
    case 'not-verified':
      return `no call failed, but the CDR rows of ${results.summary.cdr.notVerified ?? 0} call(s) were never read${thresholds}`;
    case 'does-not-conform': {
      const why = results.run.interrupted === true
        ? 'the run was interrupted'
        : results.calls.length === 0
          ? 'no call was placed'
          : 'CDR non-conformance: a call failed, or a CDR row is missing, duplicated, wrong or unknown';
      return `${why}${failed > 0 ? `; ${failed} of ${total} thresholds failed too` : thresholds}`;
    }
  }
}

export function summarySection(results: RunResults): SafeHtml {
  const { summary } = results;
  const { cdr } = summary;
  const tile = (label: string, n: number, tone: 'bad' | 'good' | 'plain') =>
    html`<div class="tile${n > 0 && tone !== 'plain' ? ` ${tone}` : ''}"><span class="n">${n}</span><span class="l">${label}</span></div>`;
  return html`<section id="summary">
<h2>Summary</h2>
<div class="tile-groups">
<div class="tile-group calls"><h3>Calls</h3><div class="tiles">
${summary.placed === 0 ? html`<div class="tile bad"><span class="n">0</span><span class="l">placed</span></div>` : tile('placed', summary.placed, 'plain')}
${tile('answered', summary.answered, 'plain')}
${tile('failed in agent', summary.failed, 'bad')}
</div></div>
<div class="tile-group cdr"><h3>CDR verdicts</h3><div class="tiles">
${tile('matched', cdr.matched, 'good')}
${tile('missing', cdr.missing, 'bad')}
${tile('duplicate', cdr.duplicate, 'bad')}
${tile('mismatched', cdr.mismatched, 'bad')}
${tile('unexpected', cdr.unexpected, 'bad')}
${tile('unknown', cdr.unknown, 'bad')}
${tile('not recorded', cdr.notRecorded, 'plain')}
${cdr.notVerified === undefined ? '' : tile('not verified', cdr.notVerified, 'bad')}
${cdr.lost ? tile('lost in CDR outage', cdr.lost, 'bad') : ''}
${cdr.inFlight ? tile('in flight at PBX crash', cdr.inFlight, 'bad') : ''}
${cdr.notPlaced ? tile('not placed: PBX down', cdr.notPlaced, 'bad') : ''}
${cdr.keyNotStored ? tile('key not stored', cdr.keyNotStored, 'bad') : ''}
</div></div>
${audioTiles(results, tile)}
${thresholdTiles(results, tile)}
</div>
</section>`;
}

type Tile = (label: string, n: number, tone: 'bad' | 'good' | 'plain') => SafeHtml;

/** Heard / not heard / crossed over the calls that reached the answer (the only ones with an audio proof). */
function audioTiles(results: RunResults, tile: Tile): SafeHtml | '' {
  const proofs = results.calls.flatMap((call) => (call.audio === undefined ? [] : [call.audio]));
  if (proofs.length === 0) return '';
  const crossed = proofs.filter((a) => a.crossedWith !== undefined).length;
  const heard = proofs.filter((a) => a.heard && a.crossedWith === undefined).length;
  return html`<div class="tile-group audio"><h3>Audio</h3><div class="tiles">
${tile('heard back', heard, 'good')}
${tile('not heard', proofs.length - heard - crossed, 'bad')}
${tile('crossed', crossed, 'bad')}
</div></div>`;
}

function thresholdTiles(results: RunResults, tile: Tile): SafeHtml | '' {
  const thresholds = results.thresholds ?? [];
  if (thresholds.length === 0) return '';
  const failed = thresholds.filter((t) => !t.passed).length;
  return html`<div class="tile-group thresholds"><h3>Thresholds</h3><div class="tiles">
${tile('passed', thresholds.length - failed, 'good')}
${tile('failed', failed, 'bad')}
</div></div>`;
}

export function environmentSection(results: RunResults): SafeHtml {
  const { run, stack, browsers } = results;
  const keyHeader = stack.keyHeader;
  const external = stack.external;
  const mapping = Object.entries(stack.headerMap).map(
    ([headerName, column]) => html`<div><code>${headerName}</code> <span class="arrow">→</span><code>${column}</code>${headerName === keyHeader ? html` <span class="badge">key</span>` : ''}</div>`,
  );
  // The build column only for a browser matrix, where it names what the verdict compares.
  const matrix = browsers.some((b) => b.build !== undefined);
  const browserRows = browsers.map(
    (b) => html`<tr><td><code>${b.id}</code></td>${matrix ? html`<td>${b.build === undefined ? html`<span class="null">—</span>` : html`<code>${b.build}</code>`}</td>` : ''}<td>${b.name}</td><td><code>${b.version}</code></td><td><code>${b.executablePath}</code></td></tr>`,
  );
  return html`<div class="columns stack-row">
<section id="browsers">
<h2>Browsers</h2>
${browsers.length === 0
    ? html`<p class="empty">No browser was started.</p>`
    : html`<div class="scroll"><table><thead><tr><th>id</th>${matrix ? html`<th>build</th>` : ''}<th>product</th><th>version</th><th>executable</th></tr></thead><tbody>${browserRows}</tbody></table></div>`}
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
<dt>Asterisk</dt><dd>${stack.asteriskVersion}${stack.userConfig === undefined ? '' : html` <span class="muted">(your configuration from <code>${stack.userConfig.folders.join(', ')}</code>: <a href="#config-changes">what callcheck changed</a>)</span>`}${external === undefined ? '' : html` <span class="muted">(your own PBX at <code>${external.wsUrl}</code>, SIP domain <code>${external.sipDomain}</code>)</span>`}</dd>
<dt>CDR database</dt><dd>${cdrServerName(stack.cdrEngine, stack.cdrServerVersion)} ${external === undefined ? html`<span class="muted">(image <code>${stack.cdrImage}</code>)</span>` : html`<span class="muted">at <code>${external.cdrUrl}</code></span>`}${stack.cdrImageFallbackFrom === undefined ? '' : html` <span class="badge warn">in place of ${stack.cdrImageFallbackFrom}, not in the local engine</span>`}</dd>
<dt>CDR table</dt><dd><code>${stack.cdrTable}</code></dd>
${results.verification.context === undefined ? html`<dt>dcontext</dt><dd><span class="null">not checked: the scenario's pbx.context is not given</span></dd>` : ''}
${external === undefined || external.warnings.length === 0 ? '' : html`<dt>preflight</dt><dd>${external.warnings.map((w) => html`<div><span class="badge warn">warning</span> ${w}</div>`)}</dd>`}
<dt>header map</dt><dd>${mapping.length === 0 ? html`<span class="null">none</span>` : mapping}</dd>
</dl>
</section>
</div>`;
}

