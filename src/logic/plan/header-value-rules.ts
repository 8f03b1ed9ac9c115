/**
 * Characters that must never go into a SIP header value: CR and LF would end the header and let the
 * value inject new headers; the other C0 controls and DEL are not allowed by RFC 3261's grammar.
 * Horizontal tab is allowed by the grammar but refused too: Asterisk folds it and the CDR would differ.
 */
const UNSENDABLE = /[\u0000-\u001f\u007f]/;

/** Returns why a header value cannot be sent, or undefined when it can. */
export function unsendableReason(value: string): string | undefined {
  const match = UNSENDABLE.exec(value);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const name = code === 0x0d ? 'CR' : code === 0x0a ? 'LF' : code === 0x09 ? 'TAB' : `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `contains ${name} at position ${match.index}; header values may not contain control characters (they could end the header and inject others)`;
}

/**
 * A value quoted for a message, every control character escaped (`"a\r\nb"`, `"a\u007fb"`): JSON's quoting
 * leaves DEL as it is, and a terminal would swallow it.
 */
export function quoteValue(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}
