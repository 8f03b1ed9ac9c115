import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Reading an XML document in tests (junit.xml above all) with fast-xml-parser, as strictly as the parser
 * of a CI server reads it. XMLValidator checks the structure (tags that match and close, quoted and
 * unique attributes, a bare `&` in text); it lets through, as tried on 5.12, what XML 1.0 forbids all the
 * same: characters XML does not allow (raw, or as references, which the parser then drops), an unknown
 * entity, a bare `&` or a `<` in an attribute value, `]]>` in text, `--` in a comment, a second root,
 * text before or after the root. Those are checked here on the parser's raw values, which are then decoded as XML
 * says: line ends made `\n`, whitespace written in an attribute value made a space, the references
 * replaced. No DTD.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** A document that is not well-formed. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** fast-xml-parser's ordered output: one key per node (the tag name, or one of the text keys), attributes under `:@`. */
type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const TEXT = '#text';
const CDATA = '#cdata';
const COMMENT = '#comment';
const ATTRIBUTES = ':@';

const raw = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: CDATA,
  commentPropName: COMMENT,
});

const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a document and returns its root element, or throws {@link XmlSyntaxError}. */
export function parseXml(source: string): XmlElement {
  const bad = NOT_CHAR.exec(source);
  if (bad) throw new XmlSyntaxError(`character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML, at offset ${bad.index}`);
  // The parser drops text before the first and after the last markup without a word.
  if (!source.trimStart().startsWith('<') || !source.trimEnd().endsWith('>')) throw new XmlSyntaxError('text outside the root element');
  // Deprecated in 5.x for the fast-xml-validator package, which is not a dependency; it is still 5.x's own.
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new XmlSyntaxError(`${valid.err.msg} (${valid.err.code}) at line ${valid.err.line}, column ${valid.err.col}`);
  const top = raw.parse(source) as RawNode[];
  const roots: XmlElement[] = [];
  for (const node of top) {
    const name = nameOf(node);
    if (name === '?xml' || name === COMMENT) continue;
    if (name === TEXT) {
      if (String(node[TEXT]).trim() !== '') throw new XmlSyntaxError(`text outside the root element: ${JSON.stringify(node[TEXT])}`);
      continue;
    }
    roots.push(element(node));
  }
  if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`);
  return roots[0] as XmlElement;
}

function nameOf(node: RawNode): string {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES);
  if (name === undefined) throw new XmlSyntaxError('a node without a name');
  return name;
}

function element(node: RawNode): XmlElement {
  const name = nameOf(node);
  const attributes: Record<string, string> = {};
  for (const [attribute, value] of Object.entries(node[ATTRIBUTES] ?? {})) {
    if (value.includes('<')) throw new XmlSyntaxError(`"<" in the value of ${name}'s attribute ${attribute}`);
    // Attribute-value normalisation (XML 1.0 §3.3.3): whitespace written as such becomes a space; references keep theirs.
    attributes[attribute] = decode(value.replace(/\r\n?|[\n\t]/g, ' '), `${name}'s attribute ${attribute}`);
  }
  const children: XmlNode[] = [];
  const append = (text: string) => {
    if (typeof children.at(-1) === 'string') children[children.length - 1] += text;
    else if (text !== '') children.push(text);
  };
  for (const child of node[name] as RawNode[]) {
    const kind = nameOf(child);
    if (kind === TEXT) {
      const text = String(child[TEXT]);
      if (text.includes(']]>')) throw new XmlSyntaxError(`"]]>" in the text of ${name}`);
      append(decode(lineEnds(text), `the text of ${name}`));
    } else if (kind === CDATA) {
      append(lineEnds((child[CDATA] as RawNode[]).map((c) => String(c[TEXT])).join('')));
    } else if (kind === COMMENT) {
      const comment = (child[COMMENT] as RawNode[]).map((c) => String(c[TEXT])).join('');
      if (comment.includes('--')) throw new XmlSyntaxError(`"--" inside a comment in ${name}`);
    } else if (!kind.startsWith('?')) {
      children.push(element(child));
    }
  }
  return { name, attributes, children };
}

/** Line-end normalisation (XML 1.0 §2.11). */
const lineEnds = (text: string) => text.replace(/\r\n?/g, '\n');

/** The references replaced; a `&` that starts none, or one naming a character XML forbids, is an error. */
function decode(text: string, where: string): string {
  const stray = text.replace(REFERENCE, '').indexOf('&');
  if (stray >= 0) throw new XmlSyntaxError(`"&" that starts no reference (or an unknown entity) in ${where}`);
  return text.replace(REFERENCE, (reference, named: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (named !== undefined) return PREDEFINED[named] as string;
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    const character = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
    if (character === '' || NOT_CHAR.test(character)) throw new XmlSyntaxError(`${reference} names a character XML forbids, in ${where}`);
    return character;
  });
}

/** Every descendant element (and the element itself) with the given name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found = element.name === name ? [element] : [];
  for (const child of element.children) if (typeof child !== 'string') found.push(...findAll(child, name));
  return found;
}

/** The concatenated text of an element and its descendants. */
export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}
