/**
 * Why a buildroot does not install, as data: one {@link Cause} per fact, built from libsolv's
 * structured rule info (rule kind, solvable ids, dependency ids), never from its sentences.
 * `sentence.ts` turns causes into words.
 */
import { constants as C, type Job, type Pool, type Problem, type RuleInfo, type RuleKind } from '../solv/index.js';

/** Where a needed dependency comes from in a buildroot. */
export type Origin =
  /** A BuildRequires of the source. */
  | { by: 'build-requires' }
  /** A package name of the build group. */
  | { by: 'group' }
  /** The Requires of a package already in the buildroot. */
  | { by: 'package'; pkg: string };

/** How far the source of a missing binary is. */
export type BlockerState = 'not-built' | 'built' | 'unknown';

/** One fact of an explanation; `kind` selects the wording. */
export type Cause =
  /** A BuildRequires that nothing provides at all (libsolv: job_nothing_provides_dep). */
  | { kind: 'build-requires-unprovided'; dep: string }
  /** A build-group name that no package has (job_unknown_package). */
  | { kind: 'group-package-unknown'; name: string }
  /** A BuildRequires taking part in a conflict (job). */
  | { kind: 'build-requires'; dep: string }
  /** A build-group package taking part in a conflict (job). */
  | { kind: 'group-package'; name: string }
  /** A BuildConflicts taking part in a conflict (job, erase). */
  | { kind: 'build-conflicts'; dep: string }
  /** A package requires something nothing provides (pkg_nothing_provides_dep). */
  | { kind: 'requires-unprovided'; pkg: string; dep: string }
  /** A package requires something whose providers cannot be installed (pkg_requires). */
  | { kind: 'requires-uninstallable'; pkg: string; dep: string; providers: string[] }
  /** Two packages conflict (pkg_conflicts). */
  | { kind: 'conflicts'; pkg: string; other: string; dep: string }
  /** Two versions of one name (pkg_same_name). */
  | { kind: 'same-name'; pkg: string; other: string }
  /** A package obsoletes another (pkg_obsoletes, pkg_implicit_obsoletes, pkg_installed_obsoletes). */
  | { kind: 'obsoletes'; pkg: string; other: string; dep: string }
  /** A package the architecture policy refuses (pkg_not_installable). */
  | { kind: 'not-installable'; pkg: string }
  /** A package that conflicts with itself (pkg_self_conflict). */
  | { kind: 'self-conflict'; pkg: string; dep: string }
  /** Any other rule: libsolv's wording is kept for display. */
  | { kind: 'other'; rule: RuleKind; text: string }
  /**
   * Readiness: the upstream buildroot has `binary`, which the built repos lack; it is there to
   * satisfy `dep` (from `origin`), which `providers` provide, and it comes from source `blocker`.
   */
  | { kind: 'needs-unbuilt'; dep: string; origin: Origin; providers: string[]; binary: string; blocker: string; blockerState: BlockerState }
  /** Readiness: the buildroot fails from the built repos, yet every upstream buildroot package has a built counterpart. */
  | { kind: 'built-repos-differ' }
  /** Readiness: more blocking sources than the sentences kept (they are all in blockedBy). */
  | { kind: 'more-blockers'; count: number };

/** The causes of one problem of a solve, in libsolv's order, duplicates removed. */
export interface Explanation {
  /** What the source cannot do: `blocked` (not from built repos) or `unresolvable` (not at all). */
  verdict: 'blocked' | 'unresolvable';
  /** The facts; the sentence joins them. */
  causes: Cause[];
}

/** Rules libsolv uses internally that explain nothing to a person. */
const INTERNAL: ReadonlySet<RuleKind> = new Set<RuleKind>(['learnt', 'choice', 'best', 'recommends', 'pkg', 'feature', 'update', 'yumobs', 'black', 'distupgrade', 'infarch', 'unknown']);

/** Unique package names providing `dep`, sorted. */
export function providerNames(pool: Pool, dep: number): string[] {
  const names = new Set<string>();
  for (const p of pool.whatProvidesIds(dep)) {
    const s = pool.solvable(p);
    if (s.arch !== 'src' && s.arch !== 'nosrc') names.add(s.name);
  }
  return [...names].sort();
}

/**
 * One rule as a cause, or undefined when it is internal to the solver. `jobs` are the solved jobs:
 * a job rule is matched to its job by the dependency it carries (libsolv 0.7.23's allruleinfos
 * reports job rules with source and target 0, so the job's command is looked up there).
 */
export function causeOfRule(pool: Pool, r: RuleInfo, jobs: readonly Job[] = []): Cause | undefined {
  const name = (p: number) => pool.solvable(p).name;
  const dep = () => pool.dep2str(r.dep);
  switch (r.kind) {
    case 'job_nothing_provides_dep':
      return { kind: 'build-requires-unprovided', dep: dep() };
    case 'job_unknown_package':
      return { kind: 'group-package-unknown', name: dep() };
    case 'job': {
      // libsolv's ruleinfo gives (job index, how, what) as (source, target, dep) for job rules when it can.
      const job = r.target ? { how: r.target } : jobs.find((j) => j.what === r.dep);
      const how = (job?.how ?? 0) & (C.SOLVER_JOBMASK | C.SOLVER_SELECTMASK);
      if (how === (C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_NAME)) return { kind: 'group-package', name: dep() };
      if (how === (C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_PROVIDES)) return { kind: 'build-requires', dep: dep() };
      if ((how & C.SOLVER_JOBMASK) === C.SOLVER_ERASE) return { kind: 'build-conflicts', dep: dep() };
      return { kind: 'other', rule: r.kind, text: r.text };
    }
    case 'pkg_nothing_provides_dep':
      return { kind: 'requires-unprovided', pkg: name(r.source), dep: dep() };
    case 'pkg_requires':
      return { kind: 'requires-uninstallable', pkg: name(r.source), dep: dep(), providers: providerNames(pool, r.dep) };
    case 'pkg_conflicts':
      return { kind: 'conflicts', pkg: name(r.source), other: name(r.target), dep: dep() };
    case 'pkg_same_name':
      return { kind: 'same-name', pkg: name(r.source), other: name(r.target) };
    case 'pkg_obsoletes':
    case 'pkg_implicit_obsoletes':
    case 'pkg_installed_obsoletes':
      return { kind: 'obsoletes', pkg: name(r.source), other: name(r.target), dep: dep() };
    case 'pkg_not_installable':
      return { kind: 'not-installable', pkg: name(r.source) };
    case 'pkg_self_conflict':
      return { kind: 'self-conflict', pkg: name(r.source), dep: dep() };
    default:
      return INTERNAL.has(r.kind) ? undefined : { kind: 'other', rule: r.kind, text: r.text };
  }
}

/** The order causes are told in: the source's own jobs first, then packages, then the rest. */
const RANK: Record<Cause['kind'], number> = {
  'build-requires-unprovided': 0, 'group-package-unknown': 0, 'build-requires': 1, 'group-package': 1, 'build-conflicts': 1,
  'requires-unprovided': 2, 'requires-uninstallable': 2, conflicts: 3, 'same-name': 3, obsoletes: 3, 'not-installable': 3,
  'self-conflict': 3, other: 4, 'needs-unbuilt': 5, 'built-repos-differ': 5, 'more-blockers': 6,
};

/** Sorts causes for telling (stable, so libsolv's order decides within a rank) and drops duplicates. */
export function tidyCauses(causes: readonly Cause[]): Cause[] {
  const seen = new Set<string>();
  const out: Cause[] = [];
  for (const c of causes) {
    const key = JSON.stringify(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out.map((c, i) => [c, i] as const).sort((a, b) => RANK[a[0].kind] - RANK[b[0].kind] || a[1] - b[1]).map(([c]) => c);
}

/** The explanation of one problem of a failed buildroot solve of `jobs`. */
export function explainProblem(pool: Pool, problem: Problem, jobs: readonly Job[] = []): Explanation {
  const causes: Cause[] = [];
  for (const r of problem.rules) {
    const c = causeOfRule(pool, r, jobs);
    if (c) causes.push(c);
  }
  if (!causes.length) {
    const c = causeOfRule(pool, problem.primary, jobs);
    causes.push(c ?? { kind: 'other', rule: problem.primary.kind, text: problem.text });
  }
  return { verdict: 'unresolvable', causes: tidyCauses(causes) };
}
