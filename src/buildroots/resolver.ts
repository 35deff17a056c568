/**
 * Resolving buildroots in one thread: one libsolv solve per request (group + BuildRequires,
 * BuildConflicts kept out, favor and lock extras), returning the installed binaries and which of
 * them satisfy a BuildRequires directly. The solve service (service.ts) runs this same class in
 * this thread and in each of its worker threads.
 */
import type { Job, Pool, Problem, Solver } from '../solv/index.js';
import { buildrootJobs, buildrootSolver, extraJobs, groupJobs, type SolveExtras } from './jobs.js';
import type { BuildrootRequest } from './request.js';

/** The outcome of one request. */
export interface BuildrootOutcome {
  /** False when the buildroot cannot be installed (the caller re-solves for the explanation). */
  ok: boolean;
  /** Solvable ids of the buildroot, ascending (empty when not ok). */
  installed: Int32Array;
  /** Pairs (solvable id, index into `requires`) of binaries that satisfy a BuildRequires directly. */
  direct: Int32Array;
}

/**
 * Solves after which {@link BuildrootResolver} starts a new solver. libsolv keeps the package
 * rules of every earlier solve in a reused solver (so it need not create them again) and every
 * solve then pays for all it keeps: on Debian's 34k sources, sorted by name, a solver replaced
 * every 500 solves is about 30% faster than one kept for thousands (bench/readiness.ts).
 */
export const SOLVER_RECYCLE = 500;

/** A failed outcome (fresh arrays each time: workers transfer their buffers). */
const failed = (): BuildrootOutcome => ({ ok: false, installed: new Int32Array(0), direct: new Int32Array(0) });

/**
 * Resolves buildroots one after another over one pool, with a solver replaced every
 * {@link SOLVER_RECYCLE} solves and whenever the pool's provides index was rebuilt (a new
 * restriction). A solve's result does not depend on what the solver solved before, only its cost does.
 */
export class BuildrootResolver {
  readonly #pool: Pool;
  readonly #weak: boolean;
  readonly #group: Job[];
  #solver: Solver;
  #generation: number;
  #solves = 0;
  #extras: { favor?: unknown; lock?: unknown; jobs: Job[] } = { jobs: [] };
  #explainer?: Solver;
  #explainerGeneration = -1;

  /** A resolver over `pool` for buildroots of build group `group`. */
  constructor(pool: Pool, group: readonly string[], weak: boolean) {
    this.#pool = pool;
    this.#weak = weak;
    this.#group = groupJobs(pool, group);
    this.#solver = buildrootSolver(pool, weak);
    this.#generation = pool.indexGeneration;
  }

  /** Starts a new solver (done by itself after a restriction of the pool; see the class comment). */
  reset(): void {
    this.#solver.free();
    this.#solver = buildrootSolver(this.#pool, this.#weak);
    this.#generation = this.#pool.indexGeneration;
  }

  /** One buildroot, with `extras` added (an unchanged extras object reuses its jobs). */
  resolve(req: BuildrootRequest, extras: SolveExtras = {}): BuildrootOutcome {
    if (++this.#solves % SOLVER_RECYCLE === 0 || this.#pool.indexGeneration !== this.#generation) this.reset();
    if (this.#extras.favor !== extras.favor || this.#extras.lock !== extras.lock) this.#extras = { favor: extras.favor, lock: extras.lock, jobs: extraJobs(extras) };
    const { jobs, requireIds } = buildrootJobs(this.#pool, req, this.#group);
    if (this.#extras.jobs.length) jobs.push(...this.#extras.jobs);
    if (this.#solver.solveCount(jobs) > 0) return failed();
    const installed = this.#solver.decidedInstalls().sort();
    return { ok: true, installed, direct: this.#direct(installed, requireIds) };
  }

  /** Pairs (binary, index of the BuildRequires) for the binaries of `installed` that provide a BuildRequires, each binary once. */
  #direct(installed: Int32Array, requireIds: number[]): Int32Array {
    const inRoot = new Set(installed);
    const direct: number[] = [];
    const seen = new Set<number>();
    requireIds.forEach((d, k) => {
      for (const q of this.#pool.whatProvidesIds(d)) {
        if (inRoot.has(q) && !seen.has(q)) {
          seen.add(q);
          direct.push(q, k);
        }
      }
    });
    return Int32Array.from(direct);
  }

  /**
   * The solver's problems for `req` (empty when it installs) and the jobs they refer to: the
   * explanation of a failed outcome, from a solver of its own.
   */
  problems(req: BuildrootRequest): { problems: Problem[]; jobs: Job[] } {
    if (!this.#explainer || this.#explainerGeneration !== this.#pool.indexGeneration) {
      this.#explainer?.free();
      this.#explainer = buildrootSolver(this.#pool, this.#weak);
      this.#explainerGeneration = this.#pool.indexGeneration;
    }
    const { jobs } = buildrootJobs(this.#pool, req, this.#group);
    return { problems: this.#explainer.solve(jobs), jobs };
  }

  /** Frees the solvers. */
  free(): void {
    this.#solver.free();
    this.#explainer?.free();
  }
}
