/**
 * The proof that a buildroot is self-hosting, checked from scratch: with every binary outside the
 * set hidden from the solver, the build group installs and so does every source's buildroot
 * (BuildRequires + group, BuildConflicts kept out); and every binary of the set is built from a
 * source of the set. Nothing computed while finding the set is trusted.
 */
import type { Pool, Problem, Repo } from '../solv/index.js';
import { buildrootJobs, buildrootSolver, groupJobs } from './resolve.js';
import { SourceIndex } from './buildroot-index.js';
import { solveSources } from './buildroot-closure.js';
import { BuildrootSolvers } from './buildroot-solvers.js';

/** A source whose buildroot does not install from the set, with the solver's explanation. */
export interface VerifyFailure {
  /** Source package name. */
  source: string;
  /** The problems (Problem.text, rule infos). */
  problems: Problem[];
}

/** The outcome of {@link verifyBuildroot}. */
export interface VerifyResult {
  /** True when the set is self-hosting. */
  ok: boolean;
  /** Buildroots solved (the group's included). */
  checked: number;
  /** Problems of the build group within the set (empty when it installs). */
  groupProblems: Problem[];
  /** Sources whose buildroot does not install, sorted by name; the first `explain` with their problems. */
  failures: VerifyFailure[];
  /** Sources named in the set that the source repos do not have. */
  unknownSources: string[];
  /** Binaries of the set whose source is not in the set: `name (source)`. */
  orphanBinaries: string[];
  /** Seconds. */
  seconds: number;
}

/** Options of {@link verifyBuildroot}. */
export interface VerifyOptions {
  /** Install weak dependencies (mock does not). */
  weak?: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Failures explained by a solve of their own (default 20; the rest have no problems listed). */
  explain?: number;
  /** An index of the pool, when the caller has one (saves a few hundred ms on a large pool). */
  index?: SourceIndex;
  /** Running solvers over the pool's binary repos, when the caller has them (started with the same `weak`). */
  solvers?: BuildrootSolvers;
}

/**
 * Checks that `sources` can each be built from `binaries` (solvable ids of the binary repos)
 * alone, and that the group installs from them. The pool's restriction is lifted at the end.
 */
export async function verifyBuildroot(
  pool: Pool,
  binaryRepos: Repo[],
  sourceRepos: Repo[],
  group: readonly string[],
  set: { sources: readonly string[]; binaries: ArrayLike<number> },
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const t0 = performance.now();
  const index = options.index ?? new SourceIndex(pool, binaryRepos, sourceRepos);
  const allowed = new Set<number>(Array.from(set.binaries));
  const sources = [...new Set(set.sources)].sort();
  const named = new Set(sources);
  const unknownSources = sources.filter((s) => !index.hasSource(s));
  const known = sources.filter((s) => index.hasSource(s));
  const orphanBinaries = [...allowed].filter((p) => !named.has(index.sourceOf(p))).map((p) => `${index.name(p)} (${index.sourceOf(p)})`).sort();
  const gj = groupJobs(pool, group);
  let groupProblems: Problem[] = [];
  const failures: VerifyFailure[] = [];
  const solvers = options.solvers ?? (await BuildrootSolvers.start(index, group, options));
  try {
    await solvers.restrict(allowed);
    const solver = buildrootSolver(pool, options.weak ?? false);
    try {
      groupProblems = solver.solve(gj);
      const outcomes = await solveSources(index, solvers, known);
      const explain = options.explain ?? 20;
      known.forEach((s, i) => {
        if (outcomes[i].ok) return;
        failures.push({ source: s, problems: failures.length < explain ? solver.solve(buildrootJobs(pool, index.request(s), gj).jobs) : [] });
      });
    } finally {
      solver.free();
    }
  } finally {
    await solvers.restrict(undefined);
    if (!options.solvers) await solvers.close();
  }
  return {
    ok: !groupProblems.length && !failures.length && !unknownSources.length && !orphanBinaries.length,
    checked: known.length + 1,
    groupProblems,
    failures,
    unknownSources,
    orphanBinaries,
    seconds: (performance.now() - t0) / 1000,
  };
}
