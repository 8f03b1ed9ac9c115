import { showForbiddenChars } from '../forbidden-chars.ts';

/** Markup that is already safe to emit: produced by {@link html} or explicitly trusted with {@link trustedHtml}. */
export class SafeHtml {
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into {@link html}; arrays are concatenated, absent values render as nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolated value unless it is already {@link SafeHtml}, so
 * forgetting to escape a CRM value cannot happen by omission.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks markup written by callcheck itself (stylesheet, scripts) as safe. Never pass data through it. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes a value for HTML text and for quoted attribute values alike. Header values are CRM data an
 * attacker may control, so everything that is not markup written by callcheck itself goes through here.
 */
export function escapeHtml(value: string): string {
  return showForbiddenChars(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
