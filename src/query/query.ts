/**
 * `dnf repoquery` over a loaded Pool, as data: which packages the options select (specs, arch,
 * --whatprovides, --whatrequires, --latest-limit, --srpm), or which dependencies they list.
 * The steps run in dnf 4's order (dnf/cli/commands/repoquery.py).
 */
import type { DepKind, Pool } from '../solv/index.js';
import { DepIndex, packageDeps, whatProvides, whatRequires } from './deps.js';
import { queryTree, type TreeRow } from './tree.js';

export { packageDeps } from './deps.js';
import { PackageSet, type PackageInfo } from './packages.js';
import { matchSubject } from './subject.js';
import { sourceName, sourceVersionRelease } from './sourcerpm.js';

/** A dependency list a query can print instead of packages (dnf's --requires, --provides, ...). */
export type QueryAttr = DepKind;

/** What to query. */
export interface QueryOptions {
  /** Package specs (name, name-version, NEVRA, globs, file paths); none = every package. */
  specs?: string[];
  /** Keep packages of these architectures (exact names, e.g. `x86_64`, `noarch`, `src`). */
  arch?: string[];
  /** Keep providers of any of these capabilities (globs allowed); file owners when none provides. */
  whatprovides?: string[];
  /** Keep packages that require any of these capabilities or packages. */
  whatrequires?: string[];
  /** With whatrequires: match the requirements only, not what the named packages provide (--exactdeps). */
  exactdeps?: boolean;
  /** Keep the N latest versions per name.arch (negative: drop the N latest). */
  latestLimit?: number;
  /** Replace binaries by their source packages (same evr, from the source repos). */
  srpm?: boolean;
  /** List this dependency kind of the selected packages instead of the packages. */
  attr?: QueryAttr;
  /** With attr: list the latest packages that provide those dependencies. */
  resolve?: boolean;
  /**
   * dnf's --recursive: with whatrequires, also what requires those packages, to a fixpoint; with
   * attr `requires` and resolve, also the providers of the providers' requires, to a fixpoint.
   */
  recursive?: boolean;
  /**
   * dnf's --tree: each selected package with, below it, what it needs (with attr: the packages
   * providing its dependencies of that kind) or, without attr, what requires it by name
   * (whatrequires), recursively; see tree.ts.
   */
  tree?: boolean;
}

/** A query's answer: packages (sorted by NEVRA later, when formatted) or dependency strings. */
export type QueryResult = { kind: 'packages'; ids: number[] } | { kind: 'deps'; deps: string[] } | { kind: 'tree'; rows: TreeRow[] };


/** libdnf's latest filter per name.arch: keep the `limit` newest evrs (or drop them when negative). */
export function latestPerArch(pool: Pool, pkgs: PackageInfo[], limit: number): PackageInfo[] {
  if (!limit) return pkgs;
  const groups = new Map<string, PackageInfo[]>();
  for (const p of pkgs) {
    const k = `${p.nameId}:${p.archId}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const out: PackageInfo[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => pool.evrcmp(b.evr, a.evr) || a.id - b.id);
    let rank = 0;
    for (let i = 0; i < g.length; i++) {
      if (i > 0 && g[i].evrId !== g[i - 1].evrId) rank++;
      if (limit > 0 ? rank < limit : rank >= -limit) out.push(g[i]);
    }
  }
  return out;
}

/** `[epoch:]version-release` without the epoch. */
function withoutEpoch(evr: string): string {
  const colon = evr.indexOf(':');
  return colon >= 0 ? evr.slice(colon + 1) : evr;
}

/**
 * dnf's _do_recursive_deps: starting from `selected`, add the packages of `within` that require
 * something a selected package provides, until nothing new comes in.
 */
function requiredByClosure(index: DepIndex, within: ReadonlySet<number>, selected: Set<number>): Set<number> {
  const pool = index.set.pool;
  const done = new Set(selected);
  const list = [...within];
  const { starts, ids: reqs } = pool.depIdsMany(list, 'requires');
  let frontier = selected;
  while (frontier.size) {
    const next = new Set<number>();
    for (let k = 0; k < list.length; k++) {
      const p = list[k];
      if (done.has(p)) continue;
      const hit = reqs.subarray(starts[k], starts[k + 1]).some((r) => {
        for (const prov of index.providers(r)) if (frontier.has(prov)) return true;
        return false;
      });
      if (hit) next.add(p);
    }
    for (const p of next) done.add(p);
    frontier = next;
  }
  return done;
}

/** Runs a query over every package in `pool` (which must be finished: provides indexed). */
export function runQuery(pool: Pool, options: QueryOptions = {}): QueryResult {
  const set = new PackageSet(pool);
  const index = new DepIndex(set);
  let q: ReadonlySet<number>;
  if (options.specs?.length) {
    const named = new Set<number>();
    for (const spec of options.specs) for (const p of matchSubject(set, spec, { icase: true, files: true })) named.add(p);
    q = named;
  } else q = set.all;

  const arches = options.arch?.length ? new Set(options.arch) : undefined;
  if (arches) q = new Set([...q].filter((p) => arches.has(set.get(p)!.arch)));
  const selectable = q; // dnf's `orquery`: where --tree looks for what requires a package
  if (options.whatprovides?.length) q = whatProvides(index, options.whatprovides, q);
  if (options.whatrequires?.length) {
    const selected = whatRequires(index, options.whatrequires, q, options.exactdeps);
    q = options.recursive ? requiredByClosure(index, q, selected) : selected;
  }

  let pkgs = [...q].map((p) => set.get(p)!);
  if (options.latestLimit) pkgs = latestPerArch(pool, pkgs, options.latestLimit);
  if (options.srpm) {
    const sources = new Map<string, number[]>();
    for (const p of set.list) {
      if (p.arch !== 'src') continue;
      // Keyed by the version-release the binaries' SOURCERPM names: on RPM distributions that is
      // the binary's own (dnf matches the binary's EVR), but a Debian binNMU (bash 5.2.15-2+b13
      // from bash 5.2.15-2) has its own.
      const k = `${p.name}\0${withoutEpoch(p.evr)}`;
      sources.set(k, [...(sources.get(k) ?? []), p.id]);
    }
    const ids = new Set<number>();
    for (const p of pkgs) {
      const rpm = p.arch === 'src' ? undefined : pool.solvable(p.id).sourcerpm;
      if (!rpm) continue;
      const vr = sourceVersionRelease(rpm) || withoutEpoch(p.evr);
      for (const s of sources.get(`${sourceName(rpm)}\0${vr}`) ?? []) ids.add(s);
    }
    pkgs = [...ids].map((p) => set.get(p)!);
  }

  if (options.tree) return { kind: 'tree', rows: queryTree(index, pkgs.map((p) => p.id), selectable, options.attr) };
  if (!options.attr) return { kind: 'packages', ids: pkgs.map((p) => p.id) };
  const depIds = new Set<number>();
  for (const p of pkgs) for (const d of packageDeps(pool, p.id, options.attr)) depIds.add(d);
  if (!options.resolve) return { kind: 'deps', deps: [...new Set([...depIds].map((d) => pool.dep2str(d)))] };
  const providers = new Set<number>();
  const provide = (d: number, into: Set<number>) => {
    for (const p of index.providers(d)) {
      const info = set.get(p);
      if (info && (!arches || arches.has(info.arch))) into.add(p);
    }
  };
  for (const d of depIds) provide(d, providers);
  if (options.recursive) {
    // dnf's _get_recursive_providers_query: the providers of every selected package's requires, to a fixpoint.
    let frontier = [...providers];
    while (frontier.length) {
      const found = new Set<number>();
      for (const p of frontier) for (const d of packageDeps(pool, p, 'requires')) provide(d, found);
      frontier = [...found].filter((p) => !providers.has(p));
      for (const p of frontier) providers.add(p);
    }
  }
  return { kind: 'packages', ids: latestPerArch(pool, [...providers].map((p) => set.get(p)!), 1).map((p) => p.id) };
}
