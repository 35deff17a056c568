/**
 * Capability filters of `dnf repoquery`: --whatprovides and --whatrequires with libdnf's
 * semantics (a glob capability expands over the names in the pool; a plain one is parsed as a
 * dependency; requires are compared with libsolv's pool_match_dep, so ranges that overlap match).
 */
import { GooseError } from '../errors.js';
import { depSlot, type DepKind, type Pool } from '../solv/index.js';
import { fnmatch, isGlob } from './glob.js';
import type { PackageSet } from './packages.js';
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
export function whatProvides(index: DepIndex, caps: string[], q: Set<number>): Set<number> {
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
export function whatRequires(index: DepIndex, caps: string[], q: Set<number>, exact = false): Set<number> {
  const pool = index.set.pool;
  const out = new Set<number>();
  const deps = capabilityDeps(pool, caps, () => index.depNames());
  const resolved = new Set<number>();
  if (!exact) {
    for (const cap of caps) for (const p of matchSubject(index.set, cap)) if (q.has(p)) resolved.add(p);
  }
  // Every package's requires in one transfer: one call per package costs more than the matching.
  const list = [...q];
  const { starts, ids: reqs } = pool.depIdsMany(list, 'requires');
  // Thousands of packages share each requirement (libc.so.6, /bin/sh): both answers are computed
  // once per distinct requirement (each is a function of the dependency id alone), kept in an
  // array indexed by the id's depSlot.
  let maxSlot = 0;
  for (let i = 0; i < reqs.length; i++) maxSlot = Math.max(maxSlot, depSlot(reqs[i]));
  const MATCHES = 1;
  const RESOLVED = 2; // some named package provides it
  const SEEN = 4;
  const state = new Uint8Array(maxSlot + 1);
  const distinct: number[] = [];
  for (let i = 0; i < reqs.length; i++) {
    const k = depSlot(reqs[i]);
    if (state[k] & SEEN) continue;
    state[k] = SEEN;
    distinct.push(reqs[i]);
  }
  // Each capability against every distinct requirement in one call (pool_match_dep).
  for (const d of deps) {
    const hits = pool.matchDepMany(d, distinct);
    for (let k = 0; k < distinct.length; k++) if (hits[k]) state[depSlot(distinct[k])] |= MATCHES;
  }
  // The named packages providing each requirement (their own requirements do not count):
  // every distinct requirement's providers in one transfer.
  const byResolved = new Map<number, number[]>();
  if (resolved.size) {
    const provs = pool.whatProvidesMany(distinct);
    for (let k = 0; k < distinct.length; k++) {
      for (let i = provs.starts[k]; i < provs.starts[k + 1]; i++) {
        const prov = provs.ids[i];
        if (!resolved.has(prov)) continue;
        const hits = byResolved.get(distinct[k]);
        if (hits) hits.push(prov);
        else byResolved.set(distinct[k], [prov]);
        state[depSlot(distinct[k])] |= RESOLVED;
      }
    }
  }
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    let hit = false;
    for (let i = starts[k]; i < starts[k + 1] && !hit; i++) {
      const st = state[depSlot(reqs[i])];
      hit = (st & MATCHES) !== 0 || ((st & RESOLVED) !== 0 && byResolved.get(reqs[i])!.some((prov) => prov !== p));
    }
    if (hit) out.add(p);
  }
  return out;
}
