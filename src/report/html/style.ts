/** The HTML report's stylesheet: plain CSS, system fonts, nothing fetched. */
export const REPORT_CSS = `
:root {
  color-scheme: light;
  --fg: #1e293b; --muted: #64748b; --line: #e2e8f0; --bg: #f1f5f9; --card: #fff; --head: #f8fafc;
  --ok: #166534; --ok-bg: #dcfce7; --bad: #b91c1c; --bad-bg: #fee2e2; --warn: #92400e; --warn-bg: #fef3c7;
  --neutral: #475569; --neutral-bg: #e2e8f0; --threshold: #c2410c; --threshold-bg: #ffedd5;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; overflow-wrap: anywhere; }
header.run { display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: center; justify-content: space-between; padding: 20px 32px; background: var(--card); border-bottom: 4px solid var(--ok); }
header.run.fail { border-bottom-color: var(--bad); }
header.run.thresholds-failed { border-bottom-color: var(--threshold); }
header.run h1 { margin: 0 0 4px; font-size: 22px; }
header.run > div:first-child { flex: 1 1 420px; min-width: 0; }
header.run h1 .tool { color: var(--muted); font-weight: 500; }
header.run p { margin: 0; color: var(--muted); }
.verdict { padding: 8px 18px; border-radius: 6px; font-size: 18px; font-weight: 700; letter-spacing: 0.02em; background: var(--ok-bg); color: var(--ok); }
.fail .verdict { background: var(--bad-bg); color: var(--bad); }
.thresholds-failed .verdict { background: var(--threshold-bg); color: var(--threshold); }
.verdict-box { display: flex; flex-direction: column; align-items: flex-end; gap: 4px; }
header.run p.verdict-why { max-width: 560px; font-size: 12px; text-align: right; }
.verdict-why .exit { display: inline-block; padding: 0 6px; border-radius: 4px; background: var(--neutral-bg); color: var(--fg); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-weight: 600; }
.notice { margin: 0; padding: 8px 12px; border-radius: 6px; background: var(--warn-bg); color: var(--warn); }
header.run > .notice { order: 1; flex-basis: 100%; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 32px 48px; }
section { margin-top: 16px; padding: 16px 20px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
section h2 { margin: 0 0 12px; font-size: 16px; }
section h3 { margin: 16px 0 8px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
section h3:first-child { margin-top: 0; }
.tile-groups { display: flex; flex-wrap: wrap; gap: 16px 24px; }
.tile-group { flex: 3 1 320px; }
.tile-group.cdr { flex: 7 1 560px; }
.tile-group.thresholds { flex: 2 1 220px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 8px; }
.tile { padding: 8px 12px; border: 1px solid var(--line); border-radius: 6px; }
.tile .n { display: block; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.tile .l { display: block; color: var(--muted); font-size: 12px; }
.tile.bad { background: var(--bad-bg); border-color: #fca5a5; }
.tile.bad .n { color: var(--bad); }
.tile.good .n { color: var(--ok); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; }
.columns > section { margin-top: 0; }
.stack-row { margin-top: 16px; }
.chart { position: relative; height: 300px; }
.chart-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 8px; }
.chart-controls select { max-width: 100%; padding: 3px 6px; font: inherit; }
.chart-controls label { color: var(--muted); }
figure { margin: 0; }
figcaption { margin-top: 6px; color: var(--muted); font-size: 12px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; min-width: 0; }
.scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: var(--head); color: var(--muted); font-size: 12px; font-weight: 600; white-space: nowrap; }
td.id { white-space: nowrap; }
td.id code { overflow-wrap: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:hover { background: #f8fafc; }
tr.failing td:first-child { box-shadow: inset 3px 0 0 var(--bad); }
#thresholds tr.failing { background: var(--bad-bg); }
tr.unmeasured td { color: var(--muted); }
tfoot th { position: static; border-top: 2px solid var(--line); }
td.audio { min-width: 160px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; background: var(--neutral-bg); color: var(--neutral); }
.badge.ok { background: var(--ok-bg); color: var(--ok); }
.badge.bad { background: var(--bad-bg); color: var(--bad); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.muted { color: var(--muted); }
.null { color: var(--muted); font-style: italic; }
ul.details { margin: 0; padding-left: 16px; }
ul.details li + li { margin-top: 2px; }
.arrow { color: var(--muted); padding: 0 4px; }
.received { color: var(--bad); }
.empty { margin: 0; color: var(--muted); }
.small { font-size: 12px; }
section > .notice { margin-bottom: 12px; }
#load .notice { margin-top: 12px; }
/* Browser builds: the verdict at the top, then per-build charts and tables. */
#build-verdict { border-left: 4px solid var(--neutral); }
.matrix-facts { margin: 0 0 6px; color: var(--muted); }
details.rounds { margin-bottom: 4px; font-size: 12px; color: var(--muted); }
details.rounds summary { cursor: pointer; }
.comparison + .comparison { margin-top: 20px; padding-top: 16px; border-top: 1px solid var(--line); }
.comparison { margin-top: 12px; }
section h3.comparison-title { margin: 0 0 4px; font-size: 16px; color: var(--fg); text-transform: none; letter-spacing: 0; }
.build-summary { margin: 0 0 10px; font-weight: 600; }
.build-summary .badge { margin-left: 6px; }
p.no-change { margin: 0 0 12px; padding: 6px 10px; border-radius: 6px; background: var(--neutral-bg); }
table.comparison-table th { white-space: normal; }
tr.change-slower td:first-child { box-shadow: inset 3px 0 0 var(--bad); }
tr.change-faster td:first-child { box-shadow: inset 3px 0 0 var(--ok); }
tr.change-slower { background: #fef2f2; }
tr.change-faster { background: #f0fdf4; }
tr.change-slower td.sentence, tr.change-faster td.sentence { font-weight: 600; }
tr.change-insufficient-data td { color: var(--muted); }
.diff-up { color: var(--bad); font-weight: 600; }
.diff-down { color: var(--ok); font-weight: 600; }
.ci { color: var(--muted); font-size: 11.5px; }
.stated { padding: 0 4px; border-radius: 4px; outline: 1.5px solid currentColor; }
td.sentence { min-width: 240px; font-size: 12.5px; }
label.show-unchanged { display: inline-block; margin-bottom: 6px; color: var(--muted); font-size: 12px; cursor: pointer; }
.comparison:has(.show-unchanged-toggle:not(:checked)) tr.change-no-change { display: none; }
tr.change-no-change td.sentence, tr.change-insufficient-data td.sentence { color: var(--muted); }
table.comparison-table td:first-child { min-width: 200px; }
table.comparison-table td:first-child code { overflow-wrap: normal; white-space: nowrap; font-size: 11.5px; }
p.method { margin: 8px 0 0; }
#compared-sides code, #compared-sides td:nth-child(6) { overflow-wrap: normal; white-space: nowrap; }
#build-phases-table, #build-outcome-table, #build-cdr-table { margin-top: 8px; }
/* Slowest calls: one line each, the whole call one click away. */
.slow-calls { border: 1px solid var(--line); border-radius: 6px; }
details.slow-call + details.slow-call { border-top: 1px solid var(--line); }
details.slow-call > summary { display: grid; grid-template-columns: 2.6em 6.5em minmax(8em, 16em) 7.5em minmax(0, 10em) 6.5em minmax(0, 1fr) auto; gap: 10px; align-items: center; padding: 6px 10px; cursor: pointer; list-style: none; }
details.slow-call > summary::-webkit-details-marker { display: none; }
details.slow-call > summary:hover { background: #f8fafc; }
details.slow-call .rank { color: var(--muted); font-variant-numeric: tabular-nums; }
details.slow-call .rank::before { content: "▸ "; }
details.slow-call[open] .rank::before { content: "▾ "; }
details.slow-call[open] > summary { background: var(--head); border-bottom: 1px solid var(--line); }
.slow-ms { font-weight: 600; text-align: right; font-variant-numeric: tabular-nums; }
.slow-median { font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.call-detail { padding: 4px 16px 16px; }
.call-detail-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 8px 24px; }
.call-detail h4 { margin: 12px 0 6px; font-size: 13px; }
.call-detail table td, .call-detail table th { padding: 3px 8px; }
.call-detail td.dir { white-space: nowrap; color: var(--muted); }
.call-detail tr.sip-received td.dir { color: var(--ok); }
dl.call-facts { margin-top: 12px; }
footer { max-width: 1280px; margin: 0 auto; padding: 0 32px 32px; color: var(--muted); font-size: 12px; }
@media print {
  body { background: #fff; }
  section { break-inside: avoid; border-color: #ccc; }
  th { position: static; }
}
`;
