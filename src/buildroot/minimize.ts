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
import { BuildrootResolver, GROUP_REQUEST, type SourceIndex } from '../buildroots/index.js';

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

/** The build group, as an owner of a buildroot. */
const GROUP = -1;

/** Drops sources from `set` (in place) until none can be dropped; see the module comment. */
export function minimizeSet(index: SourceIndex, group: readonly string[], set: SolvedSet, options: MinimizeOptions = {}): MinimizeStats {
  const t0 = performance.now();
  const m = new Minimizer(index, group, set, options.weak ?? false);
  try {
    m.run();
  } finally {
    m.free();
  }
  m.writeBack(set);
  m.stats.seconds = (performance.now() - t0) / 1000;
  return m.stats;
}

/**
 * The minimiser's state and its steps: sources by index (alive or dropped), each one's buildroot,
 * who uses each binary, the universe of binaries still allowed, and the worklist.
 */
class Minimizer {
  readonly stats: MinimizeStats = { removed: [], trials: 0, quickRejects: 0, solves: 0, seconds: 0 };
  readonly #index: SourceIndex;
  readonly #group: readonly string[];
  readonly #names: string[];
  readonly #id: Map<string, number>;
  readonly #alive: Uint8Array;
  readonly #sol: Int32Array[];
  #groupSol: Int32Array;
  /** Who uses each binary: owner index, or GROUP. */
  readonly #users = new Map<number, Set<number>>();
  /** The binaries of the sources still in the set. */
  readonly #universe = new Set<number>();
  /** The pool is restricted to the universe lazily: after drops, before the next solve or lookup. */
  #dirty = true;
  readonly #resolver: BuildrootResolver;
  readonly #queue: number[];
  #head = 0;
  readonly #queued: Uint8Array;

  constructor(index: SourceIndex, group: readonly string[], set: SolvedSet, weak: boolean) {
    this.#index = index;
    this.#group = group;
    this.#names = [...set.solutions.keys()].sort();
    this.#id = new Map(this.#names.map((n, i) => [n, i] as const));
    this.#alive = new Uint8Array(this.#names.length).fill(1);
    this.#sol = this.#names.map((n) => set.solutions.get(n)!);
    this.#groupSol = set.groupSolution;
    this.#use(GROUP, this.#groupSol, true);
    this.#sol.forEach((b, i) => this.#use(i, b, true));
    for (const n of this.#names) for (const p of index.binariesOf(n)) this.#universe.add(p);
    this.#resolver = new BuildrootResolver(index.pool, group, weak);
    // Worklist: latest level first, then by name.
    this.#queue = this.#names.map((_, i) => i).sort((a, b) => (set.levels.get(this.#names[b]) ?? 0) - (set.levels.get(this.#names[a]) ?? 0) || a - b);
    this.#queued = new Uint8Array(this.#names.length).fill(1);
  }

  /** Tries every queued source; then drops what the group no longer reaches; until neither changes anything. */
  run(): void {
    for (;;) {
      while (this.#head < this.#queue.length) {
        const i = this.#queue[this.#head++];
        this.#queued[i] = 0;
        if (this.#alive[i]) this.#tryRemove(i);
      }
      const lost = this.#unreachable();
      if (!lost.length) break;
      for (const i of lost) this.#drop(i, new Map());
    }
  }

  /** Frees the solvers and lifts the pool's restriction. */
  free(): void {
    this.#resolver.free();
    this.#index.restrict(undefined);
  }

  /** Writes the smaller set back into `set`. */
  writeBack(set: SolvedSet): void {
    set.groupSolution = this.#groupSol;
    for (const n of this.stats.removed) {
      set.solutions.delete(n);
      set.levels.delete(n);
    }
    this.#names.forEach((n, i) => this.#alive[i] && set.solutions.set(n, this.#sol[i]));
    this.stats.removed.sort();
  }

  #use(owner: number, bins: Int32Array, add: boolean): void {
    for (const p of bins) {
      let u = this.#users.get(p);
      if (add) {
        if (!u) this.#users.set(p, (u = new Set()));
        u.add(owner);
      } else u?.delete(owner);
    }
  }

  #ready(): void {
    if (!this.#dirty) return;
    this.#index.restrict(this.#universe); // the resolver starts a new solver for the new index
    this.#dirty = false;
  }

  /** Queues again the alive sources of `bins`. */
  #requeue(bins: Iterable<number>): void {
    for (const p of bins) {
      const j = this.#id.get(this.#index.sourceOf(p));
      if (j !== undefined && this.#alive[j] && !this.#queued[j]) {
        this.#queued[j] = 1;
        this.#queue.push(j);
      }
    }
  }

  /** False when some job of `owner` certainly has no provider once `drop` is gone. */
  #quickCheck(owner: number, drop: Set<number>): boolean {
    const { pool } = this.#index;
    if (owner === GROUP) {
      for (const g of this.#group) {
        const nid = pool.str2id(g);
        if (![...pool.whatProvidesIds(nid)].some((p) => !drop.has(p) && this.#index.name(p) === g)) return false;
      }
      return true;
    }
    for (const d of this.#index.request(this.#names[owner]).requires) {
      if (d.startsWith('(')) continue; // rich: the solver decides
      if (![...pool.whatProvidesIds(pool.parseDep(d).id)].some((p) => !drop.has(p))) return false;
    }
    return true;
  }

  /** The buildroot of `owner` with `drop` locked out and `favor` favoured, or undefined when it does not install. */
  #solve(owner: number, drop: Int32Array, favor: Int32Array): Int32Array | undefined {
    const req = owner === GROUP ? GROUP_REQUEST : this.#index.request(this.#names[owner]);
    this.stats.solves++;
    const o = this.#resolver.resolve(req, { lock: drop, favor });
    return o.ok ? o.installed : undefined;
  }

  /** Drops source `i`; `replaced` holds the new buildroots of the owners that used its binaries. */
  #drop(i: number, replaced: Map<number, Int32Array>): void {
    this.#alive[i] = 0;
    this.stats.removed.push(this.#names[i]);
    const freed: number[] = [...this.#sol[i]];
    this.#use(i, this.#sol[i], false);
    for (const [o, s] of replaced) {
      const old = o === GROUP ? this.#groupSol : this.#sol[o];
      this.#use(o, old, false);
      this.#use(o, s, true);
      freed.push(...old);
      if (o === GROUP) this.#groupSol = s;
      else this.#sol[o] = s;
    }
    for (const p of this.#index.binariesOf(this.#names[i])) this.#universe.delete(p);
    this.#dirty = true;
    this.#requeue(freed);
  }

  /** One trial: drop source `i` when every buildroot that used its binaries installs without them. */
  #tryRemove(i: number): boolean {
    this.stats.trials++;
    const bins = new Set(this.#index.binariesOf(this.#names[i]));
    const owners = new Set<number>();
    for (const p of bins) for (const o of this.#users.get(p) ?? []) if (o !== i) owners.add(o);
    if (!owners.size) {
      this.#drop(i, new Map());
      return true;
    }
    const list = [...owners].sort((a, b) => a - b); // GROUP (-1) first
    this.#ready();
    for (const o of list) {
      if (!this.#quickCheck(o, bins)) {
        this.stats.quickRejects++;
        return false;
      }
    }
    const favored: number[] = [];
    for (const [p, u] of this.#users) if (u.size && !bins.has(p)) favored.push(p);
    const lock = Int32Array.from(bins);
    const favor = Int32Array.from(favored);
    const replaced = new Map<number, Int32Array>();
    for (const o of list) {
      const s = this.#solve(o, lock, favor);
      if (!s) return false;
      replaced.set(o, s);
    }
    this.#drop(i, replaced);
    return true;
  }

  /** Sources not reachable from the build group through the buildroots of reachable sources. */
  #unreachable(): number[] {
    const seen = new Uint8Array(this.#names.length);
    const stack: number[] = [];
    const visit = (bins: Int32Array) => {
      for (const p of bins) {
        const j = this.#id.get(this.#index.sourceOf(p));
        if (j !== undefined && this.#alive[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    };
    visit(this.#groupSol);
    while (stack.length) visit(this.#sol[stack.pop()!]);
    return this.#names.map((_, i) => i).filter((i) => this.#alive[i] && !seen[i]);
  }
}
