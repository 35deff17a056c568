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
  const walk = new ReasonWalk(index, group, groupSolution, solutions, extraSources);
  let sources = walk.levelZero();
  for (let level = 0; sources.length; level++) sources = walk.nextLevel(sources, level);
  return walk.packages();
}

/** A step that starts a chain: a binary the jobs install directly. */
type Start = { p: number; step: ReasonStep };
/** How the walk inside one buildroot reached a binary: from another (`from`), or from a job (-1). */
type Link = { from: number; step: ReasonStep };

/** The walk's state: each binary's and source's level and chain, filled level by level. */
class ReasonWalk {
  readonly #index: SourceIndex;
  readonly #groupSolution: Int32Array;
  readonly #solutions: Map<string, Int32Array>;
  /** The sources to place: the set's, and the extra ones. */
  readonly #wanted: Set<string>;
  readonly #groupStarts: Start[];
  readonly #levelB = new Map<number, number>();
  readonly #chainB = new Map<number, ReasonStep[]>();
  readonly #levelS = new Map<string, number>();
  readonly #chainS = new Map<string, ReasonStep[]>();
  readonly #depText = new Map<number, string>();
  readonly #edges = new Map<number, { dep: number; providers: Int32Array }[]>();

  constructor(index: SourceIndex, group: readonly string[], groupSolution: Int32Array, solutions: Map<string, Int32Array>, extraSources: readonly string[]) {
    this.#index = index;
    this.#groupSolution = groupSolution;
    this.#solutions = solutions;
    this.#wanted = new Set([...solutions.keys(), ...extraSources]);
    const groupNames = new Set(group);
    this.#groupStarts = this.#sortedIds(groupSolution)
      .filter((p) => groupNames.has(index.name(p)))
      .map((p) => ({ p, step: { kind: 'group', binary: index.name(p) } }));
  }

  /** Level 0: the group's closure, from its names; returns the sources it brings, sorted. */
  levelZero(): string[] {
    const next = new Set<string>();
    const all = this.#groupSolution;
    this.#enter(this.#sortedIds(all), 0, [], this.#paths(all, this.#groupStarts, new Set(all), ''), next);
    return [...next].sort();
  }

  /** Level `level + 1`: what the buildroots of the level's `sources` bring; returns the new sources, sorted. */
  nextLevel(sources: string[], level: number): string[] {
    const { pool } = this.#index;
    const next = new Set<string>();
    for (const s of sources) {
      const root = this.#solutions.get(s);
      if (!root) continue;
      const fresh = new Set([...root].filter((p) => !this.#levelB.has(p)));
      if (!fresh.size) continue;
      const starts: Start[] = [];
      for (const d of this.#index.request(s).requires) {
        for (const p of pool.whatProvidesIds(pool.parseDep(d).id)) starts.push({ p, step: { kind: 'buildrequires', source: s, dep: d, provider: this.#index.name(p) } });
      }
      starts.push(...this.#groupStarts);
      this.#enter(this.#sortedIds(fresh), level + 1, this.#chainS.get(s)!, this.#paths(root, starts, fresh, s), next);
    }
    return [...next].sort();
  }

  /**
   * The packages, sorted by name and arch. Sources in the set that no walk reached (cannot happen
   * after minimisation; a closure with unresolvable sources can leave some): level -1, no chain.
   */
  packages(): { sources: BuildrootPackage[]; binaries: BuildrootPackage[] } {
    const { pool } = this.#index;
    const sources: BuildrootPackage[] = [...this.#wanted].map((name) => {
      const p = this.#index.newest.get(name)!;
      const s = pool.solvable(p);
      return { name, evr: s.evr, arch: s.arch, level: this.#levelS.get(name) ?? -1, chain: this.#chainS.get(name) ?? [], id: p };
    });
    const binaries: BuildrootPackage[] = [...this.#levelB.keys()].map((p) => {
      const s = pool.solvable(p);
      return { name: s.name, evr: s.evr, arch: s.arch, level: this.#levelB.get(p)!, chain: this.#chainB.get(p)!, id: p };
    });
    return { sources: sources.sort(byName), binaries: binaries.sort(byName) };
  }

  /** Gives the binaries of `bins` not placed yet `level` and their chain; their new sources go to `next`. */
  #enter(bins: number[], level: number, prefix: ReasonStep[], path: Map<number, ReasonStep[]>, next: Set<string>): void {
    // Shortest chains first, so a source's chain goes through its most direct binary.
    const ordered = bins.map((p, k) => ({ p, k })).sort((a, b) => path.get(a.p)!.length - path.get(b.p)!.length || a.k - b.k);
    for (const { p } of ordered) {
      if (this.#levelB.has(p)) continue;
      this.#levelB.set(p, level);
      const chain = [...prefix, ...path.get(p)!];
      this.#chainB.set(p, chain);
      const s = this.#index.sourceOf(p);
      if (!this.#levelS.has(s) && this.#wanted.has(s)) {
        this.#levelS.set(s, level);
        this.#chainS.set(s, [...chain, { kind: 'builtfrom', binary: this.#index.name(p), source: s }]);
        next.add(s);
      }
    }
  }

  /** Paths inside buildroot `root` to the binaries of `targets`, each a list of steps (a lone `buildroot` step when none). */
  #paths(root: Int32Array, starts: Start[], targets: Set<number>, owner: string): Map<number, ReasonStep[]> {
    const parent = this.#walk(root, starts, targets);
    const out = new Map<number, ReasonStep[]>();
    for (const t of targets) {
      let link = parent.get(t);
      if (!link) {
        out.set(t, [{ kind: 'buildroot', source: owner, provider: this.#index.name(t) }]);
        continue;
      }
      const steps: ReasonStep[] = [];
      while (link) {
        steps.push(link.step);
        if (link.from < 0) break;
        link = parent.get(link.from);
      }
      out.set(t, steps.reverse());
    }
    return out;
  }

  /** Breadth-first from `starts` along Requires inside `root`, until every target is reached. */
  #walk(root: Int32Array, starts: Start[], targets: Set<number>): Map<number, Link> {
    const index = this.#index;
    const inRoot = new Set(root);
    const parent = new Map<number, Link>();
    const queue: number[] = [];
    for (const { p, step } of starts) {
      if (!inRoot.has(p) || parent.has(p)) continue;
      parent.set(p, { from: -1, step });
      queue.push(p);
    }
    let left = [...targets].filter((t) => !parent.has(t)).length;
    for (let h = 0; h < queue.length && left > 0; h++) {
      const q = queue[h];
      for (const { dep, providers } of this.#edgesOf(q)) {
        for (const r of providers) {
          if (!inRoot.has(r) || parent.has(r)) continue;
          parent.set(r, { from: q, step: { kind: 'requires', binary: index.name(q), dep: this.#dep2str(dep), provider: index.name(r) } });
          queue.push(r);
          if (targets.has(r)) left--;
        }
      }
    }
    return parent;
  }

  #edgesOf(q: number): { dep: number; providers: Int32Array }[] {
    const { pool } = this.#index;
    let e = this.#edges.get(q);
    if (!e) this.#edges.set(q, (e = [...pool.solvable(q).depIds('requires')].map((dep) => ({ dep, providers: pool.whatProvidesIds(dep) }))));
    return e;
  }

  #dep2str(d: number): string {
    return this.#depText.get(d) ?? (this.#depText.set(d, this.#index.pool.dep2str(d)), this.#depText.get(d)!);
  }

  /** Ids sorted by package name, then id. */
  #sortedIds(ids: Iterable<number>): number[] {
    const index = this.#index;
    return [...ids].sort((x, y) => byName({ name: index.name(x), arch: '' }, { name: index.name(y), arch: '' }) || x - y);
  }
}
