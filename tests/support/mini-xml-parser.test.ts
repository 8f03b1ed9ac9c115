import { describe, expect, it } from 'vitest';
import { findAll, parseXml, textOf, XmlSyntaxError } from './mini-xml-parser.ts';

describe('parseXml', () => {
  it('parses a declaration, comments, attributes, references and CDATA', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- report -->
<a x="1 &amp; &lt;2&gt;" y='&quot;&apos;&#9;&#x1F389;'>
  <b/>text &amp; more<![CDATA[<raw>]]><b z="2"></b>
</a>`);
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & <2>', y: `"'\t🎉` });
    expect(findAll(root, 'b').map((b) => b.attributes['z'])).toEqual([undefined, '2']);
    expect(textOf(root)).toContain('text & more<raw>');
  });

  it('normalises literal whitespace in attribute values but keeps referenced whitespace', () => {
    expect(parseXml('<a v="x\ny&#10;z"/>').attributes['v']).toBe('x y\nz');
  });

  it.each([
    ['mismatched end tag', '<a><b></a></b>'],
    ['unclosed element', '<a><b></b>'],
    ['bare ampersand', '<a>fish & chips</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['< in an attribute value', '<a v="<"/>'],
    ['unquoted attribute', '<a v=1/>'],
    ['duplicate attribute', '<a v="1" v="2"/>'],
    ['attributes without space', '<a v="1"w="2"/>'],
    ['raw control character', '<a>\u0001</a>'],
    ['control character reference', '<a>&#1;</a>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    [']]> in text', '<a>]]></a>'],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
  });
});
