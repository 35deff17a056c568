/**
 * The header -> primary XML step: every string a header can hold (any bytes but NUL, decoded as
 * the header reader decodes them: UTF-8, or ISO-8859-1 when not valid UTF-8) and every string a
 * sqlite database can hold must come out of libsolv's XML reader as it went in, except the
 * characters XML 1.0 cannot carry at all, which arrive as `xmlSafeText` says. Fuzzed with
 * fast-check (seeded), through the same parse-to-.solv path openRepos uses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXmlText, primaryXml, xmlSafeText, type PrimaryRecord } from '../../src/repodata/primary-xml.js';
import { parsePieceToSolv } from '../../src/repodata/primary-parts.js';
import type { SqliteDep } from '../../src/repodata/sqlite.js';
import { decodeHeaderString } from '../../src/rpm/text.js';
import { Pool } from '../../src/solv/index.js';

/** Bytes a header string may hold (no NUL: headers store C strings), biased to the hard cases. */
const headerByte = fc.oneof(
  fc.integer({ min: 0x01, max: 0x1f }), // C0 controls, TAB, LF, CR
  fc.constantFrom(0x20, 0x22, 0x26, 0x27, 0x3c, 0x3e, 0x5d, 0x7f), // space, markup, DEL
  fc.integer({ min: 0x21, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }), // Latin-1, or parts of UTF-8 sequences
);

/** A header string: random bytes (mostly not UTF-8), or the UTF-8 of any code points. */
const headerString = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 20 }).chain((a) => fc.array(headerByte, { minLength: a.length, maxLength: a.length })).map((a) => Uint8Array.from(a)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((s) => new TextEncoder().encode(s)).filter((b) => !b.includes(0)),
  )
  .map((b) => decodeHeaderString(b, 0, b.length));

/** Strings sqlite (or a JS caller) may hand over: any UTF-16, lone surrogates and non-characters included. */
const anyString = fc.oneof(
  headerString,
  fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('\ud800', '\udfff', '\ufffe', '\uffff', '\0', '\r\n')), { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
);

/** A string that must not be empty and, for a dependency, must not start a rich dependency `(`. */
const word = (s: fc.Arbitrary<string>) => s.filter((x) => x !== '' && !x.startsWith('('));

/** libsolv's evr from rpm-md's version attributes (repo_rpmmd.c makeevr_atts). */
function evrOf(epoch: string | null, version: string | null, release: string | null): string {
  let e = epoch && epoch !== '0' ? epoch : undefined;
  if (version && !e && /^\d+:/.test(version)) e = '0';
  return `${e !== undefined ? `${e}:` : ''}${version ?? ''}${release !== null ? `-${release}` : ''}`;
}

/** The fuzzed fields of one package. */
interface Fuzzed {
  name: string;
  version: string;
  release: string;
  arch: string;
  requires: { name: string; version?: string; pre: boolean }[];
  provides: string[];
  files: string[];
  sourceName: string;
}

const record = (text: fc.Arbitrary<string>): fc.Arbitrary<Fuzzed> =>
  fc.record({
    name: word(text),
    version: word(text),
    release: word(text),
    arch: fc.constantFrom('x86_64', 'noarch', 'i686'),
    requires: fc.array(fc.record({ name: word(text), version: fc.option(word(text), { nil: undefined }), pre: fc.boolean() }, { requiredKeys: ['name', 'pre'] }), { maxLength: 4 }),
    provides: fc.array(word(text), { maxLength: 3 }),
    files: fc.array(text.filter((t) => t !== ''), { maxLength: 3 }),
    sourceName: word(text),
  });

function toRecord(f: Fuzzed): PrimaryRecord {
  const dep = (name: string, version?: string, pre = false): SqliteDep =>
    version === undefined ? { name, flags: null, epoch: null, version: null, release: null, pre } : { name, flags: 'EQ', epoch: '0', version, release: null, pre };
  const none: SqliteDep[] = [];
  return {
    name: f.name,
    epoch: '0',
    version: f.version,
    release: f.release,
    arch: f.arch,
    sourcerpm: `${f.sourceName}-1.0-1.src.rpm`,
    location: `${f.name}.rpm`,
    provides: f.provides.map((p) => dep(p)),
    requires: f.requires.map((r) => dep(r.name, r.version, r.pre)),
    conflicts: none,
    obsoletes: none,
    recommends: none,
    suggests: none,
    supplements: none,
    enhances: none,
    files: f.files.map((name) => ({ name: name.startsWith('/') ? name : `/${name}`, type: 'file' })),
  };
}

/** The .solv form keeps dependency lists in its own order: compare them as sorted lists. */
const sorted = (a: string[]) => [...a].sort();

/** Loads `records` as openRepos does (XML -> .solv -> pool) and reads back what libsolv holds. */
function roundTrip(records: PrimaryRecord[]) {
  const solv = parsePieceToSolv(new TextEncoder().encode(primaryXml(records)), 'fuzz.xml');
  const pool = new Pool({ arch: 'x86_64' });
  try {
    const repo = pool.addRepo('fuzz');
    repo.addSolv(solv);
    return repo.solvables().map((s) => ({ name: s.name, evr: s.evr, arch: s.arch, sourcerpm: s.sourcerpm, requires: sorted(s.deps('requires')), pre: sorted(s.deps('requires', 'pre')), provides: sorted(s.deps('provides')) }));
  } finally {
    pool.free();
  }
}

/** What libsolv must hold for `r`. */
function expected(r: PrimaryRecord) {
  const x = xmlSafeText;
  const evr = evrOf(null, x(r.version), x(r.release));
  const dep = (d: SqliteDep) => (d.flags ? `${x(d.name)} = ${evrOf(d.epoch, d.version === null ? null : x(d.version), null)}` : x(d.name));
  return {
    name: x(r.name),
    evr,
    arch: r.arch,
    sourcerpm: x(r.sourcerpm),
    requires: sorted(r.requires.map(dep)),
    pre: sorted(r.requires.filter((d) => d.pre).map(dep)),
    // libsolv appends the self-provide `name = evr`; repo_addid_dep drops exact duplicates.
    provides: sorted([...new Set([...r.provides.map(dep), `${x(r.name)} = ${evr}`])]),
  };
}

describe('escapeXmlText / xmlSafeText', () => {
  it('leaves ordinary text alone and escapes markup and whitespace that a parser would change', () => {
    expect(escapeXmlText('glibc-devel >= 2.3')).toBe('glibc-devel &gt;= 2.3');
    expect(escapeXmlText('a&b<"c">')).toBe('a&amp;b&lt;&quot;c&quot;&gt;');
    expect(escapeXmlText('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(xmlSafeText('a\tb\nc\rd & é ü')).toBe('a\tb\nc\rd & é ü');
  });
  it('replaces what XML 1.0 cannot carry: C0 controls by control pictures, non-characters and lone surrogates by U+FFFD', () => {
    expect(escapeXmlText('ksym(default:\x02)')).toBe('ksym(default:\u2402)');
    expect(xmlSafeText('\0\x01\x1f\x0b\x0c')).toBe('\u2400\u2401\u241f\u240b\u240c');
    expect(xmlSafeText('a\ufffe\uffffb')).toBe('a\ufffd\ufffdb');
    expect(xmlSafeText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(xmlSafeText('\ud83d\ude00')).toBe('\ud83d\ude00'); // a surrogate pair is one character
  });
});

describe('primaryXml: every header string survives libsolv\'s XML reader', () => {
  it('header strings (bytes decoded as UTF-8 or ISO-8859-1) come back as they went in, XML-forbidden characters replaced', () => {
    fc.assert(
      fc.property(fc.array(record(headerString), { minLength: 1, maxLength: 4 }), (fuzzed) => {
        const records = fuzzed.map(toRecord);
        expect(roundTrip(records)).toEqual(records.map(expected));
      }),
      { seed: 0x0c0ffee, numRuns: 300 },
    );
  });
  it('any UTF-16 string (sqlite metadata): lone surrogates, U+FFFE/U+FFFF, NUL', () => {
    fc.assert(
      fc.property(fc.array(record(anyString), { minLength: 1, maxLength: 3 }), (fuzzed) => {
        const records = fuzzed.map(toRecord);
        expect(roundTrip(records)).toEqual(records.map(expected));
      }),
      { seed: 0x5eed, numRuns: 200 },
    );
  });
  it('a header string that is XML-clean arrives unchanged, byte for byte', () => {
    fc.assert(
      fc.property(headerString, (s) => {
        fc.pre(!s.startsWith('(') && xmlSafeText(s) === s);
        const [p] = roundTrip([toRecord({ name: s, version: '1', release: '1', arch: 'noarch', requires: [{ name: s, pre: false }], provides: [], files: [], sourceName: s })]);
        expect(p.name).toBe(s);
        expect(p.requires).toEqual([s]);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
