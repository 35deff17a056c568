/**
 * Reading and writing wasm memory: strings, id arrays, byte buffers, queues.
 *
 * Views of the heap are re-read after every call into the module because memory growth
 * replaces the underlying ArrayBuffer.
 */
import type { LibsolvModule } from './runtime.js';

const encoder = new TextEncoder();

/** A C string in the module's heap, freed by `free()`. */
export function allocString(m: LibsolvModule, s: string): number {
  const n = m.lengthBytesUTF8(s) + 1;
  const p = m._malloc(n);
  m.stringToUTF8(s, p, n);
  return p;
}

let scratchPtr = 0;
let scratchSize = 0;
let scratchModule: LibsolvModule | undefined;

/**
 * Writes `s` into a reusable scratch buffer and returns its address: valid only until the next
 * call of this function. For the many short strings of str2id and friends, without a malloc each.
 */
export function scratchString(m: LibsolvModule, s: string): number {
  if (scratchModule !== m) {
    scratchModule = m;
    scratchPtr = 0;
    scratchSize = 0;
  }
  const need = s.length * 3 + 1;
  if (need > scratchSize) {
    if (scratchPtr) m._free(scratchPtr);
    scratchSize = Math.max(need, 256);
    scratchPtr = m._malloc(scratchSize);
  }
  m.stringToUTF8(s, scratchPtr, scratchSize);
  return scratchPtr;
}

/** Reads a NUL-terminated UTF-8 string; null pointer gives undefined. */
export function readString(m: LibsolvModule, ptr: number): string | undefined {
  return ptr ? m.UTF8ToString(ptr) : undefined;
}

/** Copies bytes into a fresh heap buffer (caller frees with `_free`). */
export function allocBytes(m: LibsolvModule, bytes: Uint8Array | string): { ptr: number; len: number } {
  const data = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
  const ptr = m._malloc(data.length || 1);
  m.HEAPU8.set(data, ptr);
  return { ptr, len: data.length };
}

/**
 * Runs `call` with the module's reader callback (`Module.gdRead`, see glue.c's reader section)
 * serving `segments` in order, as one stream: libsolv pulls the bytes 8 KB at a time into its own
 * stdio buffer, so a large input is never copied into the heap whole (which would grow the heap by
 * its size, every new page a page fault). `segments` may be a generator that makes its bytes as
 * they are read; each segment is consumed before the next is asked for, so it may reuse one
 * buffer. An exception from the generator ends the stream (libsolv sees a read error) and is
 * rethrown once `call` returns. Not reentrant: one reader at a time per module.
 */
export function withSegmentReader<T>(m: LibsolvModule, segments: Iterable<Uint8Array>, call: () => T): T {
  const it = segments[Symbol.iterator]();
  let cur: Uint8Array | undefined;
  let off = 0;
  let failed: { error: unknown } | undefined;
  const reader = m as unknown as { gdRead?: (ptr: number, size: number) => number };
  reader.gdRead = (ptr, size) => {
    try {
      while (!cur || off === cur.length) {
        const next = it.next();
        if (next.done) return 0;
        cur = next.value;
        off = 0;
      }
      const n = Math.min(size, cur.length - off);
      // HEAPU8 is re-read on every call: the parse between two reads may have grown the memory.
      m.HEAPU8.set(cur.subarray(off, off + n), ptr);
      off += n;
      return n;
    } catch (error) {
      failed = { error };
      return -1;
    }
  };
  try {
    const out = call();
    if (failed) throw failed.error;
    return out;
  } finally {
    reader.gdRead = undefined;
  }
}

/** Copies `count` 32-bit ints starting at `ptr` out of the heap. */
export function readInt32s(m: LibsolvModule, ptr: number, count: number): Int32Array {
  return m.HEAP32.slice(ptr >> 2, (ptr >> 2) + count);
}

/** Copies `count` bytes starting at `ptr` out of the heap. */
export function readBytes(m: LibsolvModule, ptr: number, count: number): Uint8Array {
  return m.HEAPU8.slice(ptr, ptr + count);
}

/** A libsolv Queue owned by TypeScript for the duration of one call sequence. */
export class NativeQueue {
  /** Address of the Queue struct. */
  readonly ptr: number;
  constructor(private readonly m: LibsolvModule) {
    this.ptr = m._gd_queue_create();
  }
  /** Replaces the contents with `ids` (one crossing of the boundary). */
  set(ids: ArrayLike<number>): this {
    const m = this.m;
    m._gd_queue_empty(this.ptr);
    if (ids.length) {
      const p = m._malloc(ids.length * 4);
      m.HEAP32.set(ids as ArrayLike<number>, p >> 2);
      m._gd_queue_push_many(this.ptr, p, ids.length);
      m._free(p);
    }
    return this;
  }
  /** A copy of the contents. */
  toArray(): Int32Array {
    const m = this.m;
    const n = m._gd_queue_count(this.ptr);
    return n ? readInt32s(m, m._gd_queue_elements(this.ptr), n) : new Int32Array(0);
  }
  /** Frees the queue. */
  free(): void {
    this.m._gd_queue_free(this.ptr);
  }
}

/** Many id lists in one array: list `k` is `ids.subarray(starts[k], starts[k + 1])`. */
export interface IdLists {
  /** Where each list starts in `ids`; one more entry than lists (the end). */
  starts: Int32Array;
  /** Every list's ids, one list after another. */
  ids: Int32Array;
}

/**
 * `ids.length` id lists that one glue call `fill(idsPtr, queue, ends)` appends to one queue,
 * writing each list's end offset to `ends` (glue.c's `Section - Bulk lists`): the ids cross once,
 * the lists once, the boundary is crossed once.
 */
export function bulkLists(m: LibsolvModule, ids: ArrayLike<number>, fill: (idsPtr: number, queue: number, ends: number) => void): IdLists {
  const n = ids.length;
  return withQueue(m, (q) =>
    withAlloc(m, n * 8 + 4, (p) => {
      m.HEAP32.set(ids, p >> 2);
      const ends = p + n * 4;
      fill(p, q.ptr, ends);
      const starts = new Int32Array(n + 1);
      starts.set(m.HEAP32.subarray(ends >> 2, (ends >> 2) + n), 1);
      return { starts, ids: q.toArray() };
    }),
  );
}

/** Runs `fn` with a temporary queue that is freed afterwards. */
export function withQueue<T>(m: LibsolvModule, fn: (q: NativeQueue) => T): T {
  const q = new NativeQueue(m);
  try {
    return fn(q);
  } finally {
    q.free();
  }
}

/** Runs `fn` with a temporary heap allocation of `size` bytes, freed afterwards. */
export function withAlloc<T>(m: LibsolvModule, size: number, fn: (ptr: number) => T): T {
  const p = m._malloc(size);
  try {
    return fn(p);
  } finally {
    m._free(p);
  }
}
