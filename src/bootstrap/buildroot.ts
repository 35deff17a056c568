/**
 * The minimal self-hosting buildroot of a build group: the source packages (and the binaries
 * built from them) needed to rebuild themselves and the group, with the reason for each.
 *
 * 1. Closure (buildroot-closure.ts): the group's install closure, its sources, their buildroots,
 *    the sources of the new binaries, ... to a fixpoint, on every core.
 * 2. Minimisation (minimize.ts): drop sources while self-hosting survives, until none can go.
 * 3. Reasons: a breadth-first walk from the group over the final buildroots gives each package
 *    the level at which it entered and the chain of dependencies that pulled it in.
 * 4. Proof (verify.ts, optional): every buildroot re-solved with only the set's binaries visible.
 */
import type { Pool, Problem, Repo } from '../solv/index.js';
import { SourceIndex } from './buildroot-index.js';
import { buildrootClosure, type ClosureRound } from './buildroot-closure.js';
import { BuildrootSolvers } from './buildroot-solvers.js';
import { minimizeSet, type MinimizeStats } from './minimize.js';
import { verifyBuildroot, type VerifyResult } from './verify.js';

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

/** The result of {@link selfHostingBuildroot}. */
export interface Buildroot {
  /** True when every source of the set can be built from the set (and the proof passed, when run). */
  selfHosting: boolean;
  /** The build group names. */
  group: string[];
  /** Source packages of the set, sorted by name. */
  sources: BuildrootPackage[];
  /** Binary packages of the set: the group's closure and every source's buildroot, sorted by name and arch. */
  binaries: BuildrootPackage[];
  /** Size of the closure before minimisation. */
  closure: { sources: number; binaries: number; rounds: ClosureRound[] };
  /** What minimisation did (absent when it did not run). */
  minimize?: MinimizeStats;
  /** Problems of the build group itself (the set is empty then). */
  groupProblems: Problem[];
  /** Sources of the closure whose buildroot cannot be installed. */
  unresolvable: { source: string; problems: Problem[] }[];
  /** Binaries of the closure whose source package the source repos lack. */
  missingSources: { binary: string; source: string }[];
  /** The proof, when asked for. */
  verify?: VerifyResult;
  /** Seconds per step (`start`: starting the worker threads). */
  timings: { start: number; closure: number; minimize: number; reasons: number; verify: number; total: number };
}

/** Options of {@link selfHostingBuildroot}. */
export interface BuildrootOptions {
  /** Minimise the closure (default true). */
  minimize?: boolean;
  /** Resolve inside the set's binaries first while growing the closure (default true). */
  reuse?: boolean;
  /** Run the proof (verifyBuildroot) on the result. */
  verify?: boolean;
  /** Install weak dependencies (mock does not). */
  weak?: boolean;
  /** Worker threads (default: one per core; 0 or 1: this thread). */
  workers?: number;
  /** Called when a step starts. */
  onStep?: (step: 'closure' | 'minimize' | 'reasons' | 'verify') => void;
}

const byName = (a: { name: string; arch: string }, b: { name: string; arch: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0;

/**
 * Computes the minimal self-hosting buildroot of `group` from a finished pool whose first repos
 * are `binaryRepos` (see finishPool); `sourceRepos` hold the source packages.
 */
export async function selfHostingBuildroot(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], options: BuildrootOptions = {}): Promise<Buildroot> {
  const t0 = performance.now();
  const index = new SourceIndex(pool, binaryRepos, sourceRepos);
  const solvers = await BuildrootSolvers.start(index, group, { weak: options.weak, workers: options.workers });
  try {
    options.onStep?.('closure');
    const tStart = performance.now();
    const closure = await buildrootClosure(index, solvers, group, { reuse: options.reuse, weak: options.weak });
    const tClosure = performance.now();
    const closureBinaries = new Set<number>(closure.groupSolution);
    for (const s of closure.solutions.values()) for (const p of s) closureBinaries.add(p);
    const closureSize = { sources: closure.levels.size, binaries: closureBinaries.size, rounds: closure.rounds };
    const complete = !closure.groupProblems.length && !closure.unresolvable.length && !closure.missingSources.length;
    const set = { groupSolution: closure.groupSolution, solutions: closure.solutions, levels: closure.levels };
    let minimize: MinimizeStats | undefined;
    if (complete && (options.minimize ?? true)) {
      options.onStep?.('minimize');
      minimize = minimizeSet(index, group, set, { weak: options.weak });
    }
    const tMin = performance.now();
    options.onStep?.('reasons');
    const used = new Set<number>(set.groupSolution);
    for (const s of set.solutions.values()) for (const p of s) used.add(p);
    index.restrict(used); // smaller provider lists for the walk
    let explained: ReturnType<typeof explainSet>;
    try {
      explained = explainSet(index, group, set.groupSolution, set.solutions, closure.unresolvable.map((u) => u.source));
    } finally {
      index.restrict(undefined);
    }
    const { sources, binaries } = explained;
    const tReasons = performance.now();
    let verify: VerifyResult | undefined;
    if (options.verify && !closure.groupProblems.length) {
      options.onStep?.('verify');
      verify = await verifyBuildroot(pool, binaryRepos, sourceRepos, group, { sources: sources.map((s) => s.name), binaries: binaries.map((b) => b.id) }, { weak: options.weak, index, solvers });
    }
    const tEnd = performance.now();
    return {
      selfHosting: complete && (verify?.ok ?? true),
      group: [...group],
      sources,
      binaries,
      closure: closureSize,
      ...(minimize ? { minimize } : {}),
      groupProblems: closure.groupProblems,
      unresolvable: closure.unresolvable,
      missingSources: closure.missingSources,
      ...(verify ? { verify } : {}),
      timings: { start: (tStart - t0) / 1000, closure: (tClosure - tStart) / 1000, minimize: (tMin - tClosure) / 1000, reasons: (tReasons - tMin) / 1000, verify: (tEnd - tReasons) / 1000, total: (tEnd - t0) / 1000 },
    };
  } finally {
    await solvers.close();
  }
}

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
