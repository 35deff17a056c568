/**
 * The build closure of a build group: the group's install closure, the sources of those binaries,
 * their buildroots (BuildRequires + group), the sources of the new binaries, and so on to a
 * fixpoint. Each round's new sources are resolved on every core, first inside the binaries of
 * the sources already in the set (so a choice among providers reuses the set) and, where that
 * cannot work, against every binary with the set's binaries favoured.
 */
import type { Problem } from '../solv/index.js';
import { buildrootJobs, buildrootSolver, groupJobs, type BuildrootRequest } from './resolve.js';
import type { SourceIndex } from './buildroot-index.js';
import type { BatchExtras, BuildrootSolvers } from './buildroot-solvers.js';
import type { SolveOutcome } from './buildroot-solve.js';

/** One round of the closure. */
export interface ClosureRound {
  /** The level of the sources resolved in it (0: the build group's sources). */
  level: number;
  /** Sources resolved. */
  sources: number;
  /** Of them, resolved inside the binaries of the set so far. */
  reused: number;
  /** Binaries in the set after the round. */
  binaries: number;
  /** Seconds the round took. */
  seconds: number;
}

/** The closure as data: every buildroot solution, by source. */
export interface Closure {
  /** Binaries the build group installs (solvable ids, ascending); empty when it does not install. */
  groupSolution: Int32Array;
  /** Problems of the build group itself (empty when it installs). */
  groupProblems: Problem[];
  /** The buildroot of each source in the set (solvable ids, ascending), for sources that resolve. */
  solutions: Map<string, Int32Array>;
  /** The level at which each source entered (0: source of a binary of the group's closure). */
  levels: Map<string, number>;
  /** Sources in the set whose buildroot cannot be installed, with the solver's explanation. */
  unresolvable: { source: string; problems: Problem[] }[];
  /** Binaries in the set whose source package is not in the source repos. */
  missingSources: { binary: string; source: string }[];
  /** The rounds, in order. */
  rounds: ClosureRound[];
}

/** Options of {@link buildrootClosure}. */
export interface ClosureOptions {
  /** Resolve inside the set's binaries first (default true); false gives the plain closure. */
  reuse?: boolean;
  /** Install weak dependencies (mock does not); must match how `solvers` were started. */
  weak?: boolean;
}

/**
 * Solves the buildroots of sources `names` with `solvers`, sources with the same BuildRequires
 * and BuildConflicts sharing one solve. Results in `names` order.
 */
export async function solveSources(index: SourceIndex, solvers: BuildrootSolvers, names: readonly string[], extras: BatchExtras = {}): Promise<SolveOutcome[]> {
  const keyOf = new Map<string, number>();
  const requests: BuildrootRequest[] = [];
  const which = names.map((n) => {
    const r = index.request(n);
    const key = JSON.stringify([[...r.requires].sort(), [...r.conflicts].sort()]);
    let k = keyOf.get(key);
    if (k === undefined) {
      keyOf.set(key, (k = requests.length));
      requests.push(r);
    }
    return k;
  });
  const outcomes = requests.length ? await solvers.solve(requests, extras) : [];
  return which.map((k) => outcomes[k]);
}

/** Computes the closure of `group` to a fixpoint (see the module comment). */
export async function buildrootClosure(index: SourceIndex, solvers: BuildrootSolvers, group: readonly string[], options: ClosureOptions = {}): Promise<Closure> {
  const pool = index.pool;
  const reuse = options.reuse ?? true;
  const gj = groupJobs(pool, group);
  await solvers.restrict(undefined);
  const solver = buildrootSolver(pool, options.weak ?? false);
  const out: Closure = { groupSolution: new Int32Array(0), groupProblems: [], solutions: new Map(), levels: new Map(), unresolvable: [], missingSources: [], rounds: [] };
  try {
    out.groupProblems = solver.solve(gj);
    if (out.groupProblems.length) return out;
    out.groupSolution = solver.decidedInstalls().sort();
  } finally {
    solver.free();
  }
  const depIds = new Map<string, number>();
  const depId = (d: string) => depIds.get(d) ?? (depIds.set(d, pool.parseDep(d).id), depIds.get(d)!);
  const binaries = new Set<number>(out.groupSolution);
  const inSet = new Set<number>(); // binaries of every source in the set (what reuse may pick from)
  const missing = new Map<string, string>();
  const newSources = (bins: Iterable<number>, level: number): string[] => {
    const found = new Set<string>();
    for (const p of bins) {
      const s = index.sourceOf(p);
      if (out.levels.has(s) || missing.has(s)) continue;
      if (!index.hasSource(s)) {
        missing.set(s, index.name(p));
        continue;
      }
      found.add(s);
    }
    const list = [...found].sort();
    for (const s of list) {
      out.levels.set(s, level);
      for (const p of index.binariesOf(s)) inSet.add(p);
    }
    return list;
  };
  let todo = newSources(out.groupSolution, 0);
  for (let level = 0; todo.length; level++) {
    const t0 = performance.now();
    const outcome = new Map<string, SolveOutcome>();
    let pending = todo;
    if (reuse) {
      await solvers.restrict(inSet);
      // A BuildRequires nothing in the set provides: no point trying inside the set.
      const hopeful = pending.filter((s) => index.request(s).requires.every((d) => d.startsWith('(') || pool.whatProvidesIds(depId(d)).length > 0));
      const first = await solveSources(index, solvers, hopeful);
      hopeful.forEach((s, i) => first[i].ok && outcome.set(s, first[i]));
      pending = pending.filter((s) => !outcome.has(s));
      await solvers.restrict(undefined);
    }
    const reused = todo.length - pending.length;
    const second = await solveSources(index, solvers, pending, reuse ? { favor: Int32Array.from(inSet).sort() } : {});
    pending.forEach((s, i) => outcome.set(s, second[i]));
    const fresh: number[] = [];
    for (const s of todo) {
      const o = outcome.get(s)!;
      if (!o.ok) {
        out.unresolvable.push({ source: s, problems: [] });
        continue;
      }
      out.solutions.set(s, o.installed);
      for (const p of o.installed) {
        if (!binaries.has(p)) {
          binaries.add(p);
          fresh.push(p);
        }
      }
    }
    todo = newSources(fresh, level + 1);
    out.rounds.push({ level, sources: outcome.size, reused, binaries: binaries.size, seconds: (performance.now() - t0) / 1000 });
  }
  // Explanations for the rare unresolvable sources, solved again here.
  if (out.unresolvable.length) {
    const s2 = buildrootSolver(pool, options.weak ?? false);
    try {
      for (const u of out.unresolvable) u.problems = s2.solve(buildrootJobs(pool, index.request(u.source), gj).jobs);
    } finally {
      s2.free();
    }
    out.unresolvable.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }
  out.missingSources = [...missing].map(([source, binary]) => ({ binary, source })).sort((a, b) => (a.binary < b.binary ? -1 : a.binary > b.binary ? 1 : 0));
  return out;
}
