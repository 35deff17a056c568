/**
 * Capability filters of `dnf repoquery`: --whatprovides and --whatrequires with libdnf's
 * semantics (a glob capability expands over the names in the pool; a plain one is parsed as a
 * dependency; requires are compared with libsolv's pool_match_dep, so ranges that overlap match).
 */
import { GooseError } from '../errors.js';
import type { DepKind, Pool } from '../solv/index.js';
import { fnmatch, isGlob } from './glob.js';
import { PackageIds, type PackageSet } from './packages.js';
import { filesMatching, matchSubject } from './subject.js';

/** A capability as libdnf's DependencySplitter reads it: `name [op evr]`. */
export function splitCapability(cap: string): { name: string; op?: string; evr?: string } | undefined {
  const m = /^\s*(\S+?)\s*(?:(<=|>=|==|=|<|>)\s*(\S+))?\s*$/.exec(cap);
  if (!m) return undefined;
  return m[2] ? { name: m[1], op: m[2] === '==' ? '=' : m[2], evr: m[3] } : { name: m[1] };
}

/**
 * libsolv's pool_match_dep(a, b): true when the two dependencies can match (same name, ranges
 * that intersect; rich dependencies match when any part does).
 */
export function matchDep(pool: Pool, a: number, b: number): boolean {
  return pool.matchDep(a, b);
}

/** The leading name of a dependency as text (libsolv's pool_id2str of a relation: its leftmost name). */
export function leadingName(dep: string): string {
  const s = dep.replace(/^\(+/, '');
  const sp = s.indexOf(' ');
  return sp < 0 ? s : s.slice(0, sp);
}

function tryParse(pool: Pool, text: string): number | undefined {
  try {
    return pool.parseDep(text).id;
  } catch (e) {
    if (e instanceof GooseError) return undefined;
    throw e;
  }
}

/** Dependencies of one kind, as dnf's Package lists them (provides without file provides; requires with Requires(pre)). */
export function packageDeps(pool: Pool, id: number, kind: DepKind): number[] {
  return [...pool.solvable(id).depIds(kind, kind === 'provides' ? 'plain' : 'all')];
}

const ALL_KINDS: DepKind[] = ['provides', 'requires', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances'];

/**
 * Dependency ids for a capability list as libdnf builds them: a plain capability is parsed as it
 * stands; one with a glob in its name becomes `N op evr` for every name N in `names` it matches.
 */
export function capabilityDeps(pool: Pool, caps: string[], names: () => Iterable<string>): number[] {
  const out: number[] = [];
  for (const cap of caps) {
    if (!isGlob(cap)) {
      const id = tryParse(pool, cap);
      if (id) out.push(id);
      continue;
    }
    const split = splitCapability(cap);
    if (!split) continue;
    for (const n of names()) {
      if (!fnmatch(split.name, n)) continue;
      const id = tryParse(pool, split.op ? `${n} ${split.op} ${split.evr}` : n);
      if (id) out.push(id);
    }
  }
  return out;
}

/** Caches of per-pool name sets and provider lists, shared by the filters of one query. */
export class DepIndex {
  #provideNames?: string[];
  #depNames?: string[];
  readonly #providers = new Map<number, Int32Array>();

  constructor(readonly set: PackageSet) {}

  /** Providers of dependency `dep` (libsolv whatprovides; source packages never provide). */
  providers(dep: number): Int32Array {
    let r = this.#providers.get(dep);
    if (!r) this.#providers.set(dep, (r = this.set.pool.whatProvidesIds(dep)));
    return r;
  }

  /** Every name that some package provides. */
  provideNames(): string[] {
    if (!this.#provideNames) {
      const s = new Set<string>();
      for (const p of this.set.list) for (const d of this.set.pool.solvable(p.id).deps('provides')) s.add(leadingName(d));
      this.#provideNames = [...s].sort();
    }
    return this.#provideNames;
  }

  /** Every package name and leading dependency name in the pool (what libdnf's glob expansion can find). */
  depNames(): string[] {
    if (!this.#depNames) {
      const s = new Set<string>();
      for (const p of this.set.list) {
        s.add(p.name);
        const solv = this.set.pool.solvable(p.id);
        for (const k of ALL_KINDS) for (const d of solv.deps(k)) s.add(leadingName(d));
      }
      this.#depNames = [...s].sort();
    }
    return this.#depNames;
  }
}

/**
 * `--whatprovides CAP,...`: packages of `q` providing one of the capabilities; when none does,
 * those owning a file that matches them (dnf's fallback).
 */
export function whatProvides(index: DepIndex, caps: string[], q: ReadonlySet<number>): Set<number> {
  const pool = index.set.pool;
  const out = new Set<number>();
  for (const dep of capabilityDeps(pool, caps, () => index.provideNames())) {
    for (const p of index.providers(dep)) if (q.has(p)) out.add(p);
  }
  if (out.size) return out;
  for (const cap of caps) for (const p of filesMatching(pool, cap, q)) out.add(p);
  return out;
}

/**
 * `--whatrequires CAP,...`: packages of `q` with a requirement that matches a capability
 * (pool_match_dep, Requires(pre) included) and, unless `exact`, packages requiring something that
 * the packages named by CAP (as NEVRA specs, within `q`) provide, files included.
 */
export function whatRequires(index: DepIndex, caps: string[], q: ReadonlySet<number>, exact = false): Set<number> {
  const pool = index.set.pool;
  const deps = capabilityDeps(pool, caps, () => index.depNames());
  const resolved = new Set<number>();
  if (!exact) {
    for (const cap of caps) for (const p of matchSubject(index.set, cap)) if (q.has(p)) resolved.add(p);
  }
  // Every package's requires are judged inside the module, each distinct requirement once
  // (thousands of packages share libc.so.6): here it took a transfer of every requirement id and
  // three passes over them, about a tenth of a cached --whatrequires on AppStream.
  // With no spec, q is every package: hand over their Int32Array (one copy into the module)
  // rather than spreading 17,649 ids through a Set iterator into an array first.
  const candidates = q instanceof PackageIds ? q.set.ids : [...q];
  return new Set(pool.whatRequires(candidates, deps, [...resolved]));
}
