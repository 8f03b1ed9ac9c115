import { showForbiddenChars } from '../forbidden-chars.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes a value for HTML text and for quoted attribute values alike. Header values are CRM data an
 * attacker may control, so everything that is not markup written by callcheck itself goes through here.
 */
export function escapeHtml(value: string): string {
  return showForbiddenChars(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
