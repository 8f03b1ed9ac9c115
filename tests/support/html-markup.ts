/**
 * Reading a rendered report in tests the way a reader sees it, without a browser: the markup with the
 * scripts emptied, the visible text of a fragment, the rows of a table, the JSON blocks.
 */

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

/** The page with every script element emptied: what remains is markup only. */
export function withoutScripts(page: string): string {
  return page.replace(SCRIPT, '<script$1></script>');
}

/** The parsed JSON of the `<script type="application/json" id="…">` block. */
export function scriptJson<T>(page: string, id: string): T {
  for (const m of page.matchAll(SCRIPT)) {
    if ((m[1] ?? '').includes(`id="${id}"`)) return JSON.parse(m[2] ?? '') as T;
  }
  throw new Error(`no script block #${id}`);
}

/** Tags dropped (code and emphasis without a gap, as a browser shows them; others as a space), entities decoded, whitespace collapsed. */
export function textOf(markup: string): string {
  return markup
    .replace(/<\/?(?:code|strong|em|b|i|u)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The markup of the first element with this id, up to its matching closing tag (same tag name). */
export function elementById(markup: string, id: string): string {
  const open = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bid="${id}"[^>]*>`, 'i').exec(markup);
  if (open === null) throw new Error(`no element #${id}`);
  const tag = open[1]!.toLowerCase();
  const pattern = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  pattern.lastIndex = open.index + open[0].length;
  let depth = 1;
  for (let m = pattern.exec(markup); m !== null; m = pattern.exec(markup)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return markup.slice(open.index, m.index + m[0].length);
  }
  throw new Error(`#${id} is not closed`);
}

export interface TableRow {
  /** The `<tr>` tag's attributes as written. */
  attributes: string;
  /** Each cell's visible text. */
  cells: string[];
  /** Each cell's markup. */
  markup: string[];
}

/** The body rows of the table with this id. */
export function bodyRows(markup: string, id: string): TableRow[] {
  const table = elementById(markup, id);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...(row[2] ?? '').matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1] ?? '');
    return { attributes: row[1] ?? '', cells: cells.map(textOf), markup: cells };
  });
}

/** The value of an attribute in a tag's attribute text, e.g. `data-call`. */
export function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];
}
