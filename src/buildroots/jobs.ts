/**
 * A buildroot solve as libsolv jobs, the way mock and koji set one up: install each build group
 * name, install a provider of each BuildRequires, keep each BuildConflicts out, weak dependencies
 * off; plus the favor and lock jobs the buildroot computations add.
 */
import { constants as C, favorSolvable, installProvides, lockSolvable, type Job, type Pool, type Solver } from '../solv/index.js';
import type { BuildrootRequest } from './request.js';

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

/** The jobs of one buildroot: the group, each BuildRequires, and each BuildConflicts kept out (in the request's order). */
export function buildrootJobs(pool: Pool, req: BuildrootRequest, group: readonly Job[]): { jobs: Job[]; requireIds: number[] } {
  const jobs: Job[] = [...group];
  const requireIds = req.requires.map((r) => pool.parseDep(r).id);
  for (const d of requireIds) jobs.push(installProvides(d));
  for (const c of req.conflicts) jobs.push({ how: C.SOLVER_ERASE | C.SOLVER_SOLVABLE_PROVIDES, what: pool.parseDep(c).id });
  return { jobs, requireIds };
}

/** Solvable ids to favour and to keep out, added to every solve of a batch. */
export interface SolveExtras {
  /** Favoured when there is a choice (libsolv favor jobs). */
  favor?: Int32Array | null;
  /** Never installed (lock jobs). */
  lock?: Int32Array | null;
}

/** Favor and lock lists as jobs: the locks first, then the favours. */
export function extraJobs(extras: SolveExtras): Job[] {
  const jobs: Job[] = [];
  if (extras.lock) for (const p of extras.lock) jobs.push(lockSolvable(p));
  if (extras.favor) for (const p of extras.favor) jobs.push(favorSolvable(p));
  return jobs;
}
