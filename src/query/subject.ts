/**
 * Package specs as `dnf repoquery` reads its arguments (libdnf's Subject.get_best_query with
 * provides off): the first NEVRA form that parses and matches something wins, in dnf's order
 * NEVRA, NA, NAME, NEVR, NEV; then a glob over the whole `name-[epoch:]version-release.arch`;
 * then, for `/path` or `*` + `/path`, the file lists.
 */
import { constants as C, type Pool } from '../solv/index.js';
import { fnmatch, isGlob } from './glob.js';
import type { PackageInfo, PackageSet } from './packages.js';

/** One parse of a spec: the parts it names ('' = not given, epoch undefined = not given). */
export interface NevraForm {
  /** Which form parsed it. */
  form: 'nevra' | 'na' | 'name' | 'nevr' | 'nev';
  /** Name (may be a glob). */
  name: string;
  /** Epoch when the spec has `E:`. */
  epoch?: number;
  /** Version (may be a glob). */
  version: string;
  /** Release (may be a glob). */
  release: string;
  /** Architecture (may be a glob). */
  arch: string;
}

// libdnf nevra.cpp: PKG_NAME, PKG_EPOCH, PKG_VERSION (= PKG_RELEASE), PKG_ARCH.
const N = '([^:(/=<> ]+)';
const E = '(?:([0-9]+):)?';
const V = '([^-:(/=<> ]+)';
const A = '([^-:.(/=<> ]+)';
const FORMS: [NevraForm['form'], RegExp, (m: RegExpExecArray) => Omit<NevraForm, 'form'>][] = [
  ['nevra', new RegExp(`^${N}-${E}${V}-${V}\\.${A}$`), (m) => ({ name: m[1], epoch: ep(m[2]), version: m[3], release: m[4], arch: m[5] })],
  ['na', new RegExp(`^${N}\\.${A}$`), (m) => ({ name: m[1], version: '', release: '', arch: m[2] })],
  ['name', new RegExp(`^${N}$`), (m) => ({ name: m[1], version: '', release: '', arch: '' })],
  ['nevr', new RegExp(`^${N}-${E}${V}-${V}$`), (m) => ({ name: m[1], epoch: ep(m[2]), version: m[3], release: m[4], arch: '' })],
  ['nev', new RegExp(`^${N}-${E}${V}$`), (m) => ({ name: m[1], epoch: ep(m[2]), version: m[3], release: '', arch: '' })],
];

function ep(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}

/** Every way a spec parses, in dnf's most-specific-first order (HY_FORMS_MOST_SPEC). */
export function nevraForms(spec: string): NevraForm[] {
  const out: NevraForm[] = [];
  for (const [form, re, build] of FORMS) {
    const m = re.exec(spec);
    if (m) out.push({ form, ...build(m) });
  }
  return out;
}

/** True when package `p` matches the parsed form (libdnf Query::addFilter(Nevra)). */
export function matchesForm(pool: Pool, p: PackageInfo, f: NevraForm, icase: boolean): boolean {
  if (f.name && f.name !== '*' && !fnmatch(f.name, p.name, icase)) return false;
  if (f.epoch !== undefined && f.epoch !== p.epoch) return false;
  if (f.version && f.version !== '*') {
    // Not a glob: libdnf compares `v-0` with rpm's version comparison, so 1.0 equals 1.00.
    if (isGlob(f.version) ? !fnmatch(f.version, p.version) : pool.evrcmp(`${p.version}-0`, `${f.version}-0`) !== 0) return false;
  }
  if (f.release && f.release !== '*') {
    if (isGlob(f.release) ? !fnmatch(f.release, p.release) : pool.evrcmp(`0-${p.release}`, `0-${f.release}`) !== 0) return false;
  }
  if (f.arch && f.arch !== '*' && !fnmatch(f.arch, p.arch)) return false;
  return true;
}

/** `name-evr.arch`, with `0:` added when `withEpoch` and the package has no epoch (libdnf's NEVRA glob form). */
export function nevraString(p: PackageInfo, withEpoch: boolean): string {
  return `${p.name}-${withEpoch && !p.evr.includes(':') ? '0:' : ''}${p.evr}.${p.arch}`;
}

/** True for a spec dnf treats as a file path: `/...` or `*` + `/...`. */
export function isFilePattern(spec: string): boolean {
  return spec.startsWith('/') || spec.startsWith('*/');
}

/** Packages of `within` owning a file that matches `pattern` (exact path, or a glob). */
export function filesMatching(pool: Pool, pattern: string, within: Iterable<number>): Set<number> {
  const flags = C.SELECTION_FILELIST | C.SELECTION_GLOB | C.SELECTION_FLAT | C.SELECTION_WITH_SOURCE | C.SELECTION_WITH_BADARCH | C.SELECTION_WITH_DISABLED;
  const hits = new Set(pool.jobSolvables(pool.select(pattern, flags)));
  const out = new Set<number>();
  for (const p of within) if (hits.has(p)) out.add(p);
  return out;
}

/** A character outside ASCII (whose lower case may be longer or shorter, as U+0130 and U+212A are). */
const NON_ASCII = /[^\x00-\x7f]/;

/** Options for {@link matchSubject}. */
export interface SubjectOptions {
  /** Compare names ignoring case (dnf repoquery's arguments do; --whatrequires' do not). */
  icase?: boolean;
  /** Also try the spec as a file path (`/usr/bin/x`, `*` + `/bin/x`). */
  files?: boolean;
}

/**
 * The packages of `set` that a spec names, as libdnf's Solution::getBestSolution without provides:
 * the first NEVRA form with a match, else a glob over `name-[epoch:]version-release.arch`, else files.
 */
export function matchSubject(set: PackageSet, spec: string, options: SubjectOptions = {}): Set<number> {
  const pool = set.pool;
  const icase = options.icase ?? false;
  for (const f of nevraForms(spec)) {
    const hit = new Set<number>();
    // The name test once per name, not per package: with icase, fnmatch lowercases both sides,
    // and most of a repo's 17,000 packages fail there.
    // Only the packages that pass it are made into PackageInfos (see PackageSet).
    // By name string id (dense): 0 not tested yet, 1 passes, 2 fails; a Map of AppStream's
    // 10,000 names cost several ms of first-run code.
    const nameOk = new Uint8Array(set.stringIdBound);
    // A plain name compared exactly (--whatrequires' specs) is one string id: every other name
    // fails without a string compare (10,000 names on AppStream, in first-run code).
    if (!icase && f.name && !isGlob(f.name) && !f.name.includes('\\')) {
      const want = pool.str2id(f.name, false);
      nameOk.fill(2);
      if (want > 0 && want < nameOk.length) nameOk[want] = 1;
    }
    // A plain name ignoring case (repoquery's arguments): fnmatch's own test, the spec lowered
    // once instead of once per name, and a name of another length skipped unlowered when it is
    // ASCII (lowering keeps an ASCII string's length): bookworm has 60,000 names.
    const folded = icase && f.name && !isGlob(f.name) && !f.name.includes('\\') ? f.name.toLowerCase() : undefined;
    const test = folded === undefined ? (name: string) => fnmatch(f.name, name, icase) : (name: string) => (name.length === folded.length || NON_ASCII.test(name)) && name.toLowerCase() === folded;
    for (const id of set.ids) {
      const nameId = set.nameIdOf(id);
      if (!nameOk[nameId]) nameOk[nameId] = !f.name || f.name === '*' || test(set.nameOf(id)) ? 1 : 2;
      if (nameOk[nameId] === 1 && matchesForm(pool, set.get(id)!, f, icase)) hit.add(id);
    }
    if (hit.size) return hit;
  }
  if (!/[(/=<> ]/.test(spec)) {
    const withEpoch = spec.includes(':');
    const hit = new Set<number>();
    for (const p of set.list) if (fnmatch(spec, nevraString(p, withEpoch))) hit.add(p.id);
    if (hit.size) return hit;
  }
  if (options.files && isFilePattern(spec)) return filesMatching(pool, spec, set.ids);
  return new Set();
}
