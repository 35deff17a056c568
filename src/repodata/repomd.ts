/**
 * repomd.xml, the index of a repository's metadata files: which files exist, where, and their
 * checksums. Parsed with the safe XML reader (no DOCTYPE at all: repomd never has one), and every
 * `location href` is checked to stay inside the repository before anything uses it.
 */
import { GooseError } from '../errors.js';
import { childElement, childElements, childText, parseXml, type XmlElement } from './xml.js';

/** A checksum as repomd states it: algorithm (`sha256`, `sha1`, `sha512`, `md5`...) and hex value. */
export interface Checksum {
  /** Algorithm name, lower case; `sha` is the historical name of sha1. */
  type: string;
  /** Hex digest, lower case. */
  value: string;
}

/** One `<data>` record of repomd.xml. */
export interface RepomdRecord {
  /** Metadata type, e.g. `primary`, `filelists`, `group_gz`, `modules`, `primary_db`. */
  type: string;
  /** Path relative to the repository root (validated: no `..`, no absolute path, no scheme). */
  location: string;
  /** `xml:base` of the location, when the record points at another server (rare). */
  locationBase?: string;
  /** Checksum of the file as stored. */
  checksum?: Checksum;
  /** Checksum of the decompressed content. */
  openChecksum?: Checksum;
  /** Size in bytes of the file as stored. */
  size?: number;
  /** Size in bytes of the decompressed content. */
  openSize?: number;
  /** Seconds since the epoch. */
  timestamp?: number;
  /** sqlite schema version, for `*_db` records. */
  databaseVersion?: number;
}

/** A parsed repomd.xml. */
export interface Repomd {
  /** `<revision>`, often a timestamp or a release name. */
  revision?: string;
  /** `<tags>`: content, distro (with cpeid) and repo tags, sorted within each kind. */
  tags: { content: string[]; repo: string[]; distro: { cpeid?: string; value: string }[] };
  /** The data records in document order. */
  records: RepomdRecord[];
}

/** Largest repomd.xml accepted (real ones are a few KiB). */
export const MAX_REPOMD_BYTES = 4 * 1024 * 1024;

/** Parse repomd.xml bytes or text; throws `REPOMD_INVALID`, `REPOMD_UNSAFE_LOCATION` or an XML error code. */
export function parseRepomd(input: string | Uint8Array, file = 'repomd.xml'): Repomd {
  const root = parseXml(input, { file, maxChars: MAX_REPOMD_BYTES, allowDoctype: false });
  if (root.name !== 'repomd') throw new GooseError('REPOMD_INVALID', `root element is <${root.name}>, not <repomd>`, { file, line: root.line });
  const tagsEl = childElement(root, 'tags');
  const tags: Repomd['tags'] = { content: [], repo: [], distro: [] };
  if (tagsEl) {
    tags.content = childElements(tagsEl, 'content').map((e) => e.text.trim()).sort();
    tags.repo = childElements(tagsEl, 'repo').map((e) => e.text.trim()).sort();
    tags.distro = childElements(tagsEl, 'distro')
      .map((e) => (e.attrs.cpeid !== undefined ? { cpeid: e.attrs.cpeid, value: e.text.trim() } : { value: e.text.trim() }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  const records = childElements(root, 'data').map((d) => parseRecord(d, file));
  const revision = childText(root, 'revision');
  return revision !== undefined ? { revision, tags, records } : { tags, records };
}

function parseRecord(d: XmlElement, file: string): RepomdRecord {
  const type = d.attrs.type;
  if (!type) throw new GooseError('REPOMD_INVALID', '<data> element without a type attribute', { file, line: d.line });
  const loc = childElement(d, 'location');
  const href = loc?.attrs.href;
  if (href === undefined) throw new GooseError('REPOMD_INVALID', `<data type="${type}"> has no <location href>`, { file, line: d.line });
  const record: RepomdRecord = { type, location: safeRelativePath(href, { file, line: loc?.line }) };
  const base = loc?.attrs['xml:base'];
  if (base) record.locationBase = base;
  const checksum = readChecksum(childElement(d, 'checksum'), file);
  if (checksum) record.checksum = checksum;
  const openChecksum = readChecksum(childElement(d, 'open-checksum'), file);
  if (openChecksum) record.openChecksum = openChecksum;
  const numbers = [['size', 'size'], ['openSize', 'open-size'], ['timestamp', 'timestamp'], ['databaseVersion', 'database_version']] as const;
  for (const [key, tag] of numbers) {
    const el = childElement(d, tag);
    if (el) record[key] = readNumber(el, file);
  }
  return record;
}

function readChecksum(el: XmlElement | undefined, file: string): Checksum | undefined {
  if (!el) return undefined;
  const value = el.text.trim().toLowerCase();
  const type = (el.attrs.type ?? '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(value) || !type) {
    throw new GooseError('REPOMD_INVALID', `<${el.name}> must have a type and a hex value`, { file, line: el.line });
  }
  return { type: type === 'sha' ? 'sha1' : type, value };
}

function readNumber(el: XmlElement, file: string): number {
  const text = el.text.trim();
  // Timestamps are sometimes written with a fraction (createrepo from yum days).
  const n = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new GooseError('REPOMD_INVALID', `<${el.name}> is not a number: '${text}'`, { file, line: el.line });
  return Math.floor(n);
}

/**
 * Check that `href` names a file inside the repository and return it normalised (no `./`, no
 * duplicate slashes). Throws `REPOMD_UNSAFE_LOCATION` for a scheme, an absolute path, a `..` that
 * leaves the root, a backslash or a control character.
 */
export function safeRelativePath(href: string, where: { file?: string; line?: number } = {}): string {
  const fail = (why: string): never => {
    throw new GooseError('REPOMD_UNSAFE_LOCATION', `location href '${href}' ${why}; it must be a path inside the repository`, where);
  };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(href)) fail('contains a control character or a backslash');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href)) fail('has a URL scheme');
  if (href.startsWith('/')) fail('is an absolute path');
  if (/%2e|%2f|%5c/i.test(href)) fail('contains an encoded dot or slash');
  const parts: string[] = [];
  for (const part of href.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) fail('leaves the repository with ..');
      parts.pop();
    } else parts.push(part);
  }
  if (parts.length === 0) fail('is empty');
  return parts.join('/');
}

/** The record of `type`, if repomd lists one. */
export function findRecord(repomd: Repomd, type: string): RepomdRecord | undefined {
  return repomd.records.find((r) => r.type === type);
}

/** The first listed of `types` (in the order given): e.g. `['group_gz', 'group']`. */
export function pickRecord(repomd: Repomd, types: readonly string[]): RepomdRecord | undefined {
  for (const t of types) {
    const r = findRecord(repomd, t);
    if (r) return r;
  }
  return undefined;
}

/** The records a resolver needs, each picked from its variants, preferring what needs no zchunk. */
export interface RepomdSelection {
  /** `primary` (XML). */
  primary?: RepomdRecord;
  /** `filelists` (XML). */
  filelists?: RepomdRecord;
  /** `primary_db` (sqlite). */
  primaryDb?: RepomdRecord;
  /** comps: `group_gz`, else plain `group`, else `group_xz`, `group_zst`, `group_bz2`. */
  group?: RepomdRecord;
  /** modules.yaml. */
  modules?: RepomdRecord;
}

/** Pick primary, filelists, primary_db, comps and modules records; zchunk variants are never chosen. */
export function selectRecords(repomd: Repomd): RepomdSelection {
  const pick = (types: string[]): RepomdRecord | undefined => pickRecord(repomd, types);
  const out: RepomdSelection = {};
  const entries: [keyof RepomdSelection, RepomdRecord | undefined][] = [
    ['primary', pick(['primary'])],
    ['filelists', pick(['filelists'])],
    ['primaryDb', pick(['primary_db'])],
    ['group', pick(['group_gz', 'group', 'group_xz', 'group_zst', 'group_bz2'])],
    ['modules', pick(['modules'])],
  ];
  for (const [k, v] of entries) if (v) out[k] = v;
  return out;
}
