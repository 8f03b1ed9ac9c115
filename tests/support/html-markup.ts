/**
 * Reading a rendered report in tests the way a reader sees it, without a browser: the markup with the
 * scripts emptied, the elements of a tag, the visible text of a fragment, the rows of a table, the options
 * of a select, the JSON blocks, the Content-Security-Policy. Tests read the report through these rather
 * than with regular expressions of their own.
 */

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
/** Elements whose content is text, never markup: a `<div` inside a script is no element. */
const RAW_TEXT = /(<(script|style)\b[^>]*>)([\s\S]*?)(<\/\2\s*>)/gi;
/** Elements that have no closing tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The page with every script element emptied: what remains is markup only. */
export function withoutScripts(page: string): string {
  return page.replace(SCRIPT, '<script$1></script>');
}

/** The page's script elements, in order: their attributes as written and their text. */
export function scripts(page: string): { attributes: string; body: string }[] {
  return elements(page, 'script').map((e) => ({ attributes: e.attributes, body: e.inner }));
}

/** The parsed JSON of the `<script type="application/json" id="…">` block. */
export function scriptJson<T>(page: string, id: string): T {
  const block = scripts(page).find((s) => attribute(s.attributes, 'id') === id);
  if (block === undefined) throw new Error(`no script block #${id}`);
  return JSON.parse(block.body) as T;
}

/** The five entities the report writes, decoded. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e] ?? e);
}

/** Tags dropped (code and emphasis without a gap, as a browser shows them; others as a space), entities decoded, whitespace collapsed. */
export function textOf(markup: string): string {
  return decodeEntities(markup.replace(/<\/?(?:code|strong|em|b|i|u)\b[^>]*>/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Element {
  /** The tag name, in lower case. */
  tag: string;
  /** The opening tag's attributes as written, e.g. ` class="notice" id="load-shard"`. */
  attributes: string;
  /** The markup between the opening and the closing tag (empty for a void element such as `<meta>`). */
  inner: string;
  /** The whole element, its tags included. */
  outer: string;
  /** Where it starts in the markup it was found in. */
  offset: number;
}

/**
 * Every element with this tag name (`*`: any) whose attributes have exactly these values, in the order of
 * their opening tags (an element inside another comes after it); each runs to its own closing tag.
 */
export function elements(markup: string, tag: string, attributes: Record<string, string> = {}): Element[] {
  // Script and style text blanked out (same length, so offsets hold) before looking for tags.
  const masked = markup.replace(RAW_TEXT, (_, open: string, _tag: string, text: string, close: string) => `${open}${' '.repeat(text.length)}${close}`);
  const opening = new RegExp(`<(${tag === '*' ? '[a-z][a-z0-9-]*' : escapeRegExp(tag)})\\b([^>]*)>`, 'gi');
  const found: Element[] = [];
  for (const open of masked.matchAll(opening)) {
    const own = open[2] ?? '';
    if (!Object.entries(attributes).every(([name, value]) => attribute(own, name) === value)) continue;
    const name = (open[1] ?? '').toLowerCase();
    const start = open.index;
    const innerStart = start + open[0].length;
    if (VOID.has(name) || own.endsWith('/')) {
      found.push({ tag: name, attributes: own, inner: '', outer: markup.slice(start, innerStart), offset: start });
      continue;
    }
    const end = closingTag(masked, name, innerStart);
    if (end === undefined) throw new Error(`<${name}${own}> at offset ${start} is not closed`);
    found.push({ tag: name, attributes: own, inner: markup.slice(innerStart, end.index), outer: markup.slice(start, end.index + end.length), offset: start });
  }
  return found;
}

/** Where the element of this tag opened just before `from` closes, nested ones of the same tag skipped. */
function closingTag(markup: string, tag: string, from: number): { index: number; length: number } | undefined {
  const pattern = new RegExp(`<(/?)${escapeRegExp(tag)}\\b[^>]*>`, 'gi');
  pattern.lastIndex = from;
  let depth = 1;
  for (let m = pattern.exec(markup); m !== null; m = pattern.exec(markup)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return { index: m.index, length: m[0].length };
  }
  return undefined;
}

/** The first element {@link elements} finds; throws naming what was looked for when there is none. */
export function element(markup: string, tag: string, attributes: Record<string, string> = {}): Element {
  const first = elements(markup, tag, attributes)[0];
  if (first === undefined) throw new Error(`no element ${tag === '*' ? '' : tag}${Object.entries(attributes).map(([n, v]) => `[${n}="${v}"]`).join('')}`);
  return first;
}

/** The markup of the first element with this id, up to its matching closing tag (same tag name). */
export function elementById(markup: string, id: string): string {
  return element(markup, '*', { id }).outer;
}

export interface TableRow {
  /** The `<tr>` tag's attributes as written. */
  attributes: string;
  /** Each cell's visible text. */
  cells: string[];
  /** Each cell's markup. */
  markup: string[];
}

/** The elements not inside another of the list: a table's own rows, not those of a table in one of its cells. */
function outermost(list: readonly Element[]): Element[] {
  const kept: Element[] = [];
  for (const e of list) if (!kept.some((k) => e.offset < k.offset + k.outer.length)) kept.push(e);
  return kept;
}

/** The body rows of a table's markup (none when it has no tbody). */
export function rowsOfTable(table: string): TableRow[] {
  const body = outermost(elements(table, 'tbody'))[0]?.inner ?? '';
  return outermost(elements(body, 'tr')).map((row) => {
    const cells = outermost(elements(row.inner, 'td')).map((c) => c.inner);
    return { attributes: row.attributes, cells: cells.map(textOf), markup: cells };
  });
}

/** The body rows of the table with this id. */
export function bodyRows(markup: string, id: string): TableRow[] {
  return rowsOfTable(elementById(markup, id));
}

/** The row whose `<tr>` has this attribute value, e.g. `data-call` `call-0001`; throws when there is none. */
export function rowWith(rows: readonly TableRow[], name: string, value: string): TableRow {
  const row = rows.find((r) => attribute(r.attributes, name) === value);
  if (row === undefined) throw new Error(`no row with ${name}="${value}"`);
  return row;
}

/** The value of an attribute in a tag's attribute text, e.g. `data-call`, as written. */
export function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${escapeRegExp(name)}="([^"]*)"`).exec(attributes)?.[1];
}

/** Whether a tag's attribute text names this attribute, with a value or without (`selected`). */
export function hasAttribute(attributes: string, name: string): boolean {
  return new RegExp(`(?:^|\\s)${escapeRegExp(name)}(?:\\s*=|\\s|$)`, 'i').test(attributes);
}

/** The options of the select with this id: each one's value, whether it is selected, and its text. */
export function selectOptions(markup: string, id: string): { value: string | undefined; selected: boolean; text: string }[] {
  return elements(elementById(markup, id), 'option').map((o) => ({ value: attribute(o.attributes, 'value'), selected: hasAttribute(o.attributes, 'selected'), text: textOf(o.inner) }));
}

/** The page's Content-Security-Policy, as its `<meta http-equiv>` states it, entities decoded. */
export function contentSecurityPolicy(page: string): string {
  const meta = element(page, 'meta', { 'http-equiv': 'Content-Security-Policy' });
  const content = attribute(meta.attributes, 'content');
  if (content === undefined) throw new Error('the Content-Security-Policy meta element has no content');
  return decodeEntities(content);
}
