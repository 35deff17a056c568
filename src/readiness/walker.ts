/** Walking a buildroot: why each of its binaries is there, from the jobs along Requires (for blocker explanations). */
import type { Pool } from '../solv/index.js';
import type { Origin } from '../explain/index.js';

/**
 * Memoised dependency lookups in one pool, for walking many buildroots. Requires come sorted by
 * their text, so explanations do not depend on the order a repo's .solv form stores them in.
 */
export class DepCache {
  readonly #requires = new Map<number, number[]>();
  readonly #providers = new Map<number, Int32Array>();
  readonly #parsed = new Map<string, number>();
  readonly #text = new Map<number, string>();
  readonly #edges: (Int32Array | undefined)[] = [];
  readonly #names = new Map<number, string>();
  /** A cache over `pool`. */
  constructor(readonly pool: Pool) {}
  /**
   * The Requires of solvable `p` with their providers, flat: for each dependency (in the order of
   * {@link DepCache.requires}) its id, its number of providers, then the providers.
   */
  edges(p: number): Int32Array {
    let e = this.#edges[p];
    if (!e) {
      const flat: number[] = [];
      for (const d of this.requires(p)) {
        const ps = this.providers(d);
        flat.push(d, ps.length, ...ps);
      }
      this.#edges[p] = e = Int32Array.from(flat);
    }
    return e;
  }
  /** The string of name id `id`, memoised. */
  name(id: number): string {
    let s = this.#names.get(id);
    if (s === undefined) this.#names.set(id, (s = this.pool.id2str(id)));
    return s;
  }
  /** The Requires of solvable `p`, sorted by text. */
  requires(p: number): number[] {
    let r = this.#requires.get(p);
    if (!r) this.#requires.set(p, (r = this.sorted(this.pool.solvable(p).depIds('requires'))));
    return r;
  }
  /** Dependency ids in the order of their text. */
  sorted(ids: ArrayLike<number>): number[] {
    const text = (d: number) => this.#text.get(d) ?? (this.#text.set(d, this.pool.dep2str(d)), this.#text.get(d)!);
    // Each text looked up once, not at every comparison.
    const keyed = Array.from(ids, (d) => ({ d, t: text(d) }));
    return keyed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0)).map((k) => k.d);
  }
  /** The providers of dependency `d`. */
  providers(d: number): Int32Array {
    let r = this.#providers.get(d);
    if (!r) this.#providers.set(d, (r = this.pool.whatProvidesIds(d)));
    return r;
  }
  /** The id of dependency text `text`. */
  parse(text: string): number {
    let r = this.#parsed.get(text);
    if (r === undefined) this.#parsed.set(text, (r = this.pool.parseDep(text).id));
    return r;
  }
}

/**
 * Why each of `targets` is in the buildroot `installed`: breadth-first from the jobs (the
 * BuildRequires, then the group's names) along Requires, so each target gets the shortest chain's
 * last step: the dependency it satisfies and who needed it. One walker serves every buildroot of
 * a pool: its marks are stamped per walk instead of cleared (thousands of walks, 100k solvables).
 */
export class BuildrootWalker {
  readonly #inRoot: Int32Array;
  readonly #reached: Int32Array;
  readonly #target: Int32Array;
  readonly #depth: Int32Array;
  /** Per name id: 1 + its place in the build group (the first, for a name listed twice), 0 outside the group. */
  readonly #groupRank: Int32Array;
  #stamp = 0;

  /** A walker over the pool of `cache`; `groupNameIds` are the build group's names, in the group's order. */
  constructor(
    readonly cache: DepCache,
    readonly table: { name: Int32Array },
    groupNameIds: number[],
  ) {
    const n = table.name.length;
    this.#inRoot = new Int32Array(n);
    this.#reached = new Int32Array(n);
    this.#target = new Int32Array(n);
    this.#depth = new Int32Array(n);
    this.#groupRank = new Int32Array(groupNameIds.reduce((m, id) => Math.max(m, id + 1), 0));
    groupNameIds.forEach((id, k) => this.#groupRank[id] || (this.#groupRank[id] = k + 1));
  }

  /**
   * For each of `targets` in buildroot `installed` (jobs `requireIds` and the group): the
   * dependency it satisfies, who needed it, and its depth. With `enough`, the walk may stop once
   * targets of `enough.count` distinct groups (`enough.groupOf`, ids below 2^31) are found and
   * the depth they were found at is complete: every target of depth up to the last finished one
   * is then in the answer (with what a full walk gives), the deeper ones may be missing.
   */
  why(installed: Int32Array, requireIds: number[], targets: number[], enough?: { count: number; groupOf: (q: number) => number }): Map<number, { dep: number; origin: Origin; depth: number }> {
    const stamp = ++this.#stamp;
    const { cache, table } = this;
    const inRoot = this.#inRoot;
    const reached = this.#reached;
    const depthOf = this.#depth;
    for (const q of installed) inRoot[q] = stamp;
    for (const q of targets) this.#target[q] = stamp;
    const found = new Map<number, { dep: number; origin: Origin; depth: number }>();
    const queue: number[] = [];
    let left = targets.length;
    const groupsFound = new Set<number>();
    const reach = (q: number, dep: number, origin: Origin, depth: number) => {
      if (reached[q] === stamp) return;
      reached[q] = stamp;
      depthOf[q] = depth;
      queue.push(q);
      if (this.#target[q] === stamp) {
        found.set(q, { dep, origin, depth });
        left--;
        if (enough) groupsFound.add(enough.groupOf(q));
      }
    };
    for (const d of cache.sorted(requireIds)) for (const q of cache.providers(d)) if (inRoot[q] === stamp) reach(q, d, { by: 'build-requires' }, 0);
    // The group's names in the group's order; packages of one name in buildroot order.
    const grouped: number[] = [];
    const groupRank = this.#groupRank;
    const rankOf = (q: number) => (table.name[q] < groupRank.length ? groupRank[table.name[q]] : 0);
    for (const q of installed) if (rankOf(q)) grouped.push(q);
    grouped.sort((x, y) => rankOf(x) - rankOf(y));
    for (const q of grouped) reach(q, table.name[q], { by: 'group' }, 0);
    let level = 0;
    for (let head = 0; head < queue.length && left > 0; head++) {
      const p = queue[head];
      // The first package of a deeper level: every one of the level before has been expanded, so all of this level are found.
      if (enough && depthOf[p] !== level) {
        level = depthOf[p];
        if (groupsFound.size >= enough.count) break;
      }
      const depth = depthOf[p] + 1;
      let origin: Origin | undefined;
      const e = cache.edges(p);
      for (let i = 0; i < e.length; ) {
        const d = e[i];
        const end = i + 2 + e[i + 1];
        for (i += 2; i < end; i++) {
          const q = e[i];
          if (inRoot[q] !== stamp || reached[q] === stamp) continue;
          origin ??= { by: 'package', pkg: cache.name(table.name[p]) };
          reach(q, d, origin, depth);
        }
      }
    }
    return found;
  }
}

