/**
 * A strict, small XML 1.0 parser for tests: no dependency ships one, and a report check needs more than
 * balanced tags. It enforces what a CI server's parser would reject (mismatched or unclosed tags,
 * characters XML forbids, raw or as references, bare `&`, unknown entities, `<` in attribute values,
 * duplicate or unquoted attributes, more than one root) and returns the decoded tree. No DTD support.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** A document that is not well-formed; `offset` is where parsing stopped. */
export class XmlSyntaxError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
    this.offset = offset;
  }
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const SPACE = /[ \t\n]+/y;
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a document and returns its root element, or throws {@link XmlSyntaxError}. */
export function parseXml(source: string): XmlElement {
  const bad = NOT_CHAR.exec(source);
  if (bad) throw new XmlSyntaxError(`character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);
  // Line-end normalisation (XML 1.0 §2.11) happens before parsing, as in any conforming parser.
  return new Parser(source.replace(/\r\n?/g, '\n')).document();
}

class Parser {
  private readonly src: string;
  private pos = 0;

  constructor(src: string) {
    this.src = src;
  }

  document(): XmlElement {
    if (this.src.startsWith('<?xml')) this.processingInstruction();
    this.misc();
    if (!this.src.startsWith('<', this.pos) || this.src.startsWith('<!', this.pos)) this.fail('expected the root element');
    const root = this.element();
    this.misc();
    if (this.pos !== this.src.length) this.fail('content after the root element');
    return root;
  }

  private misc(): void {
    for (;;) {
      this.space();
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else return;
    }
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.space();
      if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attributes, children: [] };
      }
      if (this.src.startsWith('>', this.pos)) {
        this.pos += 1;
        break;
      }
      if (!hadSpace) this.fail('expected whitespace before an attribute');
      const attribute = this.name();
      if (Object.hasOwn(attributes, attribute)) this.fail(`duplicate attribute "${attribute}"`);
      this.space();
      this.expect('=');
      this.space();
      attributes[attribute] = this.attributeValue();
    }
    const children = this.content();
    this.expect('</');
    const closing = this.name();
    if (closing !== name) this.fail(`end tag </${closing}> does not match <${name}>`);
    this.space();
    this.expect('>');
    return { name, attributes, children };
  }

  private content(): XmlNode[] {
    const children: XmlNode[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') children.push(text);
      text = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unexpected end of document inside an element');
      if (this.src.startsWith('</', this.pos)) break;
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else if (this.src.startsWith('<', this.pos)) {
        flush();
        children.push(this.element());
      } else if (this.src.startsWith('&', this.pos)) text += this.reference();
      else {
        if (this.src.startsWith(']]>', this.pos)) this.fail('"]]>" is not allowed in text');
        text += this.src[this.pos];
        this.pos++;
      }
    }
    flush();
    return children;
  }

  private attributeValue(): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('attribute values must be quoted');
    this.pos++;
    let value = '';
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) this.fail('unterminated attribute value');
      if (ch === quote) break;
      if (ch === '<') this.fail('"<" is not allowed in an attribute value');
      if (ch === '&') value += this.reference();
      else {
        // Attribute-value normalisation: literal whitespace becomes a space; references keep theirs.
        value += ch === '\t' || ch === '\n' ? ' ' : ch;
        this.pos++;
      }
    }
    this.pos++;
    return value;
  }

  private reference(): string {
    const end = this.src.indexOf(';', this.pos);
    if (end < 0 || end - this.pos > 12) this.fail('"&" must start a reference ending in ";"');
    const body = this.src.slice(this.pos + 1, end);
    let out: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9A-Fa-f]+$/.test(body)) {
      const cp = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (cp > 0x10ffff) this.fail(`character reference &${body}; is out of range`);
      out = String.fromCodePoint(cp);
      if (NOT_CHAR.test(out)) this.fail(`character reference &${body}; names a character XML forbids`);
    } else {
      const named = PREDEFINED[body];
      if (named === undefined) this.fail(`unknown entity &${body};`);
      out = named;
    }
    this.pos = end + 1;
    return out;
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    if (this.src.slice(this.pos + 4, end).includes('--')) this.fail('"--" is not allowed inside a comment');
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const end = this.src.indexOf('?>', this.pos + 2);
    if (end < 0) this.fail('unterminated processing instruction');
    this.pos = end + 2;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.src);
    if (!match) this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private space(): boolean {
    SPACE.lastIndex = this.pos;
    const match = SPACE.exec(this.src);
    if (!match) return false;
    this.pos += match[0].length;
    return true;
  }

  private expect(literal: string): void {
    if (!this.src.startsWith(literal, this.pos)) this.fail(`expected "${literal}"`);
    this.pos += literal.length;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.pos);
  }
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
