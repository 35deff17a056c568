/**
 * `dnf repoquery` over a loaded Pool, as data: which packages the options select (specs, arch,
 * --whatprovides, --whatrequires, --latest-limit, --srpm), or which dependencies they list.
 * The steps run in dnf 4's order (dnf/cli/commands/repoquery.py).
 */
import type { DepKind, Pool } from '../solv/index.js';
import { DepIndex, whatProvides, whatRequires } from './deps.js';
import { PackageSet, type PackageInfo } from './packages.js';
import { matchSubject } from './subject.js';

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
}

/** A query's answer: packages (sorted by NEVRA later, when formatted) or dependency strings. */
export type QueryResult = { kind: 'packages'; ids: number[] } | { kind: 'deps'; deps: string[] };

/** Dependencies of one kind, as dnf's Package lists them (provides without file provides; requires with Requires(pre)). */
export function packageDeps(pool: Pool, id: number, kind: DepKind): number[] {
  return [...pool.solvable(id).depIds(kind, kind === 'provides' ? 'plain' : 'all')];
}

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

/** The source package name in a `sourcerpm` file name (dnf's Package.source_name). */
export function sourceName(sourcerpm: string): string {
  const base = sourcerpm.endsWith('.src.rpm') ? sourcerpm.slice(0, -'.src.rpm'.length) : sourcerpm;
  const parts = base.split('-');
  return parts.length > 2 ? parts.slice(0, -2).join('-') : parts[0];
}

/** Runs a query over every package in `pool` (which must be finished: provides indexed). */
export function runQuery(pool: Pool, options: QueryOptions = {}): QueryResult {
  const set = new PackageSet(pool);
  const index = new DepIndex(set);
  let q: Set<number>;
  if (options.specs?.length) {
    q = new Set();
    for (const spec of options.specs) for (const p of matchSubject(set, spec, { icase: true, files: true })) q.add(p);
  } else q = new Set(set.byId.keys());

  const arches = options.arch?.length ? new Set(options.arch) : undefined;
  if (arches) q = new Set([...q].filter((p) => arches.has(set.get(p)!.arch)));
  if (options.whatprovides?.length) q = whatProvides(index, options.whatprovides, q);
  if (options.whatrequires?.length) q = whatRequires(index, options.whatrequires, q, options.exactdeps);

  let pkgs = [...q].map((p) => set.get(p)!);
  if (options.latestLimit) pkgs = latestPerArch(pool, pkgs, options.latestLimit);
  if (options.srpm) {
    const sources = new Map<string, number[]>();
    for (const p of set.list) {
      if (p.arch !== 'src') continue;
      const k = `${p.name}\0${p.evr}`;
      sources.set(k, [...(sources.get(k) ?? []), p.id]);
    }
    const ids = new Set<number>();
    for (const p of pkgs) {
      const rpm = p.arch === 'src' ? undefined : pool.solvable(p.id).sourcerpm;
      if (!rpm) continue;
      for (const s of sources.get(`${sourceName(rpm)}\0${p.evr}`) ?? []) ids.add(s);
    }
    pkgs = [...ids].map((p) => set.get(p)!);
  }

  if (!options.attr) return { kind: 'packages', ids: pkgs.map((p) => p.id) };
  const depIds = new Set<number>();
  for (const p of pkgs) for (const d of packageDeps(pool, p.id, options.attr)) depIds.add(d);
  if (!options.resolve) return { kind: 'deps', deps: [...new Set([...depIds].map((d) => pool.dep2str(d)))] };
  const providers = new Set<number>();
  for (const d of depIds) {
    for (const p of index.providers(d)) {
      const info = set.get(p);
      if (info && (!arches || arches.has(info.arch))) providers.add(p);
    }
  }
  return { kind: 'packages', ids: latestPerArch(pool, [...providers].map((p) => set.get(p)!), 1).map((p) => p.id) };
}
