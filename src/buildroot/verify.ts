/**
 * The proof that a buildroot is self-hosting, checked from scratch: with every binary outside the
 * set hidden from the solver, the build group installs and so does every source's buildroot
 * (BuildRequires + group, BuildConflicts kept out); and every binary of the set is built from a
 * source of the set. Nothing computed while finding the set is trusted.
 */
import type { Pool, Problem, Repo } from '../solv/index.js';
import { BuildrootResolver, GROUP_REQUEST, SolveService, SourceIndex } from '../buildroots/index.js';
import { solveSources } from './closure.js';
import { ownProblems } from './problems.js';

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
  /** A running solve service over the pool's binary repos, when the caller has one (started with the same `weak`). */
  service?: SolveService;
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
  let groupProblems: Problem[] = [];
  const failures: VerifyFailure[] = [];
  const service = options.service ?? (await SolveService.start(pool, binaryRepos, group, options));
  try {
    await service.restrict(allowed);
    const resolver = new BuildrootResolver(pool, group, options.weak ?? false);
    try {
      groupProblems = ownProblems(resolver.problems(GROUP_REQUEST).problems);
      const groupTexts = new Set(groupProblems.map((p) => p.text));
      const outcomes = await solveSources(index, service, known);
      const explain = options.explain ?? 20;
      known.forEach((s, i) => {
        if (outcomes[i].ok) return;
        failures.push({ source: s, problems: failures.length < explain ? ownProblems(resolver.problems(index.request(s)).problems, groupTexts) : [] });
      });
    } finally {
      resolver.free();
    }
  } finally {
    await service.restrict(undefined);
    if (!options.service) await service.close();
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
