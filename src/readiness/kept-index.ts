/**
 * The kept result's trailer as its file holds it: the per-package lists (blockedBy, the blockers
 * its causes name, entry lengths, inCycle offsets) in one binary index of 32-bit integers, names
 * as indices into the package names then `extra`; the rest (names, statuses, built lists) as JSON.
 *
 * Why binary: a distribution's blocked-by lists hold ~700k names. As JSON (7 MB of nested arrays)
 * parsing them made ~17k arrays of numbers only to map each to an array of strings, and that
 * garbage cost more than the reading. The index is read into one Int32Array and each list made
 * straight from it, every string shared with the names table.
 *
 * Index layout (host-endian Int32; the JSON says which endianness, another one is not used):
 * blockedBy counts (n, -1 for none), causeBlockers counts (n, -1 for none), entry lengths (n),
 * inCycle offsets (n), then blockedBy's indices, then causeBlockers' indices, in package order.
 */
import { endianness } from 'node:os';
import type { KeptTrailer } from './kept-types.js';

/** The JSON part of a trailer. */
export interface TrailerJson extends Omit<KeptTrailer, 'blockedBy' | 'causeBlockers' | 'lengths' | 'inCycleAt'> {
  /** Blocker names that are no package name (index n + k). */
  extra: string[];
  /** Byte length of the binary index before the JSON. */
  indexBytes: number;
  /** The host endianness the index was written in. */
  endian: string;
}

/** `t` split into its JSON part and its binary index. */
export function packTrailer(t: KeptTrailer): { json: TrailerJson; index: Uint8Array } {
  const n = t.names.length;
  const at = new Map<string, number>();
  t.names.forEach((name, i) => at.set(name, i));
  const extra: string[] = [];
  const idOf = (name: string) => {
    let id = at.get(name);
    if (id === undefined) {
      id = n + extra.length;
      at.set(name, id);
      extra.push(name);
    }
    return id;
  };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = t.blockedBy[i];
    const b = t.causeBlockers[i];
    if (a) total += a.length;
    if (b) total += b.length;
  }
  const ints = new Int32Array(4 * n + total);
  let k = 4 * n;
  const put = (lists: (string[] | 0)[], countsAt: number) => {
    for (let i = 0; i < n; i++) {
      const l = lists[i];
      ints[countsAt + i] = l ? l.length : -1;
      if (l) for (const name of l) ints[k++] = idOf(name);
    }
  };
  put(t.blockedBy, 0);
  put(t.causeBlockers, n);
  ints.set(t.lengths, 2 * n);
  ints.set(t.inCycleAt, 3 * n);
  const { blockedBy: _b, causeBlockers: _c, lengths: _l, inCycleAt: _i, ...rest } = t;
  void [_b, _c, _l, _i];
  const index = new Uint8Array(ints.buffer, ints.byteOffset, ints.byteLength);
  return { json: { ...rest, extra, indexBytes: index.length, endian: endianness() }, index };
}

/** Whether `raw` (a parsed trailer JSON) is what {@link packTrailer} makes, for this host. */
export function isTrailerJson(raw: unknown): raw is TrailerJson {
  const t = raw as TrailerJson;
  const arr = Array.isArray;
  if (!t || typeof t !== 'object' || !arr(t.names) || !arr(t.extra)) return false;
  const n = t.names.length;
  return typeof t.key === 'string' && typeof t.group === 'string' && arr(t.builtNames) && arr(t.builtNevrs) && typeof t.status === 'string' && t.status.length === n && typeof t.cycles === 'string' && t.cycles.length === n && Number.isInteger(t.indexBytes) && t.indexBytes >= 16 * n && t.indexBytes % 4 === 0 && t.endian === endianness();
}

/** The trailer of `json` and its index `ints` (read from the file), or undefined when they do not fit together. */
export function unpackTrailer(json: TrailerJson, ints: Int32Array): KeptTrailer | undefined {
  const { names, extra } = json;
  const n = names.length;
  const all = n + extra.length;
  if (ints.length !== json.indexBytes / 4) return undefined;
  let k = 4 * n;
  const lists = (countsAt: number): (string[] | 0)[] | undefined => {
    const out: (string[] | 0)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = ints[countsAt + i];
      if (c === -1) {
        out[i] = 0;
        continue;
      }
      if (c < 0 || k + c > ints.length) return undefined;
      const l: string[] = new Array(c);
      for (let j = 0; j < c; j++) {
        const x = ints[k++];
        if (x < 0 || x >= all) return undefined;
        l[j] = x < n ? names[x] : extra[x - n];
      }
      out[i] = l;
    }
    return out;
  };
  const blockedBy = lists(0);
  const causeBlockers = blockedBy && lists(n);
  if (!causeBlockers || k !== ints.length) return undefined;
  const { extra: _e, indexBytes: _x, endian: _d, ...rest } = json;
  void [_e, _x, _d];
  return { ...rest, blockedBy: blockedBy!, causeBlockers, lengths: Array.from(ints.subarray(2 * n, 3 * n)), inCycleAt: Array.from(ints.subarray(3 * n, 4 * n)) };
}
