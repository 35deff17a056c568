/** Turning query results into dnf repoquery's lines (--qf) or JSON records, sorted as dnf sorts them. */
import { GooseError } from '../errors.js';
import { constants as C, type DepKind, type Pool } from '../solv/index.js';
import { splitEvr, type PackageNevra } from './packages.js';
import { packageDeps } from './deps.js';
import { sourceName } from './sourcerpm.js';

/** dnf's default --queryformat. */
export const DEFAULT_QUERYFORMAT = '%{name}-%{epoch}:%{version}-%{release}.%{arch}';

/** Tags --qf understands (dnf's names; `nevra` is ours: libsolv's `name-evr.arch`). */
export const QUERY_TAGS = [
  'name', 'arch', 'epoch', 'version', 'release', 'evr', 'nevra', 'reponame', 'repoid', 'sourcerpm', 'source_name',
  'location', 'summary', 'description', 'url', 'license', 'buildtime',
  'provides', 'requires', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances',
] as const;

/** One tag of {@link QUERY_TAGS}. */
export type QueryTag = (typeof QUERY_TAGS)[number];

const DEP_TAGS = new Set<string>(['provides', 'requires', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances']);

/** A package as --json prints it. */
export interface PackageRecord extends PackageNevra {
  /** `name-evr.arch`. */
  nevra: string;
  /** Repository id. */
  repo: string;
  /** Source rpm file name; null for source packages. */
  sourcerpm: string | null;
  /** Package file relative to the repository root. */
  location: string | null;
  /** One-line summary. */
  summary: string | null;
}

/** The value of one tag for package `id`, as dnf's PackageWrapper prints it (`(none)` when absent). */
export function tagValue(pool: Pool, id: number, tag: QueryTag): string {
  const s = pool.solvable(id);
  const none = (v: string | undefined) => (v === undefined || v === null ? '(none)' : v);
  if (DEP_TAGS.has(tag)) {
    return [...new Set(packageDeps(pool, id, tag as DepKind).map((d) => pool.dep2str(d)))].sort(compareCodePoints).join('\n');
  }
  const evr = s.evr;
  switch (tag) {
    case 'name': return s.name;
    case 'arch': return s.arch;
    case 'epoch': return String(splitEvr(evr).epoch);
    case 'version': return splitEvr(evr).version;
    case 'release': return splitEvr(evr).release;
    case 'evr': return evr;
    case 'nevra': return s.nevra;
    case 'reponame':
    case 'repoid': return none(s.repo?.name);
    case 'sourcerpm': return none(s.arch === 'src' ? undefined : s.sourcerpm);
    case 'source_name': {
      const rpm = s.arch === 'src' ? undefined : s.sourcerpm;
      return none(rpm ? sourceName(rpm) : undefined);
    }
    case 'location': return none(s.location);
    case 'summary': return none(s.lookupStr(C.SOLVABLE_SUMMARY));
    case 'description': return none(s.lookupStr(C.SOLVABLE_DESCRIPTION));
    case 'url': return none(s.lookupStr(C.SOLVABLE_URL));
    case 'license': return none(s.lookupStr(C.SOLVABLE_LICENSE));
    case 'buildtime': {
      const t = s.lookupNum(C.SOLVABLE_BUILDTIME);
      return t > 0 ? new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ') : '';
    }
  }
  return '';
}

/** A compiled --queryformat: literal text and tags with dnf's optional padding (`%-20{name}` right-aligns). */
export type QueryFormat = (string | { tag: QueryTag; width: number; align: 'left' | 'right' })[];

/**
 * Parses a --queryformat as dnf does: `\n` and `\t` escapes, then `%[-][N]{tag}`. Throws
 * QUERYFORMAT_TAG for a tag dnf's packages do not have.
 */
export function parseQueryFormat(qf: string): QueryFormat {
  const text = qf.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/requires-pre/g, 'requires_pre');
  const out: QueryFormat = [];
  const re = /%(-?\d*?)\{([:.\w]+?)\}/g;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > pos) out.push(text.slice(pos, m.index));
    const tag = m[2].toLowerCase();
    if (!(QUERY_TAGS as readonly string[]).includes(tag)) {
      throw new GooseError('QUERYFORMAT_TAG', `unknown --qf tag %{${m[2]}}; known: ${QUERY_TAGS.join(', ')}`);
    }
    const fill = m[1];
    out.push({ tag: tag as QueryTag, width: Number(fill.replace('-', '')) || 0, align: fill.startsWith('-') ? 'right' : 'left' });
    pos = re.lastIndex;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

/** Formats package `id` with a compiled query format. */
export function formatPackage(pool: Pool, id: number, qf: QueryFormat): string {
  let s = '';
  for (const part of qf) {
    if (typeof part === 'string') s += part;
    else {
      const v = tagValue(pool, id, part.tag);
      s += part.align === 'right' ? v.padStart(part.width) : v.padEnd(part.width);
    }
  }
  return s;
}

/** Orders strings by Unicode code point, as Python's `sorted` does (JavaScript's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** dnf's output: the distinct lines, sorted by code point. */
export function sortedUnique(lines: Iterable<string>): string[] {
  return [...new Set(lines)].sort(compareCodePoints);
}

/** The --json record of package `id`. */
export function packageRecord(pool: Pool, id: number): PackageRecord {
  const s = pool.solvable(id);
  const evr = s.evr;
  const { epoch, version, release } = splitEvr(evr);
  return {
    name: s.name, epoch, version, release, arch: s.arch, evr, nevra: s.nevra,
    repo: s.repo?.name ?? '',
    sourcerpm: s.arch === 'src' ? null : (s.sourcerpm ?? null),
    location: s.location ?? null,
    summary: s.lookupStr(C.SOLVABLE_SUMMARY) ?? null,
  };
}

/** Sorts package records by NEVRA (code point order) then repo, for deterministic JSON. */
export function sortRecords(records: PackageRecord[]): PackageRecord[] {
  return records.sort((a, b) => compareCodePoints(`${a.name}-${a.epoch}:${a.version}-${a.release}.${a.arch}`, `${b.name}-${b.epoch}:${b.version}-${b.release}.${b.arch}`) || compareCodePoints(a.repo, b.repo));
}
