import { describe, expect, it } from 'vitest';
import { quoteValue, unsendableReason } from './header-value-rules.ts';

describe('unsendableReason', () => {
  it('accepts printable ASCII, spaces and non-ASCII text', () => {
    expect(unsendableReason('CRM-1001')).toBeUndefined();
    expect(unsendableReason('Müller & Söhne, Zürich 😀')).toBeUndefined();
    expect(unsendableReason('')).toBeUndefined();
    expect(unsendableReason('~')).toBeUndefined();
  });

  it.each([
    ['a\rb', 'CR', 1],
    ['ab\n', 'LF', 2],
    ['\tab', 'TAB', 0],
    ['a\u0000', 'control character U+0000', 1],
    ['ab\u001f', 'control character U+001F', 2],
    ['a\u007fb', 'control character U+007F', 1],
  ])('refuses %j, naming %s at position %d', (value, name, position) => {
    expect(unsendableReason(value)).toBe(
      `contains ${name} at position ${position}; header values may not contain control characters (they could end the header and inject others)`,
    );
  });

  it('names the first control character of several', () => {
    expect(unsendableReason('x\r\ny: injected')).toMatch(/^contains CR at position 1;/);
  });
});

describe('quoteValue', () => {
  it.each([
    ['a\rb', '"a\\rb"'],
    ['a\nb', '"a\\nb"'],
    ['a\tb', '"a\\tb"'],
    ['a\u0000b', '"a\\u0000b"'],
    ['a\u001bb', '"a\\u001bb"'],
    ['a\u007fb', '"a\\u007fb"'],
    ['Müller "quoted" \\', '"Müller \\"quoted\\" \\\\"'],
  ])('quotes %j with every control character escaped', (value, quoted) => {
    expect(quoteValue(value)).toBe(quoted);
    expect(quoteValue(value)).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
