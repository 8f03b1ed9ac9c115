import { html, type SafeHtml } from './safe-html.ts';

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

const TWO_DECIMALS = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** A MOS (1..4.5), two decimals; `—` when unknown. */
export function formatMos(mos: number | undefined): string {
  return mos === undefined ? '—' : TWO_DECIMALS.format(mos);
}

/** A percentage without its sign, two decimals; `—` when unknown. */
export function formatPct(pct: number | undefined): string {
  return pct === undefined ? '—' : TWO_DECIMALS.format(pct);
}

/** A level in dB, one decimal, e.g. `38.5 dB`. */
export function formatDb(db: number): string {
  return `${ONE_DECIMAL.format(db)} dB`;
}

/** A count with thousands separators, e.g. `12,400`. */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}
