/**
 * The minimal self-hosting buildroot of a build group: the source packages (and the binaries
 * built from them) needed to rebuild themselves and the group, with the reason for each.
 *
 * 1. Closure (closure.ts): the group's install closure, its sources, their buildroots,
 *    the sources of the new binaries, ... to a fixpoint, on every core.
 * 2. Minimisation (minimize.ts): drop sources while self-hosting survives, until none can go.
 * 3. Reasons (reasons.ts): a breadth-first walk from the group over the final buildroots gives each package
 *    the level at which it entered and the chain of dependencies that pulled it in.
 * 4. Proof (verify.ts, optional): every buildroot re-solved with only the set's binaries visible.
 */
import type { Pool, Problem, Repo } from '../solv/index.js';
import { SolveService, SourceIndex, type BuildrootStoreOptions } from '../buildroots/index.js';
import { buildrootClosure, type ClosureRound } from './closure.js';
import { minimizeSet, type MinimizeStats } from './minimize.js';
import { explainSet, type BuildrootPackage } from './reasons.js';
import { verifyBuildroot, type VerifyResult } from './verify.js';

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
  /** Read and fill the buildroot store (see SolveServiceOptions.store); undefined: solve everything. */
  store?: BuildrootStoreOptions;
  /** Called when a step starts. */
  onStep?: (step: 'closure' | 'minimize' | 'reasons' | 'verify') => void;
}

/**
 * Computes the minimal self-hosting buildroot of `group` from a finished pool whose first repos
 * are `binaryRepos` (see finishPool); `sourceRepos` hold the source packages.
 */
export async function selfHostingBuildroot(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], options: BuildrootOptions = {}): Promise<Buildroot> {
  const t0 = performance.now();
  const index = new SourceIndex(pool, binaryRepos, sourceRepos);
  const service = await SolveService.start(pool, binaryRepos, group, { weak: options.weak, workers: options.workers, store: options.store });
  try {
    options.onStep?.('closure');
    const tStart = performance.now();
    const closure = await buildrootClosure(index, service, group, { reuse: options.reuse, weak: options.weak });
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
      verify = await verifyBuildroot(pool, binaryRepos, sourceRepos, group, { sources: sources.map((s) => s.name), binaries: binaries.map((b) => b.id) }, { weak: options.weak, index, service });
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
    await service.close();
  }
}
