import { showForbiddenChars } from '../forbidden-chars.ts';

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/**
 * Escapes a value for XML character data. `>` is escaped too because `]]>` is not allowed in text,
 * and CR is written as a reference because parsers would otherwise normalise it to LF.
 */
export function escapeXmlText(value: string): string {
  return showForbiddenChars(value).replace(/[&<>\r]/g, (ch) => TEXT_ENTITIES[ch] ?? ch);
}

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes a value for an XML attribute (either quote style). Tab, LF and CR are written as references
 * because attribute-value normalisation would otherwise turn them into spaces.
 */
export function escapeXmlAttribute(value: string): string {
  return showForbiddenChars(value).replace(/[&<>"'\t\n\r]/g, (ch) => ATTRIBUTE_ENTITIES[ch] ?? ch);
}
