/**
 * A small, safe XML reader for the repository's small documents: repomd.xml, comps, metalink and
 * koji XML-RPC answers (libsolv parses primary and filelists itself).
 *
 * Safety over completeness: entity declarations are refused outright (no billion laughs, no
 * external entities), only the five predefined entities and character references are expanded,
 * the input size and the nesting depth are capped, and the parser is a loop, not a recursion.
 */
import { GooseError, type InputErrorCode } from '../errors.js';

/** One element: its name as written (prefix included), attributes, children and direct text. */
export interface XmlElement {
  /** Qualified name as written, e.g. `data` or `rpm:entry`. */
  name: string;
  /** Attributes by qualified name, entities expanded. */
  attrs: Record<string, string>;
  /** Child elements in document order. */
  children: XmlElement[];
  /** The element's own character data (text and CDATA), concatenated, entities expanded. */
  text: string;
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

/** Limits and policy for {@link parseXml}. */
export interface XmlParseOptions {
  /** File or URL named in errors. */
  file?: string;
  /** Largest accepted input in characters (default 64 MiB). */
  maxChars?: number;
  /** Deepest accepted element nesting (default 256). */
  maxDepth?: number;
  /**
   * Accept a `<!DOCTYPE ...>` that only names an external DTD (comps files carry one); an internal
   * subset (`[...]`) is refused either way because that is where entities are declared.
   */
  allowDoctype?: boolean;
}

const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 256;
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ATTR_VALUE_END = { '"': '"', "'": "'" } as const;

/** The local part of a qualified name: `rpm:entry` -> `entry`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** First child whose local name is `name`, if any. */
export function childElement(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => localName(c.name) === name);
}

/** Every child whose local name is `name`, in document order. */
export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => localName(c.name) === name);
}

/** Trimmed text of the first child named `name`, if that child exists. */
export function childText(el: XmlElement, name: string): string | undefined {
  return childElement(el, name)?.text.trim();
}

/** Decode bytes as UTF-8 (dropping a BOM); invalid sequences become U+FFFD rather than failing. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

/** Parse a whole XML document into its root element; throws `XML_MALFORMED`, `XML_FORBIDDEN` or `XML_TOO_LARGE`. */
export function parseXml(input: string | Uint8Array, options: XmlParseOptions = {}): XmlElement {
  const file = options.file;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (typeof input !== 'string' && input.length > maxChars * 4) {
    throw new GooseError('XML_TOO_LARGE', `XML document of ${input.length} bytes is larger than the ${maxChars}-character limit`, { file });
  }
  const src = typeof input === 'string' ? input : decodeUtf8(input);
  if (src.length > maxChars) {
    throw new GooseError('XML_TOO_LARGE', `XML document of ${src.length} characters is larger than the ${maxChars}-character limit`, { file });
  }
  return new Parser(src, file, options.maxDepth ?? DEFAULT_MAX_DEPTH, options.allowDoctype ?? false).document();
}

/** Expand the predefined entities and character references in `raw`; anything else is refused. */
function expandEntities(raw: string, fail: (code: InputErrorCode, msg: string) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,32});?/g, (whole, ent: string) => {
    if (!whole.endsWith(';')) fail('XML_MALFORMED', `unterminated entity reference '${whole}'`);
    switch (ent) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ent);
    if (m) {
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
      if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp);
      fail('XML_MALFORMED', `invalid character reference '${whole}'`);
    }
    return fail('XML_FORBIDDEN', `undeclared entity '${whole}' (entities are not supported)`);
  });
}

class Parser {
  private pos = 0;
  private line = 1;
  private linePos = 0;

  constructor(
    private readonly src: string,
    private readonly file: string | undefined,
    private readonly maxDepth: number,
    private readonly allowDoctype: boolean,
  ) {}

  document(): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    const src = this.src;
    const fail = (code: InputErrorCode, msg: string): never => this.fail(code, msg);
    while (this.pos < src.length) {
      const lt = src.indexOf('<', this.pos);
      const textEnd = lt < 0 ? src.length : lt;
      if (textEnd > this.pos) {
        const raw = src.slice(this.pos, textEnd);
        const top = stack[stack.length - 1];
        if (top) top.text += expandEntities(raw, fail);
        else if (raw.trim() !== '') this.fail('XML_MALFORMED', 'text outside the root element');
        this.pos = textEnd;
        continue;
      }
      if (src.startsWith('<!--', lt)) {
        this.pos = this.skipPast('-->', lt + 4, 'comment');
      } else if (src.startsWith('<![CDATA[', lt)) {
        const end = this.skipPast(']]>', lt + 9, 'CDATA section');
        const top = stack[stack.length - 1];
        if (!top) this.fail('XML_MALFORMED', 'CDATA outside the root element');
        else top.text += src.slice(lt + 9, end - 3);
        this.pos = end;
      } else if (src.startsWith('<?', lt)) {
        this.pos = this.skipPast('?>', lt + 2, 'processing instruction');
      } else if (src.startsWith('<!', lt)) {
        this.doctype(lt, root !== undefined || stack.length > 0);
      } else if (src.startsWith('</', lt)) {
        this.pos = lt + 2;
        const name = this.name();
        this.skipSpace();
        this.expect('>');
        const open = stack.pop();
        if (!open || open.name !== name) {
          this.fail('XML_MALFORMED', `closing tag </${name}> does not match ${open ? `<${open.name}>` : 'any open element'}`);
        }
      } else {
        if (root !== undefined && stack.length === 0) this.fail('XML_MALFORMED', 'more than one root element');
        const el = this.startTag(lt);
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(el);
        else root = el;
        if (this.src[this.pos - 2] !== '/') {
          if (stack.length >= this.maxDepth) this.fail('XML_TOO_LARGE', `elements nested deeper than ${this.maxDepth}`);
          stack.push(el);
        }
      }
    }
    if (stack.length > 0) this.fail('XML_MALFORMED', `unexpected end of document inside <${stack[stack.length - 1].name}>`);
    if (!root) this.fail('XML_MALFORMED', 'no root element');
    return root as XmlElement;
  }

  private doctype(lt: number, afterRoot: boolean): void {
    const src = this.src;
    if (!src.startsWith('<!DOCTYPE', lt) || afterRoot) {
      this.pos = lt;
      this.fail('XML_FORBIDDEN', 'markup declarations (<!ENTITY>, <!ELEMENT>, ...) are not accepted');
    }
    const end = src.indexOf('>', lt);
    const bracket = src.indexOf('[', lt);
    this.pos = lt;
    if (end < 0) this.fail('XML_MALFORMED', 'unterminated DOCTYPE');
    if (bracket >= 0 && bracket < end) this.fail('XML_FORBIDDEN', 'a DOCTYPE internal subset (entity declarations) is not accepted');
    if (!this.allowDoctype) this.fail('XML_FORBIDDEN', 'a DOCTYPE is not accepted in this document');
    this.pos = end + 1;
  }

  private startTag(lt: number): XmlElement {
    this.pos = lt + 1;
    const el: XmlElement = { name: this.name(), attrs: {}, children: [], text: '', line: this.lineAt(lt) };
    const fail = (code: InputErrorCode, msg: string): never => this.fail(code, msg);
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === '>') { this.pos += 1; return el; }
      if (c === '/' && this.src[this.pos + 1] === '>') { this.pos += 2; return el; }
      if (c === undefined) this.fail('XML_MALFORMED', `unterminated start tag <${el.name}`);
      if (this.pos === before) this.fail('XML_MALFORMED', `expected whitespace before an attribute in <${el.name}>`);
      const attr = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.src[this.pos] as keyof typeof ATTR_VALUE_END;
      if (quote !== '"' && quote !== "'") this.fail('XML_MALFORMED', `attribute ${attr} value must be quoted`);
      const close = this.src.indexOf(ATTR_VALUE_END[quote], this.pos + 1);
      if (close < 0) this.fail('XML_MALFORMED', `unterminated value of attribute ${attr}`);
      const raw = this.src.slice(this.pos + 1, close);
      if (raw.includes('<')) this.fail('XML_MALFORMED', `'<' in the value of attribute ${attr}`);
      if (Object.prototype.hasOwnProperty.call(el.attrs, attr)) this.fail('XML_MALFORMED', `duplicate attribute ${attr}`);
      el.attrs[attr] = expandEntities(raw, fail);
      this.pos = close + 1;
    }
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('XML_MALFORMED', 'expected a name');
    this.pos += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.src);
    this.pos = SPACE.lastIndex;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) this.fail('XML_MALFORMED', `expected '${ch}'`);
    this.pos += 1;
  }

  private skipPast(terminator: string, from: number, what: string): number {
    const i = this.src.indexOf(terminator, from);
    if (i < 0) {
      this.pos = from;
      this.fail('XML_MALFORMED', `unterminated ${what}`);
    }
    return i + terminator.length;
  }

  /** Line of `pos`; positions asked for only grow during a parse, so counting resumes where it stopped. */
  private lineAt(pos: number): number {
    if (pos < this.linePos) {
      this.linePos = 0;
      this.line = 1;
    }
    for (let i = this.src.indexOf('\n', this.linePos); i >= 0 && i < pos; i = this.src.indexOf('\n', i + 1)) {
      this.line += 1;
      this.linePos = i + 1;
    }
    return this.line;
  }

  private fail(code: InputErrorCode, msg: string): never {
    throw new GooseError(code, `invalid XML: ${msg}`, { file: this.file, line: this.lineAt(this.pos) });
  }
}
