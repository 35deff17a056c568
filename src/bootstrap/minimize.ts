/**
 * Minimising a self-hosting set of sources: try to drop each source and its binaries; keep it out
 * when every buildroot that used one of those binaries (and the build group) still installs from
 * the binaries of the sources left, re-solved with the set's binaries favoured. Sources nobody
 * else needs go at once; sources no longer reachable from the build group go too. When nothing
 * can be dropped, removing any one source breaks self-hosting.
 *
 * Only buildroots that used a dropped binary are solved again: every other buildroot keeps its
 * solution, which is still inside the smaller set. A source is tried again only when a binary of
 * it loses a user, the one event that can make its removal succeed where it failed.
 */
import { favorSolvable, lockSolvable, type Job, type Solver } from '../solv/index.js';
import { buildrootJobs, buildrootSolver, groupJobs } from './resolve.js';
import type { SourceIndex } from './buildroot-index.js';

/** A self-hosting set as the minimiser reads and writes it. */
export interface SolvedSet {
  /** Binaries the build group installs. */
  groupSolution: Int32Array;
  /** Each source's buildroot (solvable ids); its keys are the set's sources. */
  solutions: Map<string, Int32Array>;
  /** Level of each source, used to try the latest-added first. */
  levels: Map<string, number>;
}

/** What minimisation did. */
export interface MinimizeStats {
  /** Sources dropped, sorted. */
  removed: string[];
  /** Removal attempts. */
  trials: number;
  /** Attempts refused without a solve (a BuildRequires or group name with no provider left). */
  quickRejects: number;
  /** Buildroot solves. */
  solves: number;
  /** Seconds. */
  seconds: number;
}

/** Options of {@link minimizeSet}. */
export interface MinimizeOptions {
  /** Install weak dependencies (mock does not). */
  weak?: boolean;
}

const GROUP = -1;

/** Drops sources from `set` (in place) until none can be dropped; see the module comment. */
export function minimizeSet(index: SourceIndex, group: readonly string[], set: SolvedSet, options: MinimizeOptions = {}): MinimizeStats {
  const t0 = performance.now();
  const pool = index.pool;
  const names = [...set.solutions.keys()].sort();
  const id = new Map(names.map((n, i) => [n, i] as const));
  const alive = new Uint8Array(names.length).fill(1);
  const sol: Int32Array[] = names.map((n) => set.solutions.get(n)!);
  let groupSol = set.groupSolution;
  const stats: MinimizeStats = { removed: [], trials: 0, quickRejects: 0, solves: 0, seconds: 0 };

  // Who uses each binary: owner index, or GROUP.
  const users = new Map<number, Set<number>>();
  const use = (owner: number, bins: Int32Array, add: boolean) => {
    for (const p of bins) {
      let u = users.get(p);
      if (add) {
        if (!u) users.set(p, (u = new Set()));
        u.add(owner);
      } else u?.delete(owner);
    }
  };
  use(GROUP, groupSol, true);
  sol.forEach((b, i) => use(i, b, true));

  // The universe: binaries of the sources still in the set.
  const universe = new Set<number>();
  for (const n of names) for (const p of index.binariesOf(n)) universe.add(p);
  let solver: Solver | undefined;
  let dirty = true;
  /** Restricts the pool to the universe, lazily: after drops, before the next solve or lookup. */
  const ready = () => {
    if (!dirty) return;
    solver?.free();
    index.restrict(universe);
    solver = buildrootSolver(pool, options.weak ?? false);
    dirty = false;
  };
  const gj = groupJobs(pool, group);
  const depIds = new Map<string, number>();
  const depId = (d: string) => depIds.get(d) ?? (depIds.set(d, pool.parseDep(d).id), depIds.get(d)!);

  // Worklist: latest level first, then by name.
  const order = names.map((_, i) => i).sort((a, b) => (set.levels.get(names[b]) ?? 0) - (set.levels.get(names[a]) ?? 0) || a - b);
  const queue: number[] = [...order];
  let head = 0;
  const queued = new Uint8Array(names.length).fill(1);
  const requeue = (bins: Iterable<number>) => {
    for (const p of bins) {
      const j = id.get(index.sourceOf(p));
      if (j !== undefined && alive[j] && !queued[j]) {
        queued[j] = 1;
        queue.push(j);
      }
    }
  };

  /** False when some job of `owner` certainly has no provider once `drop` is gone. */
  const quickCheck = (owner: number, drop: Set<number>): boolean => {
    if (owner === GROUP) {
      for (const g of group) {
        const nid = pool.str2id(g);
        if (![...pool.whatProvidesIds(nid)].some((p) => !drop.has(p) && index.name(p) === g)) return false;
      }
      return true;
    }
    for (const d of index.request(names[owner]).requires) {
      if (d.startsWith('(')) continue; // rich: the solver decides
      if (![...pool.whatProvidesIds(depId(d))].some((p) => !drop.has(p))) return false;
    }
    return true;
  };

  const solve = (owner: number, drop: Set<number>, favored: Job[]): Int32Array | undefined => {
    const base = owner === GROUP ? gj : buildrootJobs(pool, index.request(names[owner]), gj).jobs;
    const jobs = [...base, ...[...drop].map(lockSolvable), ...favored];
    stats.solves++;
    if (solver!.solveCount(jobs) > 0) return undefined;
    return solver!.decidedInstalls().sort();
  };

  const drop = (i: number, replaced: Map<number, Int32Array>) => {
    alive[i] = 0;
    stats.removed.push(names[i]);
    const freed: number[] = [...sol[i]];
    use(i, sol[i], false);
    for (const [o, s] of replaced) {
      const old = o === GROUP ? groupSol : sol[o];
      use(o, old, false);
      use(o, s, true);
      freed.push(...old);
      if (o === GROUP) groupSol = s;
      else sol[o] = s;
    }
    for (const p of index.binariesOf(names[i])) universe.delete(p);
    dirty = true;
    requeue(freed);
  };

  const tryRemove = (i: number): boolean => {
    stats.trials++;
    const bins = new Set(index.binariesOf(names[i]));
    const owners = new Set<number>();
    for (const p of bins) for (const o of users.get(p) ?? []) if (o !== i) owners.add(o);
    if (!owners.size) {
      drop(i, new Map());
      return true;
    }
    const list = [...owners].sort((a, b) => a - b); // GROUP (-1) first
    ready();
    for (const o of list) {
      if (!quickCheck(o, bins)) {
        stats.quickRejects++;
        return false;
      }
    }
    const favored: Job[] = [];
    for (const [p, u] of users) if (u.size && !bins.has(p)) favored.push(favorSolvable(p));
    const replaced = new Map<number, Int32Array>();
    for (const o of list) {
      const s = solve(o, bins, favored);
      if (!s) return false;
      replaced.set(o, s);
    }
    drop(i, replaced);
    return true;
  };

  /** Sources not reachable from the build group through the buildroots of reachable sources. */
  const unreachable = (): number[] => {
    const seen = new Uint8Array(names.length);
    const stack: number[] = [];
    const visit = (bins: Int32Array) => {
      for (const p of bins) {
        const j = id.get(index.sourceOf(p));
        if (j !== undefined && alive[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    };
    visit(groupSol);
    while (stack.length) visit(sol[stack.pop()!]);
    return names.map((_, i) => i).filter((i) => alive[i] && !seen[i]);
  };

  try {
    for (;;) {
      while (head < queue.length) {
        const i = queue[head++];
        queued[i] = 0;
        if (alive[i]) tryRemove(i);
      }
      const lost = unreachable();
      if (!lost.length) break;
      for (const i of lost) drop(i, new Map());
    }
  } finally {
    solver?.free();
    index.restrict(undefined);
  }
  set.groupSolution = groupSol;
  for (const n of stats.removed) {
    set.solutions.delete(n);
    set.levels.delete(n);
  }
  names.forEach((n, i) => alive[i] && set.solutions.set(n, sol[i]));
  stats.removed.sort();
  stats.seconds = (performance.now() - t0) / 1000;
  return stats;
}
