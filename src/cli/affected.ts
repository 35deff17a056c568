/**
 * Names on the command line as the start of a change (`order --affected-by`, `rdeps`): each a
 * source of the graph or a binary of the binary repos (UNKNOWN_PACKAGE otherwise), or the binaries
 * whose provides match a glob (`--changed-provides`).
 */
import { GooseError } from '../errors.js';
import { globToRegExp } from '../query/glob.js';
import type { ChangeSeeds, BuildGraph } from '../order/index.js';
import type { Pool, Repo } from '../solv/index.js';

/** Binary solvable ids of `binaryRepos` (excluded ones left out), ascending. */
export function binarySolvables(pool: Pool, binaryRepos: readonly Repo[]): number[] {
  const table = pool.solvableTable();
  const repoIds = new Set(binaryRepos.map((r) => r.id));
  const excluded = new Set(pool.excluded);
  const out: number[] = [];
  for (let p = 2; p < table.repo.length; p++) if (repoIds.has(table.repo[p]) && !excluded.has(p)) out.push(p);
  return out;
}

/** `names` as seeds when the graph knows each (a source, or a binary in some buildroot), else undefined (the pool decides: see {@link seedsFromNames}). */
export function seedsInGraph(graph: Pick<BuildGraph, 'sources' | 'binaries'>, names: readonly string[]): ChangeSeeds | undefined {
  const sourceNames = new Set(graph.sources.map((s) => s.name));
  const inGraph = new Set(graph.binaries);
  if (!names.every((n) => sourceNames.has(n) || inGraph.has(n))) return undefined;
  return { sources: names.filter((n) => sourceNames.has(n)), binaries: names.filter((n) => !sourceNames.has(n)) };
}

/** `names` as seeds: source names of the graph, else binary names (of the graph's buildroots, else of the repos); UNKNOWN_PACKAGE names the rest. */
export function seedsFromNames(graph: Pick<BuildGraph, 'sources' | 'binaries'>, pool: Pool, binaryRepos: readonly Repo[], names: readonly string[]): ChangeSeeds {
  const sourceNames = new Set(graph.sources.map((s) => s.name));
  const inGraph = new Set(graph.binaries);
  let rest = names.filter((n) => !sourceNames.has(n) && !inGraph.has(n));
  if (rest.length) {
    // Binaries in no buildroot: known when the repos have them (they affect no source).
    const binaryNames = new Set(binarySolvables(pool, binaryRepos).map((p) => pool.solvable(p).name));
    rest = rest.filter((n) => !binaryNames.has(n));
  }
  if (rest.length) throw new GooseError('UNKNOWN_PACKAGE', `no source or binary package named ${rest.map((n) => `'${n}'`).join(', ')}`);
  return { sources: names.filter((n) => sourceNames.has(n)), binaries: names.filter((n) => !sourceNames.has(n)) };
}

/** The binary names whose provides match one of the globs `patterns`; UNKNOWN_PACKAGE when a pattern matches none. */
export function binariesProviding(pool: Pool, binaryRepos: readonly Repo[], patterns: readonly string[]): string[] {
  const res = patterns.map((p) => ({ p, re: globToRegExp(p), hit: false }));
  const names = new Set<string>();
  for (const q of binarySolvables(pool, binaryRepos)) {
    const s = pool.solvable(q);
    for (const d of s.deps('provides')) {
      for (const r of res) {
        if (r.re.test(d) || r.re.test(d.split(' ')[0])) {
          r.hit = true;
          names.add(s.name);
        }
      }
    }
  }
  const none = res.filter((r) => !r.hit).map((r) => `'${r.p}'`);
  if (none.length) throw new GooseError('UNKNOWN_PACKAGE', `no binary package provides anything matching ${none.join(', ')}`);
  return [...names].sort();
}

/** Binary ids that a change of `seeds` changes: the binaries built from a seed source, and the seed binaries. */
export function seedBinaryIds(pool: Pool, binaryRepos: readonly Repo[], seeds: ChangeSeeds): number[] {
  // Compared as string ids (a name no string id exists for names no package).
  const ids = (names: readonly string[] | undefined) => new Set((names ?? []).map((n) => pool.str2id(n, false)).filter((id) => id !== 0));
  const sources = ids(seeds.sources);
  const binaries = ids(seeds.binaries);
  const srcName = pool.sourceNameTable();
  const name = pool.solvableTable().name;
  return binarySolvables(pool, binaryRepos).filter((p) => binaries.has(name[p]) || sources.has(srcName[p] || name[p]));
}
