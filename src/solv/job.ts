/** Job: what the solver is asked to do, as libsolv's (how, what) pair. */
import { C } from '../native/index.js';
import { handleOf } from './lifetime.js';
import { bindingsOf, type Pool } from './pool.js';

/** One solver job: `how` combines a SOLVER_* command with a SOLVER_SOLVABLE* selector; `what` is its argument. */
export interface Job {
  /** Command and selector bits. */
  how: number;
  /** Solvable id, name id, dependency id or queue offset, depending on the selector. */
  what: number;
}

/** Install one of the packages that provide `dep` (a dependency id). */
export function installProvides(dep: number): Job {
  return { how: C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_PROVIDES, what: dep };
}

/** Install exactly solvable `p`. */
export function installSolvable(p: number): Job {
  return { how: C.SOLVER_INSTALL | C.SOLVER_SOLVABLE, what: p };
}

/** Favour solvable `p` when there is a choice (libsolv's favor job). */
export function favorSolvable(p: number): Job {
  return { how: C.SOLVER_FAVOR | C.SOLVER_SOLVABLE, what: p };
}

/** Disfavour solvable `p` when there is a choice. */
export function disfavorSolvable(p: number): Job {
  return { how: C.SOLVER_DISFAVOR | C.SOLVER_SOLVABLE, what: p };
}

/** Never install solvable `p` (a lock on an uninstalled package). */
export function lockSolvable(p: number): Job {
  return { how: C.SOLVER_LOCK | C.SOLVER_SOLVABLE, what: p };
}

/** Rewrites each job's command, keeping its selector: e.g. turn a selection into install jobs. */
export function withCommand(jobs: Job[], command: number): Job[] {
  return jobs.map((j) => ({ how: (j.how & ~C.SOLVER_JOBMASK) | command, what: j.what }));
}

/** The job in testcase syntax, e.g. `job install name foo`. */
export function jobToString(pool: Pool, job: Job): string {
  return bindingsOf(pool).job2str(handleOf(pool), job.how, job.what);
}
