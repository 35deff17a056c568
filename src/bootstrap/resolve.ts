/**
 * Resolving buildroots: one libsolv solve per request (BuildRequires + build group, BuildConflicts
 * kept out), returning the installed binaries and which of them satisfy a BuildRequires directly.
 * The same code runs in the main thread and in worker threads (see parallel.ts).
 */
import { constants as C, installProvides, type Job, type Pool, type Solver } from '../solv/index.js';

/** One buildroot to resolve, as dependency texts (so it can cross to a worker's pool). */
export interface BuildrootRequest {
  /** BuildRequires. */
  requires: string[];
  /** BuildConflicts. */
  conflicts: string[];
}

/** The outcome of one request. */
export interface BuildrootOutcome {
  /** False when the buildroot cannot be installed (the caller re-solves for the explanation). */
  ok: boolean;
  /** Solvable ids of the buildroot, ascending. */
  installed: Int32Array;
  /** Pairs (solvable id, index into `requires`) of binaries that satisfy a BuildRequires directly. */
  direct: Int32Array;
}

/** The build group as solver jobs: install each named package (what koji and mock do with the group). */
export function groupJobs(pool: Pool, group: readonly string[]): Job[] {
  return group.map((name) => ({ how: C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_NAME, what: pool.str2id(name) }));
}

/** A solver configured as mock's dnf is for buildroots: weak dependencies off unless asked for. */
export function buildrootSolver(pool: Pool, weak: boolean): Solver {
  const solver = pool.createSolver();
  solver.setFlag('ignoreRecommended', !weak);
  return solver;
}

/** The jobs of one buildroot: the group, each BuildRequires, and each BuildConflicts kept out. */
export function buildrootJobs(pool: Pool, req: BuildrootRequest, group: Job[]): { jobs: Job[]; requireIds: number[] } {
  const jobs: Job[] = [...group];
  const requireIds = req.requires.map((r) => pool.parseDep(r).id);
  for (const d of requireIds) jobs.push(installProvides(d));
  for (const c of req.conflicts) jobs.push({ how: C.SOLVER_ERASE | C.SOLVER_SOLVABLE_PROVIDES, what: pool.parseDep(c).id });
  return { jobs, requireIds };
}

/** Resolves one buildroot with `solver` (reused across calls). */
export function resolveBuildroot(pool: Pool, solver: Solver, req: BuildrootRequest, group: Job[]): BuildrootOutcome {
  const { jobs, requireIds } = buildrootJobs(pool, req, group);
  if (solver.solveCount(jobs) > 0) return { ok: false, installed: new Int32Array(0), direct: new Int32Array(0) };
  const installed = solver.decidedInstalls().sort();
  const inRoot = new Set(installed);
  const direct: number[] = [];
  const seen = new Set<number>();
  requireIds.forEach((d, k) => {
    for (const q of pool.whatProvidesIds(d)) {
      if (inRoot.has(q) && !seen.has(q)) {
        seen.add(q);
        direct.push(q, k);
      }
    }
  });
  return { ok: true, installed, direct: Int32Array.from(direct) };
}

/**
 * Solves after which {@link BuildrootResolver} starts a new solver. libsolv keeps the package
 * rules of every earlier solve in a reused solver (so it need not create them again) and every
 * solve then pays for all it keeps: on Debian's 34k sources, sorted by name, a solver replaced
 * every 500 solves is about 30% faster than one kept for thousands (bench/readiness.ts).
 */
export const SOLVER_RECYCLE = 500;

/**
 * Resolves buildroots one after another, with a solver replaced every {@link SOLVER_RECYCLE}
 * solves. A solve's result does not depend on what the solver solved before, only its cost does.
 */
export class BuildrootResolver {
  readonly #pool: Pool;
  readonly #weak: boolean;
  readonly #group: Job[];
  #solver: Solver;
  #solves = 0;

  constructor(pool: Pool, group: readonly string[], weak: boolean) {
    this.#pool = pool;
    this.#weak = weak;
    this.#group = groupJobs(pool, group);
    this.#solver = buildrootSolver(pool, weak);
  }

  /** One buildroot (see {@link resolveBuildroot}). */
  resolve(req: BuildrootRequest): BuildrootOutcome {
    if (++this.#solves % SOLVER_RECYCLE === 0) {
      this.#solver.free();
      this.#solver = buildrootSolver(this.#pool, this.#weak);
    }
    return resolveBuildroot(this.#pool, this.#solver, req, this.#group);
  }

  /** Frees the solver. */
  free(): void {
    this.#solver.free();
  }
}
