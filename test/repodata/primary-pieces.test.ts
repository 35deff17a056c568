/**
 * The lean XML reader (wasm/leanxml.c) against expat, through primary-pieces.ts: on every document
 * it accepts, the .solv it gives is byte-identical to expat's; what it declines is read again by
 * expat, so parsePieceToSolv's answer (bytes, or the typed error and its message) is expat's on
 * every input. Crafted documents for each rule, documents whose tricky bytes straddle the reader's
 * 64 KiB buffer, tokens larger than it, the fixtures, and with the shared data the real
 * repositories and createrepo_c's compressed and malformed files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { decompress } from '../../src/repodata/compression.js';
import { expatPieceToSolv, parsePieceToSolv, parseStreamedPieceToSolv } from '../../src/repodata/primary-pieces.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** What a read gives: the .solv's hash, or the typed error with its message. */
function outcome(read: () => Uint8Array): string {
  try {
    return `solv ${sha(read())}`;
  } catch (e) {
    if (e instanceof GooseError) return `error ${e.code}: ${e.message}`;
    throw e;
  }
}

/**
 * Reads `xml` three ways: expat alone, the lean reader alone, and parsePieceToSolv (lean, then
 * expat when declined). Checks that the lean reader's bytes, when it accepts, are expat's, and that
 * parsePieceToSolv answers as expat does. Returns whether the lean reader accepted the document.
 */
function compare(xml: Uint8Array, file = 'piece.xml'): { accepted: boolean; expat: string } {
  const expat = outcome(() => expatPieceToSolv([xml], file));
  const lean = parseStreamedPieceToSolv([xml], file);
  if (lean) expect(`solv ${sha(lean)}`, `${file}: lean reader's .solv`).toBe(expat);
  expect(outcome(() => parsePieceToSolv(xml, file)), `${file}: parsePieceToSolv`).toBe(expat);
  return { accepted: lean !== undefined, expat };
}

const enc = (s: string) => new TextEncoder().encode(s);
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ROOT = '<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="2">\n';

/**
 * A package whose name, summary, description and dependency attributes carry `text` (character
 * data, as written) and `attr` (an attribute value, as written between double quotes).
 */
function pkg(name: string, text = 'plain', attr = 'plain', extra = ''): string {
  return `<package type="rpm">
  <name>${name}</name>
  <arch>x86_64</arch>
  <version epoch="0" ver="1.0" rel="1"/>
  <checksum type="sha256" pkgid="YES">${sha(enc(name))}</checksum>
  <summary>${text}</summary>
  <description>${text}</description>
  <packager>Someone &lt;someone@example.org&gt;</packager>
  <url>https://example.org/${name}</url>
  <location href="Packages/${name}-1.0-1.x86_64.rpm"/>
  <format>
    <rpm:sourcerpm>${name}-1.0-1.src.rpm</rpm:sourcerpm>
    <rpm:provides><rpm:entry name="${attr}" flags="EQ" epoch="0" ver="${attr}" rel="1"/></rpm:provides>
    <rpm:requires><rpm:entry name="lib${name}.so.1()(64bit)"/><rpm:entry name="x" flags="GE" ver="${attr}"/></rpm:requires>${extra}
  </format>
</package>
`;
}

/** `s` as UTF-8 with each `@@` replaced by the raw `bytes`. */
function withBytes(s: string, bytes: number[]): Uint8Array {
  return new Uint8Array(s.split('@@').flatMap((part, i) => [...(i ? bytes : []), ...enc(part)]));
}

const doc = (body: string, head = DECL + ROOT, tail = '</metadata>\n') => head + body + tail;

/** Documents the lean reader must read itself, each giving expat's .solv. */
const ACCEPTED: [string, string | Uint8Array][] = [
  ['plain packages', doc(pkg('a') + pkg('b'))],
  ['the five entities in text and attributes', doc(pkg('a', 'a &lt;b&gt; &amp; &quot;q&quot; &apos;s&apos;', 'x &lt; &gt; &amp; &quot; &apos;'))],
  ['character references, decimal and hex, 1-4 UTF-8 bytes, tab LF CR', doc(pkg('a', '&#65;&#x42;&#233;&#x20AC;&#x1F600;&#9;&#10;&#13;&#0065;', '&#65;&#x42;&#233;&#x20ac;&#128512;&#9;&#10;&#13;'))],
  ['CR LF, lone CR, tab and LF in text', doc(pkg('a', 'line1\r\nline2\rline3\tx\n\r\n\r\r\nend'))],
  ['tab, LF, CR LF and lone CR in attribute values become spaces', doc(pkg('a', 't', 'a\tb\nc\r\nd\re\r'))],
  ['UTF-8 text and attributes: 2, 3 and 4 bytes, C1 controls, U+FFFD', doc(pkg('a', 'héllo — 日本 😀 \u0085 \ufffd', 'ünïcödé 😀'))],
  ['single quotes, quotes of the other kind, whitespace around = and before > and />', doc(`<package type = 'rpm' >
  <name >a</name ><arch>x86_64</arch><version epoch='0' ver='1"0' rel="1'2"  />
  <checksum type='sha256'	pkgid='YES'>${sha(enc('a'))}</checksum>
</package >
`)],
  ['comments before, inside and after the root; > and ] in text; ]] not before >', doc(`<!-- a comment -->\n${pkg('a', 'a > b ] c ]] d ]>', 'x > y ]]> z')}<!-- inside - with a dash -->\n`, DECL + '<!---->\n' + ROOT, '</metadata>\n<!-- after -->\n\n')],
  ['no XML declaration', doc(pkg('a'), ROOT)],
  ['an XML declaration in single quotes, utf-8 in lower case, standalone', doc(pkg('a'), `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n` + ROOT)],
  ['a byte order mark, then the declaration', doc(pkg('a'), '\ufeff' + DECL + ROOT)],
  ['a byte order mark, no declaration', doc(pkg('a'), '\ufeff' + ROOT)],
  ['empty elements both ways, unknown elements with text', doc(pkg('a', '', 'x').replace('<summary></summary>', '<summary/>') + pkg('b', 'x <unknown a="1">in <deeper/> it</unknown> y'))],
  ['a root without packages', '<metadata packages="0"/>'],
];

/** Well-formed documents the lean reader leaves to expat: the same .solv through parsePieceToSolv. */
const DECLINED_WELL_FORMED: [string, string | Uint8Array][] = [
  ['a DOCTYPE', doc(pkg('a'), DECL + '<!DOCTYPE metadata>\n' + ROOT)],
  ['a CDATA section', doc(pkg('a', '<![CDATA[a <b> & c]]>'))],
  ['a processing instruction', doc(pkg('a', 'x <?pi data?> y'))],
  ['an ISO-8859-1 document', withBytes(doc(pkg('a', 'caf@@'), '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + ROOT), [0xe9])],
  ['a non-ASCII element name', doc(pkg('a', 'x <é>y</é> z'))],
  ['whitespace around = in the XML declaration', doc(pkg('a'), '<?xml version = "1.0"?>\n' + ROOT)],
  ['DEL in text', doc(pkg('a', 'a\u007fb'))],
];

/** Malformed documents: declined, and the error is expat's, word for word. */
const MALFORMED: [string, string | Uint8Array][] = [
  ['a mismatched end tag', doc(pkg('a').replace('</name>', '</nam>'))],
  ['a truncated document', doc(pkg('a')).slice(0, 400)],
  ['an unclosed root', doc(pkg('a'), DECL + ROOT, '')],
  ['a duplicate attribute', doc(pkg('a').replace('epoch="0"', 'epoch="0" epoch="1"'))],
  ['text after the root', doc(pkg('a'), DECL + ROOT, '</metadata>\njunk\n')],
  ['a second root', doc(pkg('a'), DECL + ROOT, '</metadata>\n<metadata/>\n')],
  [']]> in text', doc(pkg('a', 'a ]]> b'))],
  ['-- in a comment', doc(pkg('a'), DECL + '<!-- a -- b -->\n' + ROOT)],
  ['an undefined entity', doc(pkg('a', 'a&nbsp;b'))],
  ['a bare ampersand', doc(pkg('a', 'a & b'))],
  ['&#0;', doc(pkg('a', '&#0;'))],
  ['a surrogate reference', doc(pkg('a', 'x', '&#xD800;'))],
  ['an empty character reference', doc(pkg('a', 'a&#;b'))],
  ['an empty hex character reference', doc(pkg('a', 'x', 'a&#x;b'))],
  ['&#X41; (capital X)', doc(pkg('a', '&#X41;'))],
  ['no whitespace between attributes', doc(pkg('a').replace('epoch="0" ver="1.0"', 'epoch="0"ver="1.0"'))],
  ['< in an attribute value', doc(pkg('a', 'x', 'a<b'))],
  ['a control character in text', doc(pkg('a', 'a\u0001b'))],
  ['invalid UTF-8', withBytes(doc(pkg('a', 'a@@b')), [0xc3, 0x28])],
  ['an overlong UTF-8 form', withBytes(doc(pkg('a', 'a@@b')), [0xc0, 0xaf])],
  ['a truncated UTF-8 sequence at the end of a text', withBytes(doc(pkg('a', 'a@@')), [0xe6, 0x97])],
  ['a UTF-8 sequence past U+10FFFF', withBytes(doc(pkg('a', 'a@@')), [0xf4, 0x90, 0x80, 0x80])],
  ['U+FFFE', doc(pkg('a', 'a\ufffeb'))],
  ['an empty document', ''],
  ['only an XML declaration', DECL],
  ['text before the root', doc(pkg('a'), DECL + 'text' + ROOT)],
  ['an empty end tag', doc(pkg('a').replace('</name>', '</>'))],
  ['an XML declaration after whitespace', doc(pkg('a'), '\n' + DECL + ROOT)],
];

const bytesOf = (x: string | Uint8Array) => (typeof x === 'string' ? enc(x) : x);

describe('the lean XML reader against expat', () => {
  it.each(ACCEPTED)('reads %s itself, as expat does', (_, x) => {
    const r = compare(bytesOf(x));
    expect(r.expat).toMatch(/^solv /);
    expect(r.accepted).toBe(true);
  });

  it.each(DECLINED_WELL_FORMED)('leaves %s to expat: the same .solv', (_, x) => {
    const r = compare(bytesOf(x));
    expect(r.expat).toMatch(/^solv /);
    expect(r.accepted).toBe(false);
  });

  it('leaves an unknown checksum type to expat: libsolv names its line, which only expat knows', () => {
    const r = compare(enc(doc(pkg('a').replace('type="sha256"', 'type="nosuch"'))));
    expect(r.expat).toMatch(/^error REPO_PARSE: .*line \d+: unknown checksum type/);
    expect(r.accepted).toBe(false);
  });

  it.each(MALFORMED)('leaves %s to expat: its error, word for word', (_, x) => {
    const r = compare(bytesOf(x));
    expect(r.expat).toMatch(/^error REPO_PARSE: /);
    expect(r.accepted).toBe(false);
  });

  it('reads tokens that straddle its 64 KiB buffer at every offset as expat does', () => {
    // The second package (entities, CR LF, 2-4 byte UTF-8, tags and attributes) is moved across
    // byte 65536 one byte at a time by the length of the first one's description.
    const second = pkg('b', 'x &amp; y\r\nz é 日 😀 &#x1F600; ]] ok', 'v\r\nw &lt; é😀');
    const at = (fill: number) => doc(pkg('a', 'f'.repeat(fill)) + second + '<!-- a comment -->' + pkg('c'));
    const base = 65536 - at(0).indexOf(second);
    let accepted = 0;
    for (let shift = -40; shift < second.length + 40; shift += 1) {
      const r = compare(enc(at(base - shift)));
      expect(r.expat).toMatch(/^solv /);
      accepted += r.accepted ? 1 : 0;
    }
    expect(accepted).toBe(second.length + 80);
  });

  it('reads a tag and a comment larger than its buffer', () => {
    const big = 'n'.repeat(200_000);
    const r = compare(enc(doc(`<!-- ${'c'.repeat(150_000)} -->\n` + pkg('a', 't', big) + pkg('b', 'x'.repeat(300_000)))));
    expect(r.expat).toMatch(/^solv /);
    expect(r.accepted).toBe(true);
  });

  it('reads the fixture distribution\'s primaries (every compression) as expat does', () => {
    const root = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos');
    const files = primaries(root);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(compare(decompress(readFileSync(f), { file: f }), f).accepted, f).toBe(true);
  });
});

/** Every primary.xml file (any compression) under `dir`. */
function primaries(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...primaries(p));
    else if (/primary\.xml(\.(gz|xz|zst|bz2))?$/.test(e)) out.push(p);
  }
  return out.sort();
}

describeWithData('the lean XML reader against expat on the shared data', () => {
  const find = (...dir: string[]) => primaries(sharedPath(...dir));
  it.each([
    ['CentOS Stream 9 AppStream', ['centos-stream-9', 'appstream']],
    ['CentOS Stream 9 BaseOS', ['centos-stream-9', 'baseos-2022']],
    ['bookworm binary', ['bookworm-rpmmd', 'binary']],
    ['bookworm source', ['bookworm-rpmmd', 'source']],
    ['the Fedora SRPM repository', ['fedora-srpms-unitedrpms']],
    ['createrepo_c\'s and koschei\'s repositories', ['createrepo_c']],
    ['koschei\'s repositories', ['koschei-repos']],
  ])('%s: the same .solv, read by the lean reader itself', (_, dir) => {
    const files = find(...dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      let xml: Uint8Array;
      try {
        xml = decompress(readFileSync(f), { file: f });
      } catch {
        continue; // zchunk, or a corrupt file: not XML this reader gets to see
      }
      const r = compare(xml, f);
      if (r.expat.startsWith('solv ')) expect(r.accepted, f).toBe(true);
    }
  }, 120_000);

  it('createrepo_c\'s compressed files and XML snippets: expat\'s answer, errors word for word', () => {
    for (const dir of ['compressed_files', 'repodata_snippets']) {
      const base = sharedPath('createrepo_c', dir);
      for (const e of readdirSync(base).sort()) {
        const f = join(base, e);
        let xml: Uint8Array;
        try {
          xml = decompress(readFileSync(f), { file: f });
        } catch {
          continue;
        }
        compare(xml, f);
      }
    }
  });
});
