import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { childElements, childText, localName, parseXml } from '../../src/repodata/xml.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof GooseError ? `${e.code}@${e.line}` : `untyped: ${String(e)}`;
  }
  return undefined;
}

describe('parseXml', () => {
  it('reads elements, attributes, text, CDATA, comments and the predefined entities', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<!-- c --><a xmlns:r="u" k='v &amp; w'>\n <r:b x="1"/>t&lt;&#65;&#x42;<![CDATA[<raw>&amp;]]><c>in</c></a>\n`,
    );
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ 'xmlns:r': 'u', k: 'v & w' });
    expect(root.children.map((c) => localName(c.name))).toEqual(['b', 'c']);
    expect(root.children[0].attrs.x).toBe('1');
    expect(root.text.trim()).toBe('t<AB<raw>&amp;');
    expect(childText(root, 'c')).toBe('in');
    expect(childElements(root, 'b')).toHaveLength(1);
    expect(root.children[0].line).toBe(3);
  });

  it('refuses entity declarations and unknown entities (no billion laughs)', () => {
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>`;
    expect(codeOf(() => parseXml(lol))).toBe('XML_FORBIDDEN@2');
    expect(codeOf(() => parseXml(lol, { allowDoctype: true }))).toBe('XML_FORBIDDEN@2');
    expect(codeOf(() => parseXml('<a>&xxe;</a>'))).toBe('XML_FORBIDDEN@1');
    expect(codeOf(() => parseXml('<a/>\n<!ENTITY x "y">'))).toBe('XML_FORBIDDEN@2');
  });

  it('accepts an external-only DOCTYPE only when allowed', () => {
    const doc = '<!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">\n<comps/>';
    expect(parseXml(doc, { allowDoctype: true }).name).toBe('comps');
    expect(codeOf(() => parseXml(doc))).toBe('XML_FORBIDDEN@1');
  });

  it('reports malformed documents with a line', () => {
    expect(codeOf(() => parseXml('<a>\n<b></a>'))).toBe('XML_MALFORMED@2');
    expect(codeOf(() => parseXml('<a>\n<b>'))).toBe('XML_MALFORMED@2');
    expect(codeOf(() => parseXml(''))).toBe('XML_MALFORMED@1');
    expect(codeOf(() => parseXml('<a/><b/>'))).toBe('XML_MALFORMED@1');
    expect(codeOf(() => parseXml('<a x=1/>'))).toBe('XML_MALFORMED@1');
    expect(codeOf(() => parseXml('<a x="1" x="2"/>'))).toBe('XML_MALFORMED@1');
    expect(codeOf(() => parseXml('<a>&amp</a>'))).toBe('XML_MALFORMED@1');
    expect(codeOf(() => parseXml('<a>&#0;</a>'))).toBe('XML_MALFORMED@1');
    expect(codeOf(() => parseXml('<a><!-- open</a>'))).toBe('XML_MALFORMED@1');
  });

  it('caps size and depth without recursion', () => {
    expect(codeOf(() => parseXml('<a>' + 'x'.repeat(100) + '</a>', { maxChars: 50 }))).toBe('XML_TOO_LARGE@undefined');
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(codeOf(() => parseXml(deep))).toBe('XML_TOO_LARGE@1');
    const ok = '<a>'.repeat(200) + '</a>'.repeat(200);
    expect(parseXml(ok).children).toHaveLength(1);
  });

  it('decodes UTF-8 bytes and drops a BOM', () => {
    const root = parseXml(Buffer.from('\uFEFF<a>Čeština</a>'));
    expect(root.text).toBe('Čeština');
  });
});
