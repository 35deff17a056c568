/**
 * Renders package records as rpm-md primary XML, so that packages read from sqlite databases
 * and from .rpm headers enter libsolv through the same reader (repo_add_rpmmd) as XML repos:
 * one code path, one set of semantics (pre-requires, rich dependencies, file provides).
 */
import type { RpmDependency, RpmPackage } from '../rpm/index.js';
import { DEP_KINDS, type SqliteDep, type SqlitePackage } from './sqlite.js';

const rpmTag: Record<(typeof DEP_KINDS)[number], string> = {
  provides: 'rpm:provides',
  requires: 'rpm:requires',
  conflicts: 'rpm:conflicts',
  obsoletes: 'rpm:obsoletes',
  recommends: 'rpm:recommends',
  suggests: 'rpm:suggests',
  supplements: 'rpm:supplements',
  enhances: 'rpm:enhances',
};

/** The package fields primary XML carries that goose-deps uses. */
export type PrimaryRecord = Pick<SqlitePackage, 'name' | 'epoch' | 'version' | 'release' | 'arch' | 'sourcerpm' | 'location' | (typeof DEP_KINDS)[number]> & {
  /** Primary file list (paths). */
  files: { name: string; type: string }[];
};

/**
 * Everything in a string that XML 1.0 text cannot hold as it is: markup characters; TAB, LF and CR
 * (a parser turns them into spaces in attribute values, and CR into LF in content); the characters
 * XML 1.0 forbids even as references (C0 controls, U+FFFE, U+FFFF, lone surrogates).
 */
const XML_UNSAFE = /[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const XML_UNSAFE_ALL = new RegExp(XML_UNSAFE.source, 'g');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/**
 * `s` as XML 1.0 text (attribute value or element content) that libsolv's parser reads back as
 * `s`, for every string a header can hold. The exception is the characters XML 1.0 cannot carry at
 * all: a C0 control (rpm headers do hold them, e.g. `ksym(default:\x02)`) becomes its Unicode
 * control picture (U+2400 + its code: `\x02` reads `␂`), and U+FFFE, U+FFFF or a lone surrogate
 * becomes U+FFFD. See {@link xmlSafeText}.
 */
export function escapeXmlText(s: string): string {
  return XML_UNSAFE.test(s) ? s.replace(XML_UNSAFE_ALL, (c) => ENTITIES[c] ?? replacementChar(c)) : s;
}

function replacementChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 ? String.fromCharCode(0x2400 + code) : '\ufffd';
}

/**
 * The string libsolv holds after reading `escapeXmlText(s)`: `s` itself, except that the
 * characters XML 1.0 cannot carry are replaced as {@link escapeXmlText} says. Packages that
 * come through primary XML (from .rpm headers and sqlite databases) have their strings in this form.
 */
export function xmlSafeText(s: string): string {
  return XML_UNSAFE.test(s) ? s.replace(XML_UNSAFE_ALL, (c) => (ENTITIES[c] ? c : replacementChar(c))) : s;
}

const esc = escapeXmlText;

function entry(d: SqliteDep): string {
  let s = `<rpm:entry name="${esc(d.name)}"`;
  if (d.flags) {
    s += ` flags="${d.flags}"`;
    if (d.epoch !== null) s += ` epoch="${esc(d.epoch)}"`;
    if (d.version !== null) s += ` ver="${esc(d.version)}"`;
    if (d.release !== null) s += ` rel="${esc(d.release)}"`;
  }
  if (d.pre) s += ' pre="1"';
  return s + '/>';
}

/** Primary XML for `records` (a complete document with a <metadata> root). */
export function primaryXml(records: readonly PrimaryRecord[]): string {
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${records.length}">`];
  for (const p of records) {
    out.push(`<package type="rpm"><name>${esc(p.name)}</name><arch>${esc(p.arch)}</arch><version epoch="${esc(p.epoch || '0')}" ver="${esc(p.version)}" rel="${esc(p.release)}"/>`);
    if (p.location) out.push(`<location href="${esc(p.location)}"/>`);
    out.push(`<format>`);
    if (p.sourcerpm) out.push(`<rpm:sourcerpm>${esc(p.sourcerpm)}</rpm:sourcerpm>`);
    for (const kind of DEP_KINDS) {
      const deps = p[kind];
      if (deps.length) out.push(`<${rpmTag[kind]}>${deps.map(entry).join('')}</${rpmTag[kind]}>`);
    }
    for (const f of p.files) out.push(f.type === 'dir' ? `<file type="dir">${esc(f.name)}</file>` : f.type === 'ghost' ? `<file type="ghost">${esc(f.name)}</file>` : `<file>${esc(f.name)}</file>`);
    out.push('</format></package>');
  }
  out.push('</metadata>\n');
  return out.join('');
}

/** Splits rpm's `[epoch:]version[-release]` into rpm-md's three attributes. */
export function splitEvr(evr: string): { epoch: string | null; version: string | null; release: string | null } {
  const colon = evr.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(evr.slice(0, colon)) ? evr.slice(0, colon) : null;
  const rest = epoch !== null ? evr.slice(colon + 1) : evr;
  const dash = rest.lastIndexOf('-');
  return { epoch: epoch ?? '0', version: dash >= 0 ? rest.slice(0, dash) : rest, release: dash >= 0 ? rest.slice(dash + 1) : null };
}

function depFromRpm(d: RpmDependency, kind: string): SqliteDep {
  const base = { name: d.name, pre: kind === 'requires' && d.pre === true };
  if (!d.comparison || !d.version) return { ...base, flags: null, epoch: null, version: null, release: null };
  return { ...base, flags: d.comparison, ...splitEvr(d.version) };
}

// createrepo_c leaves rpmlib() requirements out of primary; do the same so a folder of .rpm files
// and the repo made from it load identically.
const isRpmlib = (d: RpmDependency) => d.name.startsWith('rpmlib(');

/** The primary record createrepo_c would write for a package read from its header. */
export function recordFromRpm(p: RpmPackage, location: string): PrimaryRecord {
  const deps = (kind: (typeof DEP_KINDS)[number]) => p[kind].filter((d) => !(kind === 'requires' && isRpmlib(d))).map((d) => depFromRpm(d, kind));
  return {
    name: p.name,
    epoch: String(p.epoch ?? 0),
    version: p.version,
    release: p.release,
    arch: p.arch,
    sourcerpm: p.sourcerpm ?? '',
    location,
    provides: deps('provides'),
    requires: deps('requires'),
    conflicts: deps('conflicts'),
    obsoletes: deps('obsoletes'),
    recommends: deps('recommends'),
    suggests: deps('suggests'),
    supplements: deps('supplements'),
    enhances: deps('enhances'),
    files: p.files.filter((f) => isPrimaryFile(f.path)).map((f) => ({ name: f.path, type: 'file' })),
  };
}

/** createrepo's rule for which files go into primary (the rest only into filelists). */
export function isPrimaryFile(path: string): boolean {
  return path.startsWith('/etc/') || path.includes('bin/') || path === '/usr/lib/sendmail';
}
