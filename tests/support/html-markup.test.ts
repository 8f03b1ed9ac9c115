import { describe, expect, it } from 'vitest';
import {
  attribute,
  bodyRows,
  contentSecurityPolicy,
  element,
  elementById,
  elements,
  hasAttribute,
  rowWith,
  scriptJson,
  scripts,
  selectOptions,
  textOf,
  withoutScripts,
} from './html-markup.ts';

const PAGE = `<!doctype html><html><head>
<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:">
<style>div > p { color: red }</style>
<script type="application/json" id="data">{"html":"<div id=\\"fake\\">"}</script>
</head><body>
<div class="box" id="outer"><div class="box inner"><p>a <code>b</code> &amp; <em>c</em></p></div><input type="checkbox" class="toggle"></div>
<table id="t"><thead><tr><th>h</th></tr></thead><tbody>
<tr data-call="c-1" class="failing"><td>one</td><td><table class="nested"><tbody><tr><td>x</td></tr></tbody></table></td></tr>
<tr data-call="c-2"><td>two</td><td>&lt;b&gt;</td></tr>
</tbody></table>
<select id="s"><option value="a">A (1)</option><option value="b" selected>B &amp; C</option></select>
<script>if (1 < 2) document.body.append('<p id="late">');</script>
</body></html>`;

describe('elements', () => {
  it('finds each element of a tag with the attribute values asked, nested ones after their parent, to its own closing tag', () => {
    const boxes = elements(PAGE, 'div');
    expect(boxes.map((d) => attribute(d.attributes, 'class'))).toEqual(['box', 'box inner']);
    expect(boxes[0]!.outer).toMatch(/^<div class="box" id="outer">.*<input type="checkbox" class="toggle"><\/div>$/);
    expect(boxes[1]!.inner).toBe('<p>a <code>b</code> &amp; <em>c</em></p>');
    expect(elements(PAGE, 'div', { class: 'box inner' })).toHaveLength(1);
    expect(elements(PAGE, 'div', { class: 'inner' })).toEqual([]);
  });

  it('sees no markup inside scripts and styles, and takes void elements as they are', () => {
    expect(elements(PAGE, 'p').map((p) => p.inner)).toEqual(['a <code>b</code> &amp; <em>c</em>']);
    expect(elements(PAGE, '*', { id: 'fake' })).toEqual([]);
    expect(element(PAGE, 'input', { class: 'toggle' }).outer).toBe('<input type="checkbox" class="toggle">');
  });

  it('names what it looked for when nothing matches', () => {
    expect(() => element(PAGE, 'section', { id: 'x' })).toThrow('no element section[id="x"]');
    expect(() => elementById(PAGE, 'nope')).toThrow('no element [id="nope"]');
  });
});

describe('the markup helpers', () => {
  it('read the text of an element as a browser shows it', () => {
    expect(textOf(elementById(PAGE, 'outer'))).toBe('a b & c');
  });

  it('read a table body\'s own rows, not those of a table in a cell', () => {
    const rows = bodyRows(PAGE, 't');
    expect(rows.map((r) => r.cells)).toEqual([
      ['one', 'x'],
      ['two', '<b>'],
    ]);
    expect(rowWith(rows, 'data-call', 'c-2').markup[1]).toBe('&lt;b&gt;');
    expect(attribute(rowWith(rows, 'data-call', 'c-1').attributes, 'class')).toBe('failing');
    expect(() => rowWith(rows, 'data-call', 'c-3')).toThrow('no row with data-call="c-3"');
  });

  it('read attributes with or without a value, never part of another name', () => {
    expect(attribute(' data-class="x" class="y"', 'class')).toBe('y');
    expect(hasAttribute(' value="b" selected', 'selected')).toBe(true);
    expect(hasAttribute(' value="selected"', 'selected')).toBe(false);
    expect(hasAttribute(' data-src="x"', 'src')).toBe(false);
  });

  it('read the options of a select', () => {
    expect(selectOptions(PAGE, 's')).toEqual([
      { value: 'a', selected: false, text: 'A (1)' },
      { value: 'b', selected: true, text: 'B & C' },
    ]);
  });

  it('read the scripts, a JSON block, the page without scripts and its Content-Security-Policy', () => {
    expect(scripts(PAGE).map((s) => s.attributes)).toEqual([' type="application/json" id="data"', '']);
    expect(scriptJson(PAGE, 'data')).toEqual({ html: '<div id="fake">' });
    expect(withoutScripts(PAGE)).not.toContain('late');
    expect(contentSecurityPolicy(PAGE)).toBe("default-src 'none'; img-src data:");
  });
});
