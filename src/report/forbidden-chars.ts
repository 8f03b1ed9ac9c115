/**
 * Code points a report must not carry raw:
 * - those XML 1.0 forbids outright (C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; lone
 *   surrogates): a single one makes junit.xml unparseable and CI drops the whole report;
 * - DEL and the C1 controls, which XML tolerates and HTML flags as parse errors, but no viewer shows.
 * The pattern has no `u` flag on purpose: it must see surrogates as separate code units to find lone ones.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces every character a report cannot show (see above) with its `\uXXXX` notation, so a reader
 * still sees which control character the CRM sent instead of a blank or a replacement glyph.
 * Emoji and other well-formed astral characters are kept as they are.
 */
export function showForbiddenChars(value: string): string {
  return value.replace(FORBIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
