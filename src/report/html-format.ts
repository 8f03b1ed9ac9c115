import { html, type SafeHtml } from './html-template.ts';

/** A CDR or header value, with NULL and the empty string made distinguishable from text. */
export function showValue(value: string | null): SafeHtml {
  if (value === null) return html`<span class="null">NULL</span>`;
  if (value === '') return html`<span class="null">empty</span>`;
  return html`<code>${value}</code>`;
}

const MS = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '—' : MS.format(ms);
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${MS.format(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
