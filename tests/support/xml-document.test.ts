import { describe, expect, it } from 'vitest';
import { findAll, parseXml, textOf, XmlSyntaxError } from './xml-document.ts';

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

  it('normalises line ends, and literal whitespace in attribute values, but keeps referenced whitespace', () => {
    expect(parseXml('<a v="x\ny&#10;z\r\nw"/>').attributes['v']).toBe('x y\nz w');
    expect(textOf(parseXml('<a>x\r\ny\rz&#13;</a>'))).toBe('x\ny\nz\r');
  });

  it.each([
    ['mismatched end tag', '<a><b></a></b>'],
    ['unclosed element', '<a><b></b>'],
    ['bare ampersand', '<a>fish & chips</a>'],
    ['bare ampersand in an attribute value', '<a v="fish & chips"/>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['unknown entity in an attribute value', '<a v="&nbsp;"/>'],
    ['< in an attribute value', '<a v="<"/>'],
    ['unquoted attribute', '<a v=1/>'],
    ['duplicate attribute', '<a v="1" v="2"/>'],
    ['attributes without space', '<a v="1"w="2"/>'],
    ['raw control character', '<a>\u0001</a>'],
    ['control character reference', '<a>&#1;</a>'],
    ['control character reference in an attribute value', '<a v="&#x1;"/>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['text before the root', 'x<a/>'],
    ['text between the root and a comment', '<a/>x<!-- c -->'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    [']]> in text', '<a>]]></a>'],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
  });
});
