/**
 * Why each package of a self-hosting buildroot is there: its level (the round it entered) and the
 * chain of dependencies from the build group that pulled it in.
 */
import type { SourceIndex } from '../buildroots/index.js';

/** One link of the chain that pulled a package in. */
export type ReasonStep =
  /** `binary` is named in the build group. */
  | { kind: 'group'; binary: string }
  /** Binary `binary` requires `dep`, which `provider` satisfies in that buildroot. */
  | { kind: 'requires'; binary: string; dep: string; provider: string }
  /** Source `source` has BuildRequires `dep`, which `provider` satisfies in its buildroot. */
  | { kind: 'buildrequires'; source: string; dep: string; provider: string }
  /** `provider` is in the buildroot of `source` (the group's when `source` is empty) for no single traceable dependency (a rich one). */
  | { kind: 'buildroot'; source: string; provider: string }
  /** Binary `binary` is built from source `source`. */
  | { kind: 'builtfrom'; binary: string; source: string };

/** A package of the buildroot, with why it is there. */
export interface BuildrootPackage {
  /** Package name. */
  name: string;
  /** epoch:version-release. */
  evr: string;
  /** Architecture (`src` for sources). */
  arch: string;
  /** The round it entered: 0 for the build group's install closure and its sources. */
  level: number;
  /** The chain from the build group to this package, first link first. */
  chain: ReasonStep[];
  /** Solvable id in the pool the buildroot was computed in. */
  id: number;
}

const byName = (a: { name: string; arch: string }, b: { name: string; arch: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0;

/**
 * Levels and chains by a breadth-first walk: the group's closure is level 0 and so are its
 * sources; a binary first met in the buildroot of a level-k source is level k+1, and so is its
 * source when not met before. Inside one buildroot the chain follows Requires from a group name
 * or a BuildRequires, shortest first. `extraSources` (unresolvable ones) get a level but no buildroot.
 */
export function explainSet(index: SourceIndex, group: readonly string[], groupSolution: Int32Array, solutions: Map<string, Int32Array>, extraSources: readonly string[] = []): { sources: BuildrootPackage[]; binaries: BuildrootPackage[] } {
  const pool = index.pool;
  const depText = new Map<number, string>();
  const dep2str = (d: number) => depText.get(d) ?? (depText.set(d, pool.dep2str(d)), depText.get(d)!);
  const edges = new Map<number, { dep: number; providers: Int32Array }[]>();
  const edgesOf = (q: number) => {
    let e = edges.get(q);
    if (!e) edges.set(q, (e = [...pool.solvable(q).depIds('requires')].map((dep) => ({ dep, providers: pool.whatProvidesIds(dep) }))));
    return e;
  };
  const groupNames = new Set(group);
  const wanted = new Set(solutions.keys());
  for (const s of extraSources) wanted.add(s);

  const levelB = new Map<number, number>();
  const chainB = new Map<number, ReasonStep[]>();
  const levelS = new Map<string, number>();
  const chainS = new Map<string, ReasonStep[]>();
  const order: string[][] = [];

  /** Paths inside buildroot `root` to the binaries of `targets`, each a list of steps. */
  const paths = (root: Int32Array, starts: { p: number; step: ReasonStep }[], targets: Set<number>, owner: string): Map<number, ReasonStep[]> => {
    const inRoot = new Set(root);
    const parent = new Map<number, { from: number; step: ReasonStep } | { from: -1; step: ReasonStep }>();
    const queue: number[] = [];
    for (const { p, step } of starts) {
      if (!inRoot.has(p) || parent.has(p)) continue;
      parent.set(p, { from: -1, step });
      queue.push(p);
    }
    let left = [...targets].filter((t) => !parent.has(t)).length;
    for (let h = 0; h < queue.length && left > 0; h++) {
      const q = queue[h];
      for (const { dep, providers } of edgesOf(q)) {
        for (const r of providers) {
          if (!inRoot.has(r) || parent.has(r)) continue;
          parent.set(r, { from: q, step: { kind: 'requires', binary: index.name(q), dep: dep2str(dep), provider: index.name(r) } });
          queue.push(r);
          if (targets.has(r)) left--;
        }
      }
    }
    const out = new Map<number, ReasonStep[]>();
    for (const t of targets) {
      const steps: ReasonStep[] = [];
      let cur: number = t;
      let link = parent.get(cur);
      if (!link) {
        out.set(t, [{ kind: 'buildroot', source: owner, provider: index.name(t) }]);
        continue;
      }
      while (link) {
        steps.push(link.step);
        if (link.from < 0) break;
        cur = link.from;
        link = parent.get(cur);
      }
      out.set(t, steps.reverse());
    }
    return out;
  };

  const enter = (bins: Int32Array, level: number, prefix: ReasonStep[], path: Map<number, ReasonStep[]>, next: Set<string>) => {
    // Shortest chains first, so a source's chain goes through its most direct binary.
    const ordered = [...bins].map((p, k) => ({ p, k })).sort((a, b) => path.get(a.p)!.length - path.get(b.p)!.length || a.k - b.k);
    for (const { p } of ordered) {
      if (levelB.has(p)) continue;
      levelB.set(p, level);
      const chain = [...prefix, ...path.get(p)!];
      chainB.set(p, chain);
      const s = index.sourceOf(p);
      if (!levelS.has(s) && wanted.has(s)) {
        levelS.set(s, level);
        chainS.set(s, [...chain, { kind: 'builtfrom', binary: index.name(p), source: s }]);
        next.add(s);
      }
    }
  };
  const sortedIds = (a: Int32Array) => [...a].sort((x, y) => byName({ name: index.name(x), arch: '' }, { name: index.name(y), arch: '' }) || x - y);

  // Level 0: the group's closure.
  const level0 = new Set<string>();
  const groupStarts = sortedIds(groupSolution).filter((p) => groupNames.has(index.name(p))).map((p) => ({ p, step: { kind: 'group', binary: index.name(p) } as ReasonStep }));
  enter(Int32Array.from(sortedIds(groupSolution)), 0, [], paths(groupSolution, groupStarts, new Set(groupSolution), ''), level0);
  order.push([...level0].sort());
  for (let level = 0; order[level].length; level++) {
    const next = new Set<string>();
    for (const s of order[level]) {
      const root = solutions.get(s);
      if (!root) continue;
      const fresh = new Set([...root].filter((p) => !levelB.has(p)));
      if (!fresh.size) continue;
      const starts: { p: number; step: ReasonStep }[] = [];
      for (const d of index.request(s).requires) {
        const id = pool.parseDep(d).id;
        for (const p of pool.whatProvidesIds(id)) starts.push({ p, step: { kind: 'buildrequires', source: s, dep: d, provider: index.name(p) } });
      }
      starts.push(...groupStarts);
      const found = paths(root, starts, fresh, s);
      enter(Int32Array.from(sortedIds(Int32Array.from(fresh))), level + 1, chainS.get(s)!, found, next);
    }
    order.push([...next].sort());
  }
  // Sources in the set that no walk reached (cannot happen after minimisation; a closure with
  // unresolvable sources can leave some): level -1, no chain.
  const sources: BuildrootPackage[] = [...wanted].map((name) => {
    const p = index.newest.get(name)!;
    const s = pool.solvable(p);
    return { name, evr: s.evr, arch: s.arch, level: levelS.get(name) ?? -1, chain: chainS.get(name) ?? [], id: p };
  });
  const binaries: BuildrootPackage[] = [...levelB.keys()].map((p) => {
    const s = pool.solvable(p);
    return { name: s.name, evr: s.evr, arch: s.arch, level: levelB.get(p)!, chain: chainB.get(p)!, id: p };
  });
  return { sources: sources.sort(byName), binaries: binaries.sort(byName) };
}
