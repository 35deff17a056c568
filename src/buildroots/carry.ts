/**
 * The incremental re-solve: which outcomes stored under a previous context of the same family
 * (same repositories, changed content) are provably what a solve in the new pool would give, and
 * those outcomes in the new pool's ids. The rule (docs/buildroot-store.md, "Re-solving only what
 * a repository change can touch"), in short: a request is carried over when nothing its solve
 * could have looked at changed — every package libsolv could reach from its jobs (through every
 * provider of every Requires, not only the installed ones) is the same package, in the same
 * relative id order, with the same provider set for every dependency it has; the request's own
 * dependencies and the group names have the same provider sets; with weak dependencies on, no
 * package with Supplements or Enhances came, went or changed anywhere.
 */
import type { Pool } from '../solv/index.js';
import type { BuildrootRequest } from './request.js';
import type { BuildrootOutcome } from './resolver.js';
import { CONSULTED_KINDS, depKey, FLAG_WEAK_REVERSE, hashText, type PoolSnapshot, type SnapshotWork } from './snapshot.js';

/** The weak dependency kinds. */
const WEAK_KINDS: ReadonlySet<string> = new Set(['recommends', 'suggests', 'supplements', 'enhances']);

/** The kind of each {@link SnapshotWork.depKind} value: DEP_NAME (0) is a package's name, then the consulted kinds. */
const KIND_OF_ENTRY: readonly string[] = ['name', ...CONSULTED_KINDS];

/** Outcomes of the previous context, checked and re-numbered for the new pool. */
export class Carrier {
  readonly #pool: Pool;
  readonly #work: SnapshotWork;
  readonly #group: readonly string[];
  /** Old id (from the old base) -> new id, 0 when not the same package in order. */
  readonly #toNew: Int32Array;
  readonly #oldBase: number;
  /** Per new binary slot: 1 when a solve reaching it may differ. */
  readonly #tainted: Uint8Array;
  /** Per new binary slot: 1 when not the same package, or out of order. */
  readonly #bad: Uint8Array;
  readonly #old: Map<number, number>;
  readonly #oldSnap: PoolSnapshot;
  readonly #all: boolean;

  /**
   * Compares `old` (the previous context's snapshot) with `work` (the new pool's). `weak`: the
   * solves install weak dependencies.
   */
  constructor(pool: Pool, old: PoolSnapshot, work: SnapshotWork, group: readonly string[], weak: boolean) {
    this.#pool = pool;
    this.#work = work;
    this.#group = group;
    this.#oldSnap = old;
    this.#oldBase = old.base;
    const cur = work.snap;
    this.#old = new Map();
    for (let i = 0; i < old.depA.length; i++) this.#old.set(depKey(old.depA[i], old.depB[i]), i);
    const { toNew, bad, removedWeak } = matchPackages(old, cur);
    this.#toNew = toNew;
    this.#bad = bad;
    // With weak dependencies, a package anywhere whose Supplements/Enhances match can be pulled in.
    let changedWeak = removedWeak;
    if (weak) for (let k = 0; k < bad.length && !changedWeak; k++) if (bad[k] && cur.flags[k] & FLAG_WEAK_REVERSE) changedWeak = true;
    this.#all = weak && changedWeak;
    this.#tainted = this.#all ? new Uint8Array(0) : this.#taint(weak);
  }

  /** True when dependency id `d` (consulted in the new pool) has the provider set it had. */
  #sameDep(d: number, key?: [number, number]): boolean {
    const k = key ?? this.#work.keyOf.get(d);
    const h = this.#work.provHash.get(d);
    if (!k || !h) return false;
    const i = this.#old.get(depKey(k[0], k[1]));
    if (i === undefined) return false;
    const o = this.#oldSnap;
    return o.depA[i] === k[0] && o.depB[i] === k[1] && o.provA[i] === h[0] && o.provB[i] === h[1] && h[0] !== 0xffffffff;
  }

  /** Slots whose reachable part may solve differently: directly (changed, a changed dependency, a bad provider), then everything that requires them. */
  #taint(weak: boolean): Uint8Array {
    const { snap, depStart, depIds, depKind, providers } = this.#work;
    const n = snap.fpA.length;
    const base = snap.base;
    const tainted = new Uint8Array(n);
    const queue: number[] = [];
    const badProvider = (ps: Int32Array | undefined) => {
      if (!ps) return true;
      for (const q of ps) if (q - base < 0 || q - base >= n || this.#bad[q - base]) return true;
      return false;
    };
    // Without weak dependencies, a weak dependency's providers count only where they are
    // candidates of a Requires in the closure (recommended ones are preferred, supplementing
    // ones too): then that Requires' provider set tells; other providers never reach a solve.
    const compared = KIND_OF_ENTRY.map((kind) => weak || !WEAK_KINDS.has(kind));
    const followed = KIND_OF_ENTRY.map((kind) => kind === 'requires' || (weak && kind === 'recommends'));
    // Who requires each slot, as two typed arrays (a list per slot would be 30k arrays): counted, then filled.
    const revStart = new Int32Array(n + 1);
    const eachEdge = (visit: (q: number, k: number) => void) => {
      for (let k = 0; k < n; k++)
        for (let e = depStart[k]; e < depStart[k + 1]; e++) {
          if (!followed[depKind[e]]) continue;
          const ps = providers.get(depIds[e]);
          if (ps) for (const q of ps) if (q - base >= 0 && q - base < n) visit(q - base, k);
        }
    };
    eachEdge((q) => revStart[q + 1]++);
    for (let q = 0; q < n; q++) revStart[q + 1] += revStart[q];
    const rev = new Int32Array(revStart[n]);
    const fill = revStart.slice(0, n);
    eachEdge((q, k) => (rev[fill[q]++] = k));
    for (let k = 0; k < n; k++) {
      if (snap.fpA[k] === 0 && snap.fpB[k] === 0) continue; // no binary package in this slot
      let t = this.#bad[k] === 1;
      for (let e = depStart[k]; e < depStart[k + 1] && !t; e++) {
        const d = depIds[e];
        if (compared[depKind[e]] && (!this.#sameDep(d) || badProvider(providers.get(d)))) t = true;
      }
      if (t) {
        tainted[k] = 1;
        queue.push(k);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      for (let e = revStart[queue[i]]; e < revStart[queue[i] + 1]; e++) {
        const k = rev[e];
        if (!tainted[k]) {
          tainted[k] = 1;
          queue.push(k);
        }
      }
    }
    return tainted;
  }

  /** Number of new binary slots whose solves may differ (all of them when weak dependencies changed). */
  get taintedCount(): number {
    return this.#all ? this.#bad.length : this.#tainted.reduce((s, x) => s + x, 0);
  }

  /**
   * `outcome` (solved for `req` in the previous context) in the new pool's ids, or undefined when
   * the request must be solved again.
   */
  carry(req: BuildrootRequest, outcome: BuildrootOutcome): BuildrootOutcome | undefined {
    if (this.#all) return undefined;
    const pool = this.#pool;
    const base = this.#work.snap.base;
    const n = this.#tainted.length;
    const clean = (d: number, key: [number, number], deep: boolean): boolean => {
      if (!this.#sameDep(d, key)) return false;
      const ps = this.#work.providers.get(d) ?? pool.whatProvidesIds(d);
      for (const q of ps) {
        const k = q - base;
        if (k < 0 || k >= n || this.#bad[k] || (deep && this.#tainted[k])) return false;
      }
      return true;
    };
    for (const g of this.#group) if (!this.#withText(g, true, clean, true)) return undefined;
    for (const d of req.requires) if (!this.#withText(d, false, clean, true)) return undefined;
    for (const d of req.conflicts) if (!this.#withText(d, false, clean, false)) return undefined;
    const map = (p: number) => {
      const k = p - this.#oldBase;
      return k >= 0 && k < this.#toNew.length ? this.#toNew[k] : 0;
    };
    const installed = new Int32Array(outcome.installed.length);
    for (let i = 0; i < installed.length; i++) if (!(installed[i] = map(outcome.installed[i]))) return undefined;
    const direct = Int32Array.from(outcome.direct);
    for (let i = 0; i < direct.length; i += 2) if (!(direct[i] = map(direct[i]))) return undefined;
    return { ok: outcome.ok, installed: installed.sort(), direct };
  }

  #withText(text: string, asName: boolean, clean: (d: number, key: [number, number], deep: boolean) => boolean, deep: boolean): boolean {
    const pool = this.#pool;
    const d = asName ? pool.str2id(text, false) : pool.parseDep(text).id;
    if (!d) return false;
    if (!this.#work.provHash.has(d)) return false; // not in the snapshot: no provider hash to compare
    return clean(d, hashText(text), deep);
  }
}

/**
 * Old slots matched to new ones by fingerprint (a fingerprint met twice on either side matches
 * nothing), kept only along a longest increasing run of new ids (so every pair of matched
 * packages keeps its relative order: libsolv breaks ties by id); every new slot not so matched is bad.
 */
function matchPackages(old: PoolSnapshot, cur: PoolSnapshot): { toNew: Int32Array; bad: Uint8Array; removedWeak: boolean } {
  const key = (a: number, b: number) => depKey(a, b) + (a === 0 && b === 0 ? -1 : 0);
  const index = (s: PoolSnapshot) => {
    const m = new Map<number, number>();
    for (let k = 0; k < s.fpA.length; k++) {
      if (s.fpA[k] === 0 && s.fpB[k] === 0) continue;
      const kk = key(s.fpA[k], s.fpB[k]);
      m.set(kk, m.has(kk) ? -1 : k);
    }
    return m;
  };
  const oldIdx = index(old);
  const curIdx = index(cur);
  const pairs: [number, number][] = [];
  let removedWeak = false;
  for (let k = 0; k < old.fpA.length; k++) {
    if (old.fpA[k] === 0 && old.fpB[k] === 0) continue;
    const kk = key(old.fpA[k], old.fpB[k]);
    const j = curIdx.get(kk);
    if (oldIdx.get(kk) === k && j !== undefined && j >= 0 && cur.fpA[j] === old.fpA[k] && cur.fpB[j] === old.fpB[k]) pairs.push([k, j]);
    else if (old.flags[k] & FLAG_WEAK_REVERSE) removedWeak = true;
  }
  const keep = longestIncreasing(pairs.map((p) => p[1]));
  const toNew = new Int32Array(old.fpA.length);
  const bad = new Uint8Array(cur.fpA.length).fill(1);
  for (const i of keep) {
    toNew[pairs[i][0]] = cur.base + pairs[i][1];
    bad[pairs[i][1]] = 0;
  }
  return { toNew, bad, removedWeak };
}

/** Indices of a longest strictly increasing subsequence of `xs`. */
function longestIncreasing(xs: readonly number[]): number[] {
  const tails: number[] = [];
  const prev = new Int32Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]] < xs[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.push(i);
  return out.reverse();
}
