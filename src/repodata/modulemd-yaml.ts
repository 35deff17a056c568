/**
 * A fast reader for the YAML that libmodulemd writes (libyaml's emitter): block mappings and
 * sequences, plain scalars (wrapped ones too), single- / double-quoted one-line scalars, one-line flow sequences of plain
 * scalars, `{}` and `[]`, `|`/`>` block scalars, `---`/`...` markers and comments.
 *
 * Why: the `yaml` package costs ~60 ms to import and ~230 ms for AppStream's modules.yaml the
 * first time in a process, on the cold load's critical path. This reader covers what libmodulemd
 * emits and nothing more: on anything else (anchors, tags, multi-line quoted scalars, blank lines in plain ones,
 * escapes, odd indentation, tabs, duplicate keys, empty documents, ...) it declines with
 * `undefined`, and the caller parses with `yaml` as before, which also produces every error.
 */

/** A YAML value as the failsafe schema gives it: every scalar is a string. */
export type YamlValue = string | YamlValue[] | { [k: string]: YamlValue };

/** Thrown inside the reader to decline; never escapes {@link readModulemdYaml}. */
class Decline extends Error {}

const decline = (): never => {
  throw new Decline();
};

interface Line {
  /** Leading spaces. */
  indent: number;
  /** The line without its indentation (may be rewritten for `- key: v` items). */
  text: string;
}

// Tabs, CR, control characters (YAML rejects most) and the non-ASCII spaces that JavaScript's
// trim() removes but YAML keeps as content: the reader declines rather than reason about them.
const UNREAD = /[\x00-\x09\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff]/;

// A plain scalar may not start with an indicator (a leading `-`, `?` or `:` is declined too).
const PLAIN_START = /^[^\s#'"[\]{}&*!|>%@`,?:-]/;

class Reader {
  private pos = 0;

  constructor(private readonly lines: Line[]) {}

  /** Index of the next line that is neither blank nor a comment. */
  private next(): number {
    let i = this.pos;
    while (i < this.lines.length && (this.lines[i].text === '' || this.lines[i].text.startsWith('#'))) i += 1;
    return i;
  }

  documents(): YamlValue[] {
    const docs: YamlValue[] = [];
    for (;;) {
      const i = this.next();
      if (i >= this.lines.length) break;
      const l = this.lines[i];
      if (l.indent !== 0 || l.text !== '---') decline();
      this.pos = i + 1;
      const j = this.next();
      if (j >= this.lines.length || this.lines[j].indent !== 0 || isMarker(this.lines[j])) decline(); // empty document
      this.pos = j;
      docs.push(this.block(0, false));
      const k = this.next();
      if (k < this.lines.length && this.lines[k].indent === 0 && this.lines[k].text === '...') this.pos = k + 1;
    }
    if (docs.length === 0) decline();
    return docs;
  }

  /** A block node whose first line (the next significant one) is at `indent`. */
  private block(indent: number, inSeqValue: boolean): YamlValue {
    const l = this.lines[this.next()];
    if (l.indent !== indent) decline();
    if (isItem(l.text)) return this.sequence(indent);
    if (inSeqValue) decline();
    return this.mapping(indent);
  }

  /**
   * The index of the next entry line of a block at `indent`, or -1 where the block ends (the end
   * of the text, a line indented less, a document marker); a line indented more declines.
   */
  private entry(indent: number): number {
    const i = this.next();
    if (i >= this.lines.length) return -1;
    const l = this.lines[i];
    if (l.indent < indent || isMarker(l)) return -1;
    if (l.indent > indent) decline();
    return i;
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (;;) {
      const i = this.entry(indent);
      if (i < 0) break;
      const l = this.lines[i];
      if (!isItem(l.text)) break; // a key of the enclosing mapping
      const rest = l.text.slice(1);
      const content = rest.trimStart();
      if (content === '' || content.startsWith('#')) {
        this.pos = i + 1;
        const j = this.next();
        if (j >= this.lines.length || this.lines[j].indent <= indent) decline();
        out.push(this.block(this.lines[j].indent, false));
      } else if (isItem(content) || keyOf(content) !== undefined) {
        // `- key: v` or `- - v`: the item is a block node starting at the content's column.
        this.lines[i] = { indent: indent + 1 + rest.length - content.length, text: content };
        this.pos = i;
        out.push(this.block(this.lines[i].indent, false));
      } else {
        this.pos = i + 1;
        out.push(this.inline(content, indent));
      }
    }
    return out;
  }

  private mapping(indent: number): { [k: string]: YamlValue } {
    const out: { [k: string]: YamlValue } = {};
    for (;;) {
      const i = this.entry(indent);
      if (i < 0) break;
      const l = this.lines[i];
      const key = keyOf(l.text);
      if (key === undefined || key === '__proto__' || Object.hasOwn(out, key)) decline();
      const content = l.text.slice(key!.length + 1).trimStart();
      this.pos = i + 1;
      if (content === '' || content.startsWith('#')) {
        const j = this.next();
        const n = j < this.lines.length ? this.lines[j] : undefined;
        const value = n !== undefined && !isMarker(n) ? n : undefined;
        if (value && value.indent > indent) out[key!] = this.block(value.indent, false);
        else if (value && value.indent === indent && isItem(value.text)) out[key!] = this.block(indent, true);
        else out[key!] = '';
      } else {
        out[key!] = this.inline(content, indent);
      }
    }
    return out;
  }

  /** A value on the rest of a line (the line is consumed); `indent` is its parent's indentation. */
  private inline(content: string, indent: number): YamlValue {
    const c = content[0];
    if (c === '|' || c === '>') return this.blockScalar(content, indent);
    if (c === '"') {
      const end = content.indexOf('"', 1);
      if (end < 0 || content.slice(1, end).includes('\\')) decline();
      endOfLine(content.slice(end + 1));
      return content.slice(1, end);
    }
    if (c === "'") {
      let s = '';
      let k = 1;
      for (;;) {
        const q = content.indexOf("'", k);
        if (q < 0) decline();
        s += content.slice(k, q);
        if (content[q + 1] === "'") {
          s += "'";
          k = q + 2;
        } else {
          endOfLine(content.slice(q + 1));
          return s;
        }
      }
    }
    if (c === '[' || c === '{') return flow(content);
    return this.plain(content, indent);
  }

  /**
   * A plain scalar; libyaml wraps long ones onto lines indented past `indent`, which fold with a
   * space. A blank line or a comment among those lines, or a line starting with an indicator, declines.
   */
  private plain(content: string, indent: number): string {
    if (!PLAIN_START.test(content)) decline();
    const hash = content.indexOf(' #');
    let s = (hash < 0 ? content : content.slice(0, hash)).trimEnd();
    if (s.includes(': ') || s.endsWith(':')) decline();
    if (hash >= 0) return s; // a comment ends it: any more-indented line after it is not ours
    for (;;) {
      const i = this.next();
      if (i >= this.lines.length || this.lines[i].indent <= indent) return s;
      if (i !== this.pos) decline(); // blank or comment lines before a continuation
      const l = this.lines[i];
      const t = l.text.trimEnd();
      if (!PLAIN_START.test(t) || t.includes(': ') || t.includes(' #') || t.endsWith(':')) decline();
      s += ` ${t}`;
      this.pos = i + 1;
    }
  }

  /** `|`, `|-`, `>`, `>-` whose lines follow; other headers, `+`, leading or space-only blank lines, more-indented folded lines decline. */
  private blockScalar(header: string, indent: number): string {
    if (!/^[|>]-?$/.test(header)) decline();
    const literal = header[0] === '|';
    const strip = header.length === 2;
    const first = this.lines[this.pos];
    if (first === undefined || first.text === '' || first.indent <= indent) decline();
    const at = first.indent;
    const parts: string[] = [];
    let i = this.pos;
    for (; i < this.lines.length; i += 1) {
      const l = this.lines[i];
      if (l.text === '') {
        if (l.indent > 0) decline(); // a line of spaces only
        parts.push('');
        continue;
      }
      if (l.indent < at) break;
      if (!literal && l.indent > at) decline();
      parts.push(' '.repeat(l.indent - at) + l.text);
    }
    let blank = 0;
    while (parts.length > 0 && parts[parts.length - 1] === '') {
      parts.pop();
      blank += 1;
    }
    this.pos = i - blank;
    let s: string;
    if (literal) s = parts.join('\n');
    else {
      s = parts[0];
      let empties = 0;
      for (let k = 1; k < parts.length; k += 1) {
        if (parts[k] === '') empties += 1;
        else {
          s += empties === 0 ? ' ' : '\n'.repeat(empties);
          s += parts[k];
          empties = 0;
        }
      }
    }
    return strip ? s : `${s}\n`;
  }
}

/** A document marker, `---` or `...` at column 0. */
function isMarker(l: Line): boolean {
  return l.indent === 0 && (l.text === '---' || l.text === '...');
}

/** A block sequence item: `-` alone or followed by a space. */
function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** The plain key of `key: ...` / `key:`, or undefined when the line is not such an entry. */
function keyOf(text: string): string | undefined {
  if (!PLAIN_START.test(text)) return undefined;
  const m = /^([^#:]*[^\s#:]|[^\s#:]):(?: |$)/.exec(text);
  return m ? m[1] : undefined;
}

/** Only a comment (after a space) or nothing may follow a value. */
function endOfLine(rest: string): void {
  if (rest !== '' && !/^ +(#.*)?$/.test(rest)) decline();
}

/** `{}`, `[]`, or a one-line `[a, b]` of plain scalars without `:`. */
function flow(content: string): YamlValue {
  const close = content[0] === '[' ? ']' : '}';
  const end = content.indexOf(close);
  if (end < 0) decline();
  endOfLine(content.slice(end + 1));
  const inner = content.slice(1, end);
  if (inner.trim() === '') return close === ']' ? [] : {};
  if (close === '}') decline();
  return inner.split(',').map((item) => {
    const s = item.trim();
    if (!PLAIN_START.test(s) || /[[\]{}:#]/.test(s)) decline();
    return s;
  });
}

/**
 * The documents of `text` as the `yaml` package (failsafe schema) gives them, or `undefined`
 * when the text is anything but the plain subset libmodulemd writes; then parse it with `yaml`.
 */
export function readModulemdYaml(text: string): YamlValue[] | undefined {
  if (UNREAD.test(text)) return undefined;
  const lines: Line[] = text.split('\n').map((raw) => {
    const text = raw.trimStart();
    return { indent: raw.length - text.length, text };
  });
  try {
    return new Reader(lines).documents();
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}
