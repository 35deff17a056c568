/**
 * The install side of `rdeps`: the binaries whose runtime Requires reach a set of binaries, level
 * by level (level 1 require one of them directly, level k+1 require a level-k binary), over the
 * binary repos of a finished pool. Excluded binaries (module filtering, excludes) are left out.
 *
 * Read once from the pool into an {@link InstallIndex} (who requires each binary), which the graph
 * store keeps beside the graph (it depends only on the binary repos, which the graph's key holds);
 * the walk ({@link installLevels}) is pure.
 */
import type { Pool, Repo } from '../solv/index.js';

/**
 * Who requires each binary, as one word array: `[count, ids(count), start(count+1), entries]`;
 * binary `ids[k]` (a solvable id, ascending) is required by the binaries whose positions in `ids`
 * are `entries[start[k] .. start[k+1]-1]` (ascending, distinct).
 */
export type InstallIndex = Int32Array;

/** The {@link InstallIndex} of the binaries of `binaryRepos` (excluded ones left out). */
export function installIndex(pool: Pool, binaryRepos: readonly Repo[]): InstallIndex {
  const table = pool.solvableTable();
  const repoIds = new Set(binaryRepos.map((r) => r.id));
  const excluded = new Set(pool.excluded);
  const ids: number[] = [];
  for (let p = 2; p < table.repo.length; p++) if (repoIds.has(table.repo[p]) && !excluded.has(p)) ids.push(p);
  const pos = new Int32Array(table.repo.length).fill(-1);
  ids.forEach((p, k) => (pos[p] = k));
  const providers = new Map<number, Int32Array>();
  // Edges (provider position, requirer position), requirers in ascending order.
  const prov: number[] = [];
  const req: number[] = [];
  const mark = new Int32Array(ids.length).fill(-1);
  ids.forEach((p, k) => {
    for (const d of pool.solvable(p).depIds('requires')) {
      let qs = providers.get(d);
      if (!qs) providers.set(d, (qs = pool.whatProvidesIds(d)));
      for (const q of qs) {
        const j = pos[q];
        if (j < 0 || j === k || mark[j] === k) continue;
        mark[j] = k;
        prov.push(j);
        req.push(k);
      }
    }
  });
  const n = ids.length;
  const out = new Int32Array(1 + n + (n + 1) + prov.length);
  out[0] = n;
  out.set(ids, 1);
  const start = 1 + n;
  for (const j of prov) out[start + j + 1]++;
  for (let k = 0; k < n; k++) out[start + k + 1] += out[start + k];
  const entries = start + n + 1;
  const fill = out.slice(start, start + n);
  for (let e = 0; e < prov.length; e++) out[entries + fill[prov[e]]++] = req[e];
  return out;
}

/**
 * Binaries whose Requires are satisfied by a binary of `targets` (solvable ids; level 1), or of an
 * earlier level (level k+1), up to `depth` levels (default: all); targets themselves are left out.
 * Returns solvable id -> level, ascending by id.
 */
export function installLevels(index: InstallIndex, targets: Iterable<number>, depth = Infinity): Map<number, number> {
  const n = index[0];
  const ids = index.subarray(1, 1 + n);
  const start = index.subarray(1 + n, 2 + 2 * n);
  const entries = index.subarray(2 + 2 * n);
  const posOf = new Map<number, number>();
  ids.forEach((p, k) => posOf.set(p, k));
  const seen = new Uint8Array(n);
  let frontier: number[] = [];
  for (const p of targets) {
    const k = posOf.get(p);
    if (k !== undefined && !seen[k]) {
      seen[k] = 1;
      frontier.push(k);
    }
  }
  const level = new Map<number, number>();
  for (let lvl = 1; lvl <= depth && frontier.length; lvl++) {
    const next: number[] = [];
    for (const k of frontier) {
      for (let e = start[k]; e < start[k + 1]; e++) {
        const j = entries[e];
        if (seen[j]) continue;
        seen[j] = 1;
        next.push(j);
        level.set(ids[j], lvl);
      }
    }
    frontier = next;
  }
  return new Map([...level].sort((a, b) => a[0] - b[0]));
}

/** {@link installLevels} over a freshly read {@link installIndex}. */
export function installRdeps(pool: Pool, binaryRepos: readonly Repo[], targets: Iterable<number>, depth = Infinity): Map<number, number> {
  return installLevels(installIndex(pool, binaryRepos), targets, depth);
}

/** The names of an {@link InstallIndex}'s binaries, by position: each binary's name and its source package's. */
export interface InstallNames {
  /** Binary names, per position of the index's ids. */
  names: string[];
  /** Source package names (the binary's own name when the pool knows none), per position. */
  sources: string[];
}

/** The {@link InstallNames} of `index`'s binaries, read from the pool it was computed from. */
export function installNamesOf(pool: Pool, index: InstallIndex): InstallNames {
  const ids = index.subarray(1, 1 + index[0]);
  const name = pool.solvableTable().name;
  const src = pool.sourceNameTable();
  return { names: pool.id2strMany(Array.from(ids, (p) => name[p])), sources: pool.id2strMany(Array.from(ids, (p) => src[p] || name[p])) };
}

/**
 * The solvable ids of `index` that a change of `seeds` changes, by name (what
 * seedBinaryIds in src/cli/affected.ts computes from the pool): binaries named in
 * `seeds.binaries`, and binaries built from a source named in `seeds.sources`. Ascending.
 */
export function installSeedIds(index: InstallIndex, names: InstallNames, seeds: { sources?: readonly string[]; binaries?: readonly string[] }): number[] {
  const binaries = new Set(seeds.binaries ?? []);
  const sources = new Set(seeds.sources ?? []);
  const out: number[] = [];
  for (let k = 0; k < index[0]; k++) if (binaries.has(names.names[k]) || sources.has(names.sources[k])) out.push(index[1 + k]);
  return out;
}

/** Binary name of solvable id `p` of `index` (by {@link InstallNames}), or undefined. */
export function installNameOf(index: InstallIndex, names: InstallNames): (p: number) => string | undefined {
  const pos = new Map<number, number>();
  for (let k = 0; k < index[0]; k++) pos.set(index[1 + k], k);
  return (p) => {
    const k = pos.get(p);
    return k === undefined ? undefined : names.names[k];
  };
}
