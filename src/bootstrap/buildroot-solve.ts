/**
 * One buildroot solve with favor and lock jobs added, the same in this thread and in the
 * buildroot workers (buildroot-worker.ts).
 */
import { favorSolvable, lockSolvable, type Job, type Pool, type Solver } from '../solv/index.js';
import { buildrootJobs, buildrootSolver, groupJobs, SOLVER_RECYCLE, type BuildrootRequest } from './resolve.js';

/** What every solver of a BuildrootSolvers set is told once. */
export interface SolverSetup {
  /** Build group names. */
  group: string[];
  /** Install weak dependencies. */
  weak: boolean;
}

/** The outcome of one solve. */
export interface SolveOutcome {
  /** False when the buildroot cannot be installed. */
  ok: boolean;
  /** Solvable ids of the buildroot, ascending (empty when not ok). */
  installed: Int32Array;
}

/** Favor and lock lists as jobs. */
export function extraJobs(favor: ArrayLike<number> | null | undefined, lock: ArrayLike<number> | null | undefined): Job[] {
  const jobs: Job[] = [];
  if (lock) for (let i = 0; i < lock.length; i++) jobs.push(lockSolvable(lock[i]));
  if (favor) for (let i = 0; i < favor.length; i++) jobs.push(favorSolvable(favor[i]));
  return jobs;
}

/** A solver over one pool that can be reset after the pool's restriction changes. */
export class LocalSolver {
  readonly #pool: Pool;
  readonly #setup: SolverSetup;
  #solver: Solver;
  #group: Job[];
  #extras: { favor?: unknown; lock?: unknown; jobs: Job[] } = { jobs: [] };
  #solves = 0;

  /** A solver over `pool` as it is now. */
  constructor(pool: Pool, setup: SolverSetup) {
    this.#pool = pool;
    this.#setup = setup;
    this.#solver = buildrootSolver(pool, setup.weak);
    this.#group = groupJobs(pool, setup.group);
  }

  /** Call after the pool's restriction changed (and its provides index was rebuilt). */
  reset(): void {
    this.#solver.free();
    this.#solver = buildrootSolver(this.#pool, this.#setup.weak);
  }

  /** Solves one buildroot with the extras' jobs added. */
  solve(req: BuildrootRequest, extras: { favor?: ArrayLike<number> | null; lock?: ArrayLike<number> | null } = {}): SolveOutcome {
    if (++this.#solves % SOLVER_RECYCLE === 0) this.reset(); // see BuildrootResolver
    if (this.#extras.favor !== extras.favor || this.#extras.lock !== extras.lock) this.#extras = { favor: extras.favor, lock: extras.lock, jobs: extraJobs(extras.favor, extras.lock) };
    const { jobs } = buildrootJobs(this.#pool, req, this.#group);
    if (this.#solver.solveCount([...jobs, ...this.#extras.jobs]) > 0) return { ok: false, installed: new Int32Array(0) };
    return { ok: true, installed: this.#solver.decidedInstalls().sort() };
  }

  /** Frees the solver. */
  free(): void {
    this.#solver.free();
  }
}
