/**
 * The graph store: a build graph, its reverse lists and the orders computed from it, kept in the
 * cache folder so that a second `order` over unchanged repositories reads its answer instead of
 * turning 34k buildroots into needs and ordering them again, and `rdeps`/`order --affected-by`
 * read only the lists they follow.
 *
 * Validity rule (pure: {@link graphContextKey}): a graph depends on what its buildroots depend on
 * (arch, build group, weak flag, the binary repositories' content, order and exclusions), on the
 * source repositories' content (and bootstrap variants'), on the sources selected, and on the
 * code that turns buildroots into needs and needs into orders (a hash of that code's files). An
 * order depends on its graph and on the options that change it (flat, exclude-base, the sources
 * in scope). Entries live under `<cache>/graphs/<graph key>/`; only the most recently used
 * {@link GRAPHS_KEPT} graphs and, per graph, {@link ORDERS_KEPT} orders are kept.
 *
 * Files: `graph.json` (the graph without its needs, and where each block of `<id>.bin` starts,
 * with a checksum per block; itself ending in a sha256), `<id>.bin` (the needs as blocks of
 * 32-bit words: each source's rows, who needs each source, who holds each binary), `<key>.order`
 * and `<key>.roles` (an order and the role of each row), `install.bin` (the install side of
 * rdeps). Every file is written under a temporary name and renamed into place. A damaged file
 * (wrong length, checksum, magic) raises {@link GraphStoreDamaged}: the caller warns, removes the
 * entry and computes again. What the files hold, byte for byte, is in graph-format.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pruneContexts, type BuildrootStoreOptions } from '../buildroots/index.js';
import type { BuildGraph, NeedEdges, Via } from './need-edges.js';
import type { NeedIndex, NeedIndexColumns } from './need-index.js';
import type { BuildOrderResult, OrderRows } from './order.js';
import type { CycleBreaks } from './cycle-memo.js';
import type { InstallNames } from './rdeps.js';
import { b64, checkedBytes, checkedJson, checkedJsonBytes, encodeGraphData, fnv, fromB64, GraphStoreDamaged, packSources, unpackSources, withSum, type GraphHead, type HeadFile } from './graph-format.js';

export { encodeGraphData, GraphStoreDamaged, type GraphHead } from './graph-format.js';

/** Everything a build graph depends on besides the code (which {@link graphContextKey} adds). */
export interface GraphContext {
  /** The pool's architecture. */
  arch: string;
  /** The build group names. */
  group: readonly string[];
  /** Weak dependencies installed into buildroots. */
  weak: boolean;
  /** Content keys of the binary repositories, in pool order, with their places in the pool. */
  binaryRepos: readonly string[];
  /** Content keys of the source repositories. */
  sourceRepos: readonly string[];
  /** Content keys of the bootstrap variant repositories (empty: none). */
  variantRepos: readonly string[];
  /** Solvable ids hidden from the solver. */
  excluded: readonly number[];
  /** The source names resolved, or null for all. */
  only: readonly string[] | null;
  /** A hash of the code that builds graphs and orders (see {@link codeFingerprint}). */
  code: string;
}

/** Graph entries kept (the most recently used). */
export const GRAPHS_KEPT = 4;
/** Orders kept per graph (the most recently used). */
export const ORDERS_KEPT = 16;
const MAGIC = 'goose-graph-2';

/** The key of a graph: equal keys, equal graphs (a sha256 of the context's canonical form). */
export function graphContextKey(ctx: GraphContext): string {
  const canon = JSON.stringify([MAGIC, ctx.arch, [...ctx.group].sort(), ctx.weak, ctx.binaryRepos, ctx.sourceRepos, ctx.variantRepos, [...ctx.excluded].sort((a, b) => a - b), ctx.only && [...ctx.only].sort(), ctx.code]);
  return sha256(canon).slice(0, 32);
}

/** The key of an order of a graph: its options that change the result (the sources in scope sorted). */
export function orderKey(options: { flat?: boolean; excludeBase?: boolean; only?: ReadonlySet<number> }): string {
  return sha256(JSON.stringify([!!options.flat, !!options.excludeBase, options.only ? [...options.only].sort((a, b) => a - b) : null])).slice(0, 32);
}

/**
 * A hash of the files of the folders `dirs` (URLs of folders of compiled or source modules): a
 * change to how graphs or orders are computed makes a new key, so no stale answer is read.
 */
export function codeFingerprint(dirs: readonly URL[]): string {
  const h = createHash('sha256');
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /\.(js|ts|mjs)$/.test(n)).sort();
    } catch {
      h.update(`missing ${dir.href}\n`);
    }
    for (const n of names) h.update(`${n}\n`).update(readFileSync(new URL(n, dir)));
  }
  return h.digest('hex').slice(0, 32);
}

function sha256(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex');
}

/** The graph of one key in the store: its head when stored, its blocks read on demand. */
export class GraphStore {
  readonly #root: string;
  readonly #dir: string;
  readonly #key: string;
  #file?: { path: string; fd: number; starts: Uint32Array; sums: Uint32Array; n: number; nb: number; weights: number[] };
  /** The stored graph's head, or undefined when none is stored (or it was damaged). */
  head?: GraphHead;

  private constructor(root: string, key: string) {
    this.#root = root;
    this.#key = key;
    this.#dir = join(root, key);
  }

  /**
   * The entry of `key` under `options.cacheDir`: its head read and its data file opened when
   * stored. A damaged head throws {@link GraphStoreDamaged}.
   */
  static async open(options: Pick<BuildrootStoreOptions, 'cacheDir'>, key: string): Promise<GraphStore> {
    const store = new GraphStore(join(options.cacheDir, 'graphs'), key);
    const path = join(store.#dir, 'graph.json');
    const text = await readFile(path).catch(() => undefined);
    if (!text) return store;
    const file = checkedJson(path, text) as HeadFile;
    if (file.magic !== MAGIC || file.key !== key) throw new GraphStoreDamaged(path, 'not a graph of this key');
    const { binaryClass, ...head } = file.head;
    store.head = { ...head, sources: unpackSources(file.sources), binaryClass: binaryClass === null ? undefined : fromB64(binaryClass, (b) => new Uint8Array(b), 1) };
    const starts = fromB64(file.starts, (b, n) => new Uint32Array(b, 0, n), 4);
    const sums = fromB64(file.sums, (b, n) => new Uint32Array(b, 0, n), 4);
    const dataPath = join(store.#dir, file.data);
    let fd: number;
    try {
      fd = openSync(dataPath, 'r');
    } catch {
      throw new GraphStoreDamaged(dataPath, 'missing');
    }
    const n = store.head.sources.length;
    if (starts.length !== 3 * n + head.binaries.length + 1 || sums.length !== starts.length - 1 || !Array.isArray(file.weights)) throw new GraphStoreDamaged(path, 'block index does not fit the graph');
    store.#file = { path: dataPath, fd, starts, sums, n, nb: head.binaries.length, weights: file.weights };
    const now = new Date();
    await utimes(store.#dir, now, now).catch(() => undefined);
    return store;
  }

  /** Closes the data file. */
  close(): void {
    if (this.#file) closeSync(this.#file.fd);
    this.#file = undefined;
  }

  /** Removes this entry (after damage). */
  async remove(): Promise<void> {
    this.close();
    this.head = undefined;
    await rm(this.#dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Blocks `first .. last-1` as words, each checked against its checksum. */
  #read(first: number, last: number): { words: Int32Array; base: number } {
    const f = this.#file!;
    const base = f.starts[first];
    const words = new Int32Array(f.starts[last] - base);
    const bytes = new Uint8Array(words.buffer);
    let got = 0;
    while (got < bytes.length) {
      const k = readSync(f.fd, bytes, got, bytes.length - got, base * 4 + got);
      if (k <= 0) throw new GraphStoreDamaged(f.path, 'truncated');
      got += k;
    }
    for (let b = first; b < last; b++) if (fnv(words, f.starts[b] - base, f.starts[b + 1] - base) !== f.sums[b]) throw new GraphStoreDamaged(f.path, `block ${b} altered`);
    return { words, base };
  }

  /** The need rows of the sources `sources` (all when undefined), as columns sorted by (from, needs). */
  edges(sources?: ReadonlySet<number>): NeedEdges {
    const f = this.#file!;
    const wanted = sources ? [...sources].filter((i) => i >= 0 && i < f.n).sort((a, b) => a - b) : undefined;
    // Runs of consecutive sources are read at once.
    const runs: [number, number][] = [];
    if (!wanted) runs.push([0, f.n]);
    else for (const i of wanted) runs.length && runs[runs.length - 1][1] === i ? (runs[runs.length - 1][1] = i + 1) : runs.push([i, i + 1]);
    const parts = runs.map(([a, b]) => ({ a, b, ...this.#read(a, b) }));
    let rows = 0;
    let vias = 0;
    for (const p of parts) {
      for (let i = p.a; i < p.b; i++) {
        for (let w = f.starts[i] - p.base; w < f.starts[i + 1] - p.base; ) {
          const nv = p.words[w + 1] >>> 2;
          rows++;
          vias += nv;
          w += 2 + 2 * nv;
        }
      }
    }
    const E: NeedEdges = { count: rows, from: new Int32Array(rows), needs: new Int32Array(rows), kind: new Uint8Array(rows), viaStart: new Int32Array(rows + 1), viaBinary: new Int32Array(vias), viaRequire: new Int32Array(vias) };
    let r = 0;
    let v = 0;
    for (const p of parts) {
      for (let i = p.a; i < p.b; i++) {
        const end = f.starts[i + 1] - p.base;
        for (let w = f.starts[i] - p.base; w < end; ) {
          E.from[r] = i;
          E.needs[r] = p.words[w];
          E.kind[r] = p.words[w + 1] & 3;
          E.viaStart[r] = v;
          const nv = p.words[w + 1] >>> 2;
          w += 2;
          for (let k = 0; k < nv; k++, w += 2) {
            E.viaBinary[v] = p.words[w];
            E.viaRequire[v++] = p.words[w + 1];
          }
          r++;
        }
      }
    }
    E.viaStart[rows] = v;
    return E;
  }

  /**
   * What ordering reads of the rows of the sources `sources` (all when undefined), in the order
   * of {@link edges}: from the order rows section, the via lists read only for the rows asked
   * (each source's rows block read once).
   */
  orderRows(sources?: ReadonlySet<number>): OrderRows {
    const f = this.#file!;
    const head = this.head!;
    const wanted = sources ? [...sources].filter((i) => i >= 0 && i < f.n).sort((a, b) => a - b) : undefined;
    const runs: [number, number][] = [];
    if (!wanted) runs.push([0, f.n]);
    else for (const i of wanted) runs.length && runs[runs.length - 1][1] === i ? (runs[runs.length - 1][1] = i + 1) : runs.push([i, i + 1]);
    const off = 2 * f.n + f.nb; // first block of the order rows section
    const parts = runs.map(([a, b]) => ({ a, b, ...this.#read(off + a, off + b) }));
    let count = 0;
    for (const p of parts) count += (f.starts[off + p.b] - f.starts[off + p.a]) / 2;
    const from = new Int32Array(count);
    const needs = new Int32Array(count);
    const kind = new Uint8Array(count);
    const weight = new Float64Array(count);
    const content = new Uint8Array(count);
    const firstRow = new Int32Array(f.n);
    const weights = Float64Array.from(f.weights);
    const starts = f.starts;
    let r = 0;
    let maxWeight = 0;
    for (const p of parts) {
      const { words, base } = p;
      for (let i = p.a; i < p.b; i++) {
        firstRow[i] = r;
        const end = starts[off + i + 1] - base;
        for (let w = starts[off + i] - base; w < end; w += 2, r++) {
          const meta = words[w + 1];
          from[r] = i;
          needs[r] = words[w];
          kind[r] = meta & 3;
          content[r] = (meta >> 2) & 1;
          const k = meta >>> 3;
          if (k > maxWeight) maxWeight = k;
          weight[r] = weights[k];
        }
      }
    }
    if (count > 0 && maxWeight >= weights.length) throw new GraphStoreDamaged(f.path, 'an order row names no weight');
    const R = { count, from, needs, kind, weight, content };
    const blocks = new Map<number, Int32Array>();
    const via = (row: number): Via[] => {
      const i = R.from[row];
      let words = blocks.get(i);
      if (!words) blocks.set(i, (words = this.#read(i, i + 1).words));
      // Skip to the row's place in its source's block.
      let w = 0;
      for (let k = firstRow[i]; k < row; k++) w += 2 + 2 * (words[w + 1] >>> 2);
      if (words[w] !== R.needs[row]) throw new GraphStoreDamaged(f.path, `rows of source ${i} do not match its order rows`);
      const out: Via[] = [];
      const nv = words[w + 1] >>> 2;
      for (let k = 0, v = w + 2; k < nv; k++, v += 2) {
        const binary = head.binaries[words[v]];
        out.push(words[v + 1] >= 0 ? { binary, buildRequires: head.requires[words[v + 1]] } : { binary });
      }
      return out;
    };
    return { ...R, via };
  }

  /** The reverse lists, read block by block as they are asked for (the whole section once many are). */
  needIndex(): NeedIndex {
    const f = this.#file!;
    const section = (first: number, count: number) => {
      const memo = new Map<number, Int32Array>();
      let all: { words: Int32Array; base: number } | undefined;
      return (i: number): Int32Array => {
        if (i < 0 || i >= count) return new Int32Array(0);
        const b = first + i;
        if (all) return all.words.subarray(f.starts[b] - all.base, f.starts[b + 1] - all.base);
        let got = memo.get(i);
        if (!got) {
          if (memo.size >= 64) {
            all = this.#read(first, first + count);
            return all.words.subarray(f.starts[b] - all.base, f.starts[b + 1] - all.base);
          }
          memo.set(i, (got = this.#read(b, b + 1).words));
        }
        return got;
      };
    };
    return { sourceCount: f.n, neededBy: section(f.n, f.n), holders: section(2 * f.n, f.nb) };
  }

  /** Writes `graph` (and its reverse lists) as this key's entry, replacing what was there; prunes old entries. */
  async save(graph: BuildGraph, index: NeedIndexColumns): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const { words, starts, sums, weights } = encodeGraphData(graph, index);
    const id = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const data = `${id}.bin`;
    await writeAtomic(join(this.#dir, data), new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    const { edges, binaryClass, sources, ...rest } = graph;
    const head: HeadFile = {
      magic: MAGIC,
      key: this.#key,
      data,
      sources: packSources(sources),
      head: { ...rest, binaryClass: binaryClass ? b64(binaryClass) : null, edgeCount: edges.count, viaCount: edges.viaStart[edges.count] },
      starts: b64(starts),
      sums: b64(sums),
      weights,
    };
    await writeAtomic(join(this.#dir, 'graph.json'), checkedJsonBytes(head));
    // Data files another run saved for this key and whose head ours replaced: those older than a
    // while go (a younger one may be a concurrent run's, about to be named by its head).
    for (const name of await readdir(this.#dir)) {
      if (!name.endsWith('.bin') || name === data || name === 'install.bin') continue;
      const t = (await stat(join(this.#dir, name)).catch(() => undefined))?.mtimeMs ?? Date.now();
      if (Date.now() - t > 10 * 60_000) await rm(join(this.#dir, name), { force: true });
    }
    await pruneContexts(this.#root, GRAPHS_KEPT);
  }

  /** The stored order of `key` (see {@link orderKey}), or undefined. A damaged file throws {@link GraphStoreDamaged}. */
  async order(key: string): Promise<BuildOrderResult | undefined> {
    const path = join(this.#dir, `${key}.order`);
    const text = await readFile(path).catch(() => undefined);
    if (!text) return undefined;
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    return checkedJson(path, text) as BuildOrderResult;
  }

  /** The stored roles of the order of `key`, or undefined. */
  async roles(key: string): Promise<Uint8Array | undefined> {
    const path = join(this.#dir, `${key}.roles`);
    const bytes = await readFile(path).catch(() => undefined);
    return bytes && checkedBytes(path, bytes);
  }

  /** Keeps an order (without edges) and its row roles under `key`; keeps only the most recent orders. */
  async putOrder(key: string, result: BuildOrderResult, roles: Uint8Array): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeAtomic(join(this.#dir, `${key}.roles`), withSum(roles));
    await writeAtomic(join(this.#dir, `${key}.order`), checkedJsonBytes({ ...result, edges: undefined }));
    const names = (await readdir(this.#dir)).filter((n) => n.endsWith('.order'));
    if (names.length <= ORDERS_KEPT) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.#dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => b.t - a.t || (a.n < b.n ? -1 : 1));
    for (const { n } of dated.slice(ORDERS_KEPT)) {
      await rm(join(this.#dir, n), { force: true });
      await rm(join(this.#dir, n.replace(/\.order$/, '.roles')), { force: true });
    }
  }

  /** The cycle breaks kept for this graph (see cycle-memo.ts); empty when none. A damaged file throws {@link GraphStoreDamaged}. */
  async cycles(): Promise<CycleBreaks> {
    const path = join(this.#dir, 'cycles.json');
    const text = await readFile(path).catch(() => undefined);
    const out: CycleBreaks = new Map();
    if (!text) return out;
    const file = checkedJson(path, text) as { magic: string; breaks: [string, string][] };
    if (file.magic !== MAGIC || !Array.isArray(file.breaks)) throw new GraphStoreDamaged(path, 'not cycle breaks');
    for (const [key, ids] of file.breaks) out.set(key, fromB64(ids, (b, n) => new Int32Array(b, 0, n), 4));
    return out;
  }

  /** Keeps the cycle breaks `breaks` (all of them: what {@link cycles} read and what was added). */
  async putCycles(breaks: CycleBreaks): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const sorted = [...breaks].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, ids]) => [k, b64(ids)]);
    await writeAtomic(join(this.#dir, 'cycles.json'), checkedJsonBytes({ magic: MAGIC, breaks: sorted }));
  }

  /** The stored install index (see rdeps.ts), or undefined. */
  async install(): Promise<Int32Array | undefined> {
    const path = join(this.#dir, 'install.bin');
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) return undefined;
    const body = checkedBytes(path, bytes);
    if (body.length % 4) throw new GraphStoreDamaged(path, 'not whole words');
    return body.byteOffset % 4 ? new Int32Array(Uint8Array.from(body).buffer) : new Int32Array(body.buffer, body.byteOffset, body.length / 4);
  }

  /** The stored names of the install index's binaries (see rdeps.ts), or undefined. A damaged file throws {@link GraphStoreDamaged}. */
  async installNames(): Promise<InstallNames | undefined> {
    const path = join(this.#dir, 'install-names.json');
    const text = await readFile(path).catch(() => undefined);
    if (!text) return undefined;
    const j = checkedJson(path, text) as InstallNames;
    if (!Array.isArray(j.names) || !Array.isArray(j.sources) || j.names.length !== j.sources.length) throw new GraphStoreDamaged(path, 'not install names');
    return j;
  }

  /** Keeps the names of the install index's binaries. */
  async putInstallNames(names: InstallNames): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeAtomic(join(this.#dir, 'install-names.json'), checkedJsonBytes(names));
  }

  /** Keeps the install index. */
  async putInstall(words: Int32Array): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeAtomic(join(this.#dir, 'install.bin'), withSum(new Uint8Array(words.buffer, words.byteOffset, words.byteLength)));
  }
}

/** Writes `bytes` to a temporary name and renames it to `path`. */
async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
