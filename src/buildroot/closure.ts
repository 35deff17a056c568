/**
 * The build closure of a build group: the group's install closure, the sources of those binaries,
 * their buildroots (BuildRequires + group), the sources of the new binaries, and so on to a
 * fixpoint. Each round's new sources are resolved on every core, first inside the binaries of
 * the sources already in the set (so a choice among providers reuses the set) and, where that
 * cannot work, against every binary with the set's binaries favoured.
 */
import type { Problem } from '../solv/index.js';
import { BuildrootResolver, GROUP_REQUEST, RequestSet, type BuildrootOutcome, type SolveExtras, type SolveService, type SourceIndex } from '../buildroots/index.js';
import { ownProblems } from './problems.js';

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
  /** Install weak dependencies (mock does not); must match how `service` was started. */
  weak?: boolean;
}

/**
 * Solves the buildroots of sources `names` with `service`, sources with the same buildroot
 * request sharing one solve. Results in `names` order.
 */
export async function solveSources(index: SourceIndex, service: SolveService, names: readonly string[], extras: SolveExtras = {}): Promise<BuildrootOutcome[]> {
  const set = new RequestSet();
  const which = names.map((n) => set.add(index.request(n)));
  const outcomes = set.requests.length ? await service.solve(set.requests, extras) : [];
  return which.map((k) => outcomes[k]);
}

/** Computes the closure of `group` to a fixpoint (see the module comment). */
export async function buildrootClosure(index: SourceIndex, service: SolveService, group: readonly string[], options: ClosureOptions = {}): Promise<Closure> {
  const reuse = options.reuse ?? true;
  await service.restrict(undefined);
  const resolver = new BuildrootResolver(index.pool, group, options.weak ?? false);
  const out: Closure = { groupSolution: new Int32Array(0), groupProblems: [], solutions: new Map(), levels: new Map(), unresolvable: [], missingSources: [], rounds: [] };
  try {
    const g = resolver.resolve(GROUP_REQUEST);
    if (!g.ok) {
      out.groupProblems = ownProblems(resolver.problems(GROUP_REQUEST).problems);
      return out;
    }
    out.groupSolution = g.installed;
    const grow = new Growth(index, out);
    let todo = grow.newSources(out.groupSolution, 0);
    for (let level = 0; todo.length; level++) {
      const t0 = performance.now();
      const { outcome, reused } = await solveRound(index, service, todo, reuse ? grow.inSet : undefined);
      todo = grow.newSources(grow.settle(todo, outcome), level + 1);
      out.rounds.push({ level, sources: outcome.size, reused, binaries: grow.binaries.size, seconds: (performance.now() - t0) / 1000 });
    }
    // Explanations for the rare unresolvable sources, solved again here.
    for (const u of out.unresolvable) u.problems = ownProblems(resolver.problems(index.request(u.source)).problems);
    out.unresolvable.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    out.missingSources = grow.missingSources();
    return out;
  } finally {
    resolver.free();
  }
}

/**
 * One round: with `inSet` (reuse), first inside the set's binaries (for the sources whose every
 * plain BuildRequires something in the set provides), then the rest against every binary with
 * the set's binaries favoured.
 */
async function solveRound(index: SourceIndex, service: SolveService, todo: string[], inSet: Set<number> | undefined): Promise<{ outcome: Map<string, BuildrootOutcome>; reused: number }> {
  const pool = index.pool;
  const outcome = new Map<string, BuildrootOutcome>();
  let pending = todo;
  if (inSet) {
    await service.restrict(inSet);
    // A BuildRequires nothing in the set provides: no point trying inside the set.
    const hopeful = pending.filter((s) => index.request(s).requires.every((d) => d.startsWith('(') || pool.whatProvidesIds(pool.parseDep(d).id).length > 0));
    const first = await solveSources(index, service, hopeful);
    hopeful.forEach((s, i) => first[i].ok && outcome.set(s, first[i]));
    pending = pending.filter((s) => !outcome.has(s));
    await service.restrict(undefined);
  }
  const reused = todo.length - pending.length;
  const second = await solveSources(index, service, pending, inSet ? { favor: Int32Array.from(inSet).sort() } : {});
  pending.forEach((s, i) => outcome.set(s, second[i]));
  return { outcome, reused };
}

/** The set as it grows: its sources (by level), their binaries, and the binaries its buildroots hold. */
class Growth {
  /** Binaries of every buildroot so far, the group's included. */
  readonly binaries: Set<number>;
  /** Binaries of every source in the set (what reuse may pick from). */
  readonly inSet = new Set<number>();
  readonly #missing = new Map<string, string>(); // source the source repos lack -> a binary of it
  readonly #index: SourceIndex;
  readonly #out: Closure;

  constructor(index: SourceIndex, out: Closure) {
    this.#index = index;
    this.#out = out;
    this.binaries = new Set(out.groupSolution);
  }

  /** The sources of `bins` not yet in the set, sorted, entered at `level`. */
  newSources(bins: Iterable<number>, level: number): string[] {
    const index = this.#index;
    const found = new Set<string>();
    for (const p of bins) {
      const s = index.sourceOf(p);
      if (this.#out.levels.has(s) || this.#missing.has(s)) continue;
      if (!index.hasSource(s)) {
        this.#missing.set(s, index.name(p));
        continue;
      }
      found.add(s);
    }
    const list = [...found].sort();
    for (const s of list) {
      this.#out.levels.set(s, level);
      for (const p of index.binariesOf(s)) this.inSet.add(p);
    }
    return list;
  }

  /** Records the round's outcomes; returns the binaries no buildroot held before. */
  settle(todo: string[], outcome: Map<string, BuildrootOutcome>): number[] {
    const fresh: number[] = [];
    for (const s of todo) {
      const o = outcome.get(s)!;
      if (!o.ok) {
        this.#out.unresolvable.push({ source: s, problems: [] });
        continue;
      }
      this.#out.solutions.set(s, o.installed);
      for (const p of o.installed) {
        if (!this.binaries.has(p)) {
          this.binaries.add(p);
          fresh.push(p);
        }
      }
    }
    return fresh;
  }

  /** Binaries whose source the source repos lack, sorted by binary. */
  missingSources(): { binary: string; source: string }[] {
    return [...this.#missing].map(([source, binary]) => ({ binary, source })).sort((a, b) => (a.binary < b.binary ? -1 : a.binary > b.binary ? 1 : 0));
  }
}
