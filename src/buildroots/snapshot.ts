/**
 * A pool snapshot: what the incremental re-solve (carry.ts) needs to know about the binary
 * repositories a context's outcomes were solved against, compactly and independent of solvable
 * ids (ids move when a repository changes):
 *
 * - per binary solvable, in id order, a 64-bit *fingerprint*: repository index, name, evr, arch,
 *   whether it is hidden from the solver, and the text of every dependency of every kind (plain
 *   provides, requires, conflicts, obsoletes, recommends, suggests, supplements, enhances; each
 *   list as a set, the weak ones in order when weak dependencies are installed); two packages
 *   with equal fingerprints are the same package to libsolv's buildroot solve;
 * - per *consulted* dependency (every dependency of those kinds but provides, every package name,
 *   every BuildRequires/BuildConflicts of the requests and the build group names) a 64-bit key
 *   (a hash of its text) and a 64-bit hash of the multiset of its providers' fingerprints.
 *
 * {@link takeSnapshot} computes one from a finished pool; {@link encodeSnapshot} and
 * {@link decodeSnapshot} turn it into the bytes the store keeps beside a context's segments.
 */
import { createHash } from 'node:crypto';
import { depSlot, type Pool, type Repo } from '../solv/index.js';
import type { DepKind } from '../solv/solvable.js';
import type { BuildrootRequest } from './request.js';

/** The dependency kinds whose providers a solve can consult (provides are the other side). */
export const CONSULTED_KINDS: readonly DepKind[] = ['requires', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances'];

/** Kinds whose order counts in a fingerprint when weak dependencies are installed (libsolv walks them in order then). */
const WEAK_ORDERED: ReadonlySet<DepKind> = new Set(['recommends', 'supplements', 'suggests', 'enhances']);

/** Every kind a fingerprint reads: plain provides, then the consulted ones. */
const FINGERPRINT_KINDS: readonly DepKind[] = ['provides', ...CONSULTED_KINDS];

/** The first index in {@link FINGERPRINT_KINDS} of the kinds that pull a package in by weak dependencies (supplements, enhances: the last two). */
const WEAK_REVERSE_KIND = FINGERPRINT_KINDS.indexOf('supplements');

/** {@link SnapshotWork.depKind} of a package's own name (its other entries are 1 + an index in {@link CONSULTED_KINDS}). */
export const DEP_NAME = 0;

/** Flag of a snapshot solvable: it has supplements or enhances (can be pulled in by weak dependencies). */
export const FLAG_WEAK_REVERSE = 1;

/** A pool's binary solvables and consulted dependencies, as hashes (see the module comment). */
export interface PoolSnapshot {
  /** Solvable id of the first binary slot. */
  base: number;
  /** Fingerprint lanes per slot from `base` (0, 0 for a slot that is no binary package). */
  fpA: Uint32Array;
  /** Second lane. */
  fpB: Uint32Array;
  /** Flags per slot ({@link FLAG_WEAK_REVERSE}). */
  flags: Uint8Array;
  /** Per consulted dependency: its key's two lanes (a hash of its text). */
  depA: Uint32Array;
  /** Second key lane. */
  depB: Uint32Array;
  /** Per consulted dependency: the two lanes of its provider hash ({@link POISON} when not comparable). */
  provA: Uint32Array;
  /** Second provider lane. */
  provB: Uint32Array;
}

/** Provider hash lanes of a dependency that must count as changed (a provider outside the binary repos, a key collision). */
export const POISON = 0xffffffff;

/** Two 32-bit lanes of a string hash (not cryptographic; collisions only make the rule re-solve more or, at 2^-64, less). */
export function hashText(s: string): [number, number] {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return [a >>> 0, b >>> 0];
}

/** A dependency key as one number (exact: at most 53 bits), for Maps. */
export function depKey(a: number, b: number): number {
  return a * 0x200000 + (b >>> 11);
}

const fmix = (h: number): number => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** Text hashes of pool ids (strings and relations), memoised in typed arrays: `at` returns the slot to read `a` and `b` at. */
class TextKeys {
  a = new Uint32Array(1 << 16);
  b = new Uint32Array(1 << 16);
  #known = new Uint8Array(1 << 16);
  /** The slot of dependency id `id` of `pool` (its text hashed on first use). */
  dep(pool: Pool, id: number): number {
    const i = depSlot(id);
    if (i < this.#known.length && this.#known[i]) return i;
    return this.at(id, () => pool.dep2str(id));
  }
  /** The slot of string id `id` of `pool`. */
  str(pool: Pool, id: number): number {
    const i = depSlot(id);
    if (i < this.#known.length && this.#known[i]) return i;
    return this.at(id, () => pool.id2str(id));
  }
  at(id: number, text: () => string): number {
    const i = depSlot(id);
    if (i >= this.#known.length) this.#grow(i);
    if (!this.#known[i]) {
      [this.a[i], this.b[i]] = hashText(text());
      this.#known[i] = 1;
    }
    return i;
  }
  #grow(i: number): void {
    const size = Math.max(i + 1, this.#known.length * 2);
    const grow = <T extends Uint32Array | Uint8Array>(x: T, make: (n: number) => T) => {
      const y = make(size);
      y.set(x);
      return y;
    };
    this.a = grow(this.a, (k) => new Uint32Array(k));
    this.b = grow(this.b, (k) => new Uint32Array(k));
    this.#known = grow(this.#known, (k) => new Uint8Array(k));
  }
}

/** Folds 32-bit values into two lanes, in order. */
class Mix {
  a = 0x9747b28c;
  b = 0x85ebca6b;
  reset(): void {
    this.a = 0x9747b28c;
    this.b = 0x85ebca6b;
  }
  add(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x5bd1e995);
    this.a ^= this.a >>> 15;
    this.b = Math.imul((this.b + x) | 0, 0xcc9e2d51);
    this.b = (this.b << 13) | (this.b >>> 19);
  }
}

/** The provider hash of a multiset of fingerprints (order-free: sums of mixed lanes, and the count). */
export function providerHash(fpA: Uint32Array, fpB: Uint32Array, base: number, providers: ArrayLike<number>): [number, number] {
  let a = 0;
  let b = 0;
  for (let i = 0; i < providers.length; i++) {
    const k = providers[i] - base;
    if (k < 0 || k >= fpA.length || (fpA[k] === 0 && fpB[k] === 0)) return [POISON, POISON];
    a = (a + fmix(fpA[k] ^ 0x2545f491)) | 0;
    b = (b + fmix(fpB[k] + 0x9e3779b9)) | 0;
  }
  const [x, y] = [fmix(a ^ providers.length), fmix(b + Math.imul(providers.length, 0x27d4eb2d))];
  return x === POISON && y === POISON ? [x, 0] : [x, y];
}

/** The live state a snapshot was taken from, for the carry step: dependency lists and provider lists by pool id. */
export interface SnapshotWork {
  /** The snapshot. */
  snap: PoolSnapshot;
  /**
   * Per binary slot (from `base`), its name id and consulted dependency ids, flat (no object per
   * slot: 30k of them live through the run): slot k's are `depIds[depStart[k]..depStart[k + 1]]`,
   * each with its kind in `depKind` ({@link DEP_NAME} or 1 + its index in {@link CONSULTED_KINDS}).
   */
  depStart: Int32Array;
  /** The dependency ids of every slot, slot after slot. */
  depIds: Int32Array;
  /** The kind of each of `depIds`. */
  depKind: Uint8Array;
  /** Providers of each consulted dependency id. */
  providers: Map<number, Int32Array>;
  /** Provider hash per consulted dependency id. */
  provHash: Map<number, [number, number]>;
  /** Key lanes per consulted dependency id. */
  keyOf: Map<number, [number, number]>;
}

/**
 * The snapshot of `binaryRepos` (the first repos of finished `pool`), with the dependencies of
 * `requests` and the `group` names among the consulted ones (keyed by their request text).
 * `weak`: the solves install weak dependencies (then the order of weak dependency lists counts).
 */
export function takeSnapshot(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], requests: readonly BuildrootRequest[], weak: boolean): SnapshotWork {
  const table = pool.solvableTable();
  const base = Math.min(...binaryRepos.map((r) => r.start));
  const end = Math.max(...binaryRepos.map((r) => r.end));
  const n = Math.max(0, end - base);
  const repoIndex = new Map(binaryRepos.map((r, i) => [r.id, i] as const));
  const excluded = new Set(pool.excluded);
  const keys = new TextKeys();
  const keyOfId = (d: number): number => keys.dep(pool, d);
  const fpA = new Uint32Array(n);
  const fpB = new Uint32Array(n);
  const flags = new Uint8Array(n);
  const depStart = new Int32Array(n + 1);
  let depIds = new Int32Array(1 << 16);
  let depKind = new Uint8Array(1 << 16);
  let used = 0;
  const push = (ids: ArrayLike<number>, kind: number) => {
    if (used + ids.length > depIds.length) {
      const size = Math.max(used + ids.length, 2 * depIds.length);
      depIds = grown(depIds, new Int32Array(size));
      depKind = grown(depKind, new Uint8Array(size));
    }
    depIds.set(ids, used);
    depKind.fill(kind, used, used + ids.length);
    used += ids.length;
  };
  // Consulted ids in first-seen order, each once (marked by depSlot: a Set's add was most of the loop).
  const consulted: number[] = [];
  let seen = new Uint8Array(1 << 16);
  const consult = (d: number) => {
    const i = depSlot(d);
    if (i >= seen.length) seen = grown(seen, new Uint8Array(Math.max(i + 1, 2 * seen.length)));
    if (!seen[i]) {
      seen[i] = 1;
      consulted.push(d);
    }
  };
  const m = new Mix();
  // Every binary slot's lists of each kind in one transfer per kind (not one per package and kind).
  const slots: number[] = [];
  for (let k = 0; k < n; k++) if (repoIndex.has(table.repo[base + k])) slots.push(base + k);
  const lists = FINGERPRINT_KINDS.map((kind) => (kind === 'provides' ? pool.depIdsMany(slots, 'provides', 'plain') : pool.depIdsMany(slots, kind)));
  const one = new Int32Array(1);
  let slot = 0;
  for (let k = 0; k < n; k++) {
    const p = base + k;
    const ri = repoIndex.get(table.repo[p]);
    depStart[k] = used;
    if (ri === undefined) continue;
    const at = slot++;
    m.reset();
    m.add(ri);
    m.add(excluded.has(p) ? 1 : 0);
    for (let f = 0; f < 3; f++) {
      const i = keys.str(pool, f === 0 ? table.name[p] : f === 1 ? table.evr[p] : table.arch[p]);
      m.add(keys.a[i]);
      m.add(keys.b[i]);
    }
    one[0] = table.name[p];
    push(one, DEP_NAME);
    consult(table.name[p]);
    for (let ki = 0; ki < FINGERPRINT_KINDS.length; ki++) {
      const list = lists[ki];
      const from = list.starts[at];
      const to = list.starts[at + 1];
      const all = list.ids;
      m.add(0x6b696e64 + (to - from));
      // A .solv file stores a package's dependencies in id order, which moves with the rest of the
      // repo; without weak dependencies libsolv sorts its rules and treats these lists as sets:
      // then a list enters as an order-free sum.
      const ordered = weak && WEAK_ORDERED.has(FINGERPRINT_KINDS[ki]);
      let sa = 0;
      let sb = 0;
      for (let j = from; j < to; j++) {
        const i = keys.dep(pool, all[j]);
        if (ordered) {
          m.add(keys.a[i]);
          m.add(keys.b[i]);
        } else {
          sa = (sa + fmix(keys.a[i] ^ 0x68e31da4)) | 0;
          sb = (sb + fmix(keys.b[i] + 0x1b56c4e9)) | 0;
        }
      }
      m.add(sa);
      m.add(sb);
      if (ki === 0) continue; // provides
      push(all.subarray(from, to), ki); // FINGERPRINT_KINDS is provides, then CONSULTED_KINDS: ki is 1 + the consulted index
      for (let j = from; j < to; j++) consult(all[j]);
      if (ki >= WEAK_REVERSE_KIND && to > from) flags[k] |= FLAG_WEAK_REVERSE;
    }
    fpA[k] = fmix(m.a) || 1;
    fpB[k] = fmix(m.b);
  }
  depStart[n] = used;
  // Request and group texts: keyed by their text (as the request holds it), parsed in this pool.
  const requestIds = new Map<string, number>();
  const addText = (text: string, asName: boolean) => {
    if (requestIds.has(text)) return;
    const id = asName ? pool.str2id(text) : pool.parseDep(text).id;
    requestIds.set(text, id);
  };
  for (const g of group) addText(g, true);
  for (const r of requests) {
    for (const d of r.requires) addText(d, false);
    for (const d of r.conflicts) addText(d, false);
  }
  const providers = new Map<number, Int32Array>();
  const provHash = new Map<number, [number, number]>();
  // One row per distinct key (a dependency text's hash): its lanes and its provider hash, in
  // typed arrays (an object per row, and sorting them, was most of this part).
  const cap = consulted.length + requestIds.size;
  // Each row found by (a, b >>> 11), the 53 bits of depKey, in an open-addressing table of row + 1: a Map keyed by those numbers hashed heap numbers, slowly.
  const mask = (1 << Math.ceil(Math.log2(2 * cap + 2))) - 1;
  const rowAt = new Int32Array(mask + 1);
  const ra = new Uint32Array(cap);
  const rb = new Uint32Array(cap);
  const rpa = new Uint32Array(cap);
  const rpb = new Uint32Array(cap);
  let rows = 0;
  const record = (ka: number, kb: number, ph: [number, number]) => {
    const hi = kb >>> 11;
    let h = (Math.imul(ka, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & mask;
    let r = -1;
    for (; rowAt[h]; h = (h + 1) & mask) {
      const q = rowAt[h] - 1;
      if (ra[q] === ka && rb[q] >>> 11 === hi) {
        r = q;
        break;
      }
    }
    if (r < 0) {
      rowAt[h] = rows + 1;
      ra[rows] = ka;
      rb[rows] = kb;
      rpa[rows] = ph[0];
      rpb[rows++] = ph[1];
    } else if (ra[r] !== ka || rb[r] !== kb || rpa[r] !== ph[0] || rpb[r] !== ph[1]) {
      rpa[r] = POISON;
      rpb[r] = POISON;
    }
  };
  const hashOf = (d: number) => {
    let h = provHash.get(d);
    if (!h) {
      const ps = providers.get(d) ?? pool.whatProvidesIds(d);
      providers.set(d, ps);
      provHash.set(d, (h = providerHash(fpA, fpB, base, ps)));
    }
    return h;
  };
  // The providers of every consulted dependency and request text in one transfer (views of one array).
  const asked = [...consulted, ...requestIds.values()];
  const provided = pool.whatProvidesMany(asked);
  for (let k = 0; k < asked.length; k++) providers.set(asked[k], provided.ids.subarray(provided.starts[k], provided.starts[k + 1]));
  const keyOf = new Map<number, [number, number]>();
  for (const d of consulted) {
    const i = keyOfId(d);
    const key: [number, number] = [keys.a[i], keys.b[i]];
    keyOf.set(d, key);
    record(key[0], key[1], hashOf(d));
  }
  for (const [text, d] of requestIds) {
    const [ka, kb] = hashText(text);
    record(ka, kb, hashOf(d));
  }
  // Rows by key (no two rows share both lanes).
  const order = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) order[r] = r;
  order.sort((x, y) => ra[x] - ra[y] || rb[x] - rb[y]);
  const pick = (lane: Uint32Array) => {
    const out = new Uint32Array(rows);
    for (let r = 0; r < rows; r++) out[r] = lane[order[r]];
    return out;
  };
  const snap: PoolSnapshot = { base, fpA, fpB, flags, depA: pick(ra), depB: pick(rb), provA: pick(rpa), provB: pick(rpb) };
  return { snap, depStart, depIds: depIds.subarray(0, used), depKind: depKind.subarray(0, used), providers, provHash, keyOf };
}

/** `to` with `from` copied to its start. */
function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const MAGIC = 'goose-snapshot-1\n';

/** A snapshot as bytes (with a trailing sha256). */
export function encodeSnapshot(s: PoolSnapshot): Uint8Array {
  const n = s.fpA.length;
  const m = s.depA.length;
  const head = Buffer.alloc(MAGIC.length + 12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(s.base, MAGIC.length);
  head.writeUInt32LE(n, MAGIC.length + 4);
  head.writeUInt32LE(m, MAGIC.length + 8);
  const parts = [head, ...[s.fpA, s.fpB, s.depA, s.depB, s.provA, s.provB].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)), Buffer.from(s.flags)];
  const all = Buffer.concat(parts);
  return Buffer.concat([all, createHash('sha256').update(all).digest()]);
}

/** The snapshot in `bytes`, or undefined when damaged. */
export function decodeSnapshot(bytes: Uint8Array): PoolSnapshot | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = MAGIC.length + 12;
  if (buf.length < h + 32 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const data = buf.subarray(0, buf.length - 32);
  if (!createHash('sha256').update(data).digest().equals(buf.subarray(buf.length - 32))) return undefined;
  const base = data.readUInt32LE(MAGIC.length);
  const n = data.readUInt32LE(MAGIC.length + 4);
  const m = data.readUInt32LE(MAGIC.length + 8);
  if (h + 8 * n + 16 * m + n !== data.length) return undefined;
  const copy = new Uint8Array(data.subarray(h)); // aligned
  const u32 = (at: number, len: number) => new Uint32Array(copy.buffer, at, len);
  return {
    base,
    fpA: u32(0, n),
    fpB: u32(4 * n, n),
    depA: u32(8 * n, m),
    depB: u32(8 * n + 4 * m, m),
    provA: u32(8 * n + 8 * m, m),
    provB: u32(8 * n + 12 * m, m),
    flags: copy.subarray(8 * n + 16 * m),
  };
}
