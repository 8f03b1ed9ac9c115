import { createHash } from 'node:crypto';
import { chartJsSource } from './charts/chart-js-source.ts';
import { CHARTS_SCRIPT } from './charts/charts-script.ts';
import { REPORT_CSS } from './style.ts';
import { html, trustedHtml, type SafeHtml } from './safe-html.ts';

export interface HtmlPageParts {
  /** The document title. */
  title: string;
  /** Everything inside `<body>` before the data and the scripts. */
  body: SafeHtml;
  /** Embedded verbatim as JSON in `#callcheck-data`, for whoever reads the file later. */
  data: unknown;
  /** What the charts script draws, embedded as JSON in `#callcheck-charts`. */
  charts: unknown;
}

/**
 * A report page that opens from disk with no network: Chart.js and the page's own script inlined, the data
 * embedded as JSON, and a Content-Security-Policy that allows only those exact scripts and the stylesheet
 * (by hash), so even a value that escaped escaping could neither run script nor load anything. The run
 * report and the comparison page share it, so both keep the same policy.
 */
export function renderHtmlPage(parts: HtmlPageParts): string {
  const chartJs = chartJsSource();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256Source(chartJs)} ${sha256Source(CHARTS_SCRIPT)}`,
    `style-src ${sha256Source(REPORT_CSS)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title}</title>
<style>${trustedHtml(REPORT_CSS)}</style>
</head>
<body>
${parts.body}
<script type="application/json" id="callcheck-data">${trustedHtml(toScriptJson(parts.data))}</script>
<script type="application/json" id="callcheck-charts">${trustedHtml(toScriptJson(parts.charts))}</script>
<script>${trustedHtml(chartJs)}</script>
<script>${trustedHtml(CHARTS_SCRIPT)}</script>
</body>
</html>
`.value;
}

function sha256Source(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/**
 * Serialises a value for a `<script type="application/json">` block. Every `<` becomes `\u003c`, which
 * JSON.parse reads back as `<`, so no string in the data (`</script>`, `<!--`) can end the block or
 * change how the HTML parser reads it.
 */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
