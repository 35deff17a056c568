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

/** `names` as seeds: source names of the graph, else binary names of the repos; UNKNOWN_PACKAGE names the rest. */
export function seedsFromNames(graph: BuildGraph, pool: Pool, binaryRepos: readonly Repo[], names: readonly string[]): ChangeSeeds {
  const sourceNames = new Set(graph.sources.map((s) => s.name));
  const binaryNames = new Set(binarySolvables(pool, binaryRepos).map((p) => pool.solvable(p).name));
  const unknown = names.filter((n) => !sourceNames.has(n) && !binaryNames.has(n));
  if (unknown.length) throw new GooseError('UNKNOWN_PACKAGE', `no source or binary package named ${unknown.map((n) => `'${n}'`).join(', ')}`);
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
  const sources = new Set(seeds.sources ?? []);
  const binaries = new Set(seeds.binaries ?? []);
  const srcName = pool.sourceNameTable();
  return binarySolvables(pool, binaryRepos).filter((p) => {
    const s = pool.solvable(p);
    return binaries.has(s.name) || sources.has(srcName[p] ? pool.id2str(srcName[p]) : s.name);
  });
}
