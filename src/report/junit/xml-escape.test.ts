import { describe, expect, it } from 'vitest';
import { parseXml, textOf } from '../../../tests/support/xml-document.ts';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.ts';

const NASTY = `quote " apos ' lt < gt > amp & emoji 🎉 ctl \u0001 tab\tLF\nCR\r end ]]>`;

describe('escapeXmlText', () => {
  it('escapes markup characters and CR', () => {
    expect(escapeXmlText('a<b>&c\rd')).toBe('a&lt;b&gt;&amp;c&#13;d');
  });

  it('round-trips through a parser, with forbidden characters made visible', () => {
    const root = parseXml(`<t>${escapeXmlText(NASTY)}</t>`);
    expect(textOf(root)).toBe(NASTY.replace('\u0001', '\\u0001'));
  });
});

describe('escapeXmlAttribute', () => {
  it('escapes both quote styles and whitespace that normalisation would flatten', () => {
    expect(escapeXmlAttribute(`"'\t\n\r<>&`)).toBe('&quot;&apos;&#9;&#10;&#13;&lt;&gt;&amp;');
  });

  it('round-trips through a parser in double- and single-quoted attributes', () => {
    const expected = NASTY.replace('\u0001', '\\u0001');
    expect(parseXml(`<t a="${escapeXmlAttribute(NASTY)}"/>`).attributes['a']).toBe(expected);
    expect(parseXml(`<t a='${escapeXmlAttribute(NASTY)}'/>`).attributes['a']).toBe(expected);
  });
});
