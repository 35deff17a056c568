/**
 * The store of solved buildroots: every outcome of the solve service kept in the cache folder,
 * so that the next run over the same repositories reads its buildroots instead of solving them.
 *
 * Validity rule (pure: {@link storeContextKey}): a solve depends only on its request, the build
 * group, the architecture, the weak flag and the binary repositories it was solved against (their
 * content, order and exclusions). Outcomes are kept per *context* (all of these but the request),
 * under `<cache>/buildroots/<context key>/`, one file per request key set written by a run.
 *
 * Files are written whole to a temporary name and renamed into place, each run writing a new
 * *segment* (its own misses) beside the existing ones, so concurrent runs sharing a cache never
 * overwrite each other's work; a reader merges every segment of its context, and compacts them
 * into one when there are many. A damaged segment (truncated, altered) is skipped with a warning
 * and its requests are solved again. Only the most recently used contexts are kept (see
 * {@link STORE_CONTEXTS_KEPT}).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildrootOutcome } from './resolver.js';
import { decodeSnapshot, encodeSnapshot, type PoolSnapshot } from './snapshot.js';

/** Where and how a solve service keeps its outcomes. */
export interface BuildrootStoreOptions {
  /** The cache folder (the store lives in its `buildroots/` subfolder). */
  cacheDir: string;
  /** Receives one line per damaged store file (skipped, its requests solved again). */
  onWarning?: (line: string) => void;
}

/** Everything besides the request that a buildroot solve depends on. */
export interface StoreContext {
  /** The pool's architecture. */
  arch: string;
  /** The build group names. */
  group: readonly string[];
  /** Weak dependencies installed. */
  weak: boolean;
  /** One content key per binary repository, in pool order (see repoContentKey). */
  repos: readonly string[];
  /** Solvable ids hidden from the solver (module filtering, excludes). */
  excluded: readonly number[];
  /** The binary repositories' names, in pool order: part of the family (see {@link storeFamilyKey}), not of the context key. */
  names?: readonly string[];
}

/** Outcomes of an earlier context of the same family and the snapshot of the pool they were solved in. */
export interface PreviousContext {
  /** Its outcomes by request key. */
  entries: Map<string, BuildrootOutcome>;
  /** Its pool snapshot. */
  snapshot: PoolSnapshot;
}

/** Contexts kept in a store folder (the most recently used ones): repositories no longer named fall out. */
export const STORE_CONTEXTS_KEPT = 12;
/** Segments of one context merged into one when a reader finds more than this many. */
const COMPACT_AFTER = 8;
const MAGIC = 'goose-buildroots-1\n';
const SUM_BYTES = 32;

/** The key of a context: equal keys, equal solves for equal requests (a sha256 of the context's canonical form). */
export function storeContextKey(ctx: StoreContext): string {
  const canon = JSON.stringify([MAGIC, ctx.arch, [...ctx.group].sort(), ctx.weak, ctx.repos, [...ctx.excluded].sort((a, b) => a - b)]);
  return createHash('sha256').update(canon).digest('hex').slice(0, 32);
}

/**
 * The key of a context's *family*: the same repositories (names, kinds, priorities, in order),
 * group, arch and weak flag, whatever their content. Contexts of one family are where the
 * incremental re-solve (carry.ts) looks for outcomes to carry over.
 */
export function storeFamilyKey(ctx: StoreContext): string {
  const role = (key: string) => {
    const k = key.replace(/^\d+-\d+:/, '');
    const m = /^rpm-md:[0-9a-f]+:(.*)$/.exec(k);
    return m ? `rpm-md:${m[1]}` : k.replace(/^solv:[0-9a-f]+$/, 'solv');
  };
  const canon = JSON.stringify(['family', MAGIC, ctx.arch, [...ctx.group].sort(), ctx.weak, ctx.repos.map(role), ctx.names ?? []]);
  return createHash('sha256').update(canon).digest('hex').slice(0, 32);
}

/** Reads every segment of a context folder (damaged ones warned about and removed). */
async function readSegments(dir: string, warn?: (line: string) => void): Promise<{ entries: Map<string, BuildrootOutcome>; segments: string[] }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.seg')).sort();
  const entries = new Map<string, BuildrootOutcome>();
  const segments: string[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name)).catch(() => undefined);
    if (!bytes) continue; // compacted away by another run meanwhile: its entries are in the new segment
    const seg = decodeSegment(bytes);
    if (!seg) {
      warn?.(`goose-deps: warning: damaged buildroot store file ${join(dir, name)} skipped; its buildroots are solved again\n`);
      await rm(join(dir, name), { force: true }).catch(() => undefined);
      continue;
    }
    segments.push(name);
    for (const [k, o] of seg) entries.set(k, o);
  }
  return { entries, segments };
}

/** Outcomes with their request keys as the bytes of one segment file (with a trailing sha256). */
export function encodeSegment(entries: ReadonlyMap<string, BuildrootOutcome>): Uint8Array {
  const keys = [...entries.keys()].sort();
  const header = Buffer.from(JSON.stringify(keys));
  let n = 0;
  for (const k of keys) n += 3 + entries.get(k)!.installed.length + entries.get(k)!.direct.length;
  const ints = new Int32Array(n);
  let i = 0;
  for (const k of keys) {
    const o = entries.get(k)!;
    ints[i++] = o.ok ? 1 : 0;
    ints[i++] = o.installed.length;
    ints.set(o.installed, i);
    i += o.installed.length;
    ints[i++] = o.direct.length;
    ints.set(o.direct, i);
    i += o.direct.length;
  }
  const body = Buffer.from(ints.buffer);
  const head = Buffer.alloc(MAGIC.length + 8);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, MAGIC.length);
  head.writeUInt32LE(ints.length, MAGIC.length + 4);
  const all = Buffer.concat([head, header, body]);
  return Buffer.concat([all, createHash('sha256').update(all).digest()]);
}

/** The entries of a segment file, or undefined when it is damaged (wrong magic, length or checksum). */
export function decodeSegment(bytes: Uint8Array): Map<string, BuildrootOutcome> | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < MAGIC.length + 8 + SUM_BYTES || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const data = buf.subarray(0, buf.length - SUM_BYTES);
  if (!createHash('sha256').update(data).digest().equals(buf.subarray(buf.length - SUM_BYTES))) return undefined;
  const hlen = data.readUInt32LE(MAGIC.length);
  const nints = data.readUInt32LE(MAGIC.length + 4);
  const bodyAt = MAGIC.length + 8 + hlen;
  if (bodyAt + nints * 4 !== data.length) return undefined;
  let keys: unknown;
  try {
    keys = JSON.parse(data.toString('utf8', MAGIC.length + 8, bodyAt));
  } catch {
    return undefined;
  }
  if (!Array.isArray(keys)) return undefined;
  const ints = new Int32Array(data.buffer.slice(data.byteOffset + bodyAt, data.byteOffset + bodyAt + nints * 4));
  const out = new Map<string, BuildrootOutcome>();
  let i = 0;
  for (const k of keys) {
    if (typeof k !== 'string' || i + 2 > nints) return undefined;
    const ok = ints[i++] === 1;
    const ni = ints[i++];
    if (ni < 0 || i + ni + 1 > nints) return undefined;
    // Views into the one body copy (entries are never written to: SolveService hands out copies).
    const installed = ints.subarray(i, i + ni);
    i += ni;
    const nd = ints[i++];
    if (nd < 0 || i + nd > nints) return undefined;
    const direct = ints.subarray(i, i + nd);
    i += nd;
    out.set(k, { ok, installed, direct });
  }
  return i === nints ? out : undefined;
}

/** The outcomes of one context: those read from its folder, plus those added since. */
export class BuildrootStore {
  readonly #dir: string;
  readonly #root: string;
  readonly #entries: Map<string, BuildrootOutcome>;
  readonly #added = new Map<string, BuildrootOutcome>();
  readonly #segments: string[];
  readonly #warn?: (line: string) => void;
  readonly #family: string;
  #hasSnapshot: boolean;
  #pendingSnapshot?: PoolSnapshot;

  private constructor(root: string, dir: string, entries: Map<string, BuildrootOutcome>, segments: string[], family: string, hasSnapshot: boolean, warn?: (line: string) => void) {
    this.#root = root;
    this.#dir = dir;
    this.#entries = entries;
    this.#segments = segments;
    this.#family = family;
    this.#hasSnapshot = hasSnapshot;
    this.#warn = warn;
  }

  get #snapshotName(): string {
    return `snapshot-${this.#family}.bin`;
  }

  /** Reads the store of `ctx` under `options.cacheDir` (empty when there is none yet). */
  static async open(options: BuildrootStoreOptions, ctx: StoreContext): Promise<BuildrootStore> {
    const root = join(options.cacheDir, 'buildroots');
    const dir = join(root, storeContextKey(ctx));
    const family = storeFamilyKey(ctx);
    const { entries, segments } = await readSegments(dir, options.onWarning);
    const hasSnapshot = (await stat(join(dir, `snapshot-${family}.bin`)).catch(() => undefined)) !== undefined;
    return new BuildrootStore(root, dir, entries, segments, family, hasSnapshot, options.onWarning);
  }

  /** True when this context has no pool snapshot yet (the next flush writes one given with {@link BuildrootStore.setSnapshot}). */
  get needsSnapshot(): boolean {
    return !this.#hasSnapshot && !this.#pendingSnapshot;
  }

  /** Keeps `snap` (this context's pool snapshot) to be written by the next flush. */
  setSnapshot(snap: PoolSnapshot): void {
    if (!this.#hasSnapshot) this.#pendingSnapshot = snap;
  }

  /**
   * The most recently used other context of this family that has a snapshot: its outcomes and
   * snapshot (undefined when there is none, or it is damaged: a warning then).
   */
  async previous(): Promise<PreviousContext | undefined> {
    const here = this.#dir.slice(this.#root.length + 1);
    const dirs = (await readdir(this.#root).catch(() => [] as string[])).filter((d) => d !== here);
    const found: { d: string; t: number }[] = [];
    for (const d of dirs) {
      const st = await stat(join(this.#root, d, this.#snapshotName)).catch(() => undefined);
      if (st) found.push({ d, t: (await stat(join(this.#root, d)).catch(() => undefined))?.mtimeMs ?? 0 });
    }
    found.sort((a, b) => b.t - a.t || (a.d < b.d ? -1 : 1));
    for (const { d } of found) {
      const file = join(this.#root, d, this.#snapshotName);
      const bytes = await readFile(file).catch(() => undefined);
      const snapshot = bytes && decodeSnapshot(bytes);
      if (!snapshot) {
        if (bytes) this.#warn?.(`goose-deps: warning: damaged buildroot store file ${file} skipped\n`);
        await rm(file, { force: true }).catch(() => undefined);
        continue;
      }
      const { entries } = await readSegments(join(this.#root, d), this.#warn);
      return { entries, snapshot };
    }
    return undefined;
  }

  /** Number of outcomes held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The stored outcome of the request with key `key` (see requestKey). */
  get(key: string): BuildrootOutcome | undefined {
    return this.#entries.get(key);
  }

  /** Keeps `outcome` for request key `key` (written by {@link BuildrootStore.flush}). */
  put(key: string, outcome: BuildrootOutcome): void {
    if (this.#entries.has(key)) return;
    const copy = { ok: outcome.ok, installed: Int32Array.from(outcome.installed), direct: Int32Array.from(outcome.direct) };
    this.#entries.set(key, copy);
    this.#added.set(key, copy);
  }

  /**
   * Writes the outcomes added since the last flush as a new segment (atomic rename), compacts the
   * context's segments when there are many, and prunes old contexts. A failure to write only warns.
   */
  async flush(): Promise<void> {
    try {
      await mkdir(this.#dir, { recursive: true });
      if (this.#added.size) {
        const compact = this.#segments.length >= COMPACT_AFTER;
        const name = await this.#write(compact ? this.#entries : this.#added);
        if (compact) {
          for (const s of this.#segments) await rm(join(this.#dir, s), { force: true });
          this.#segments.length = 0;
        }
        this.#segments.push(name);
        this.#added.clear();
      }
      if (this.#pendingSnapshot) {
        const tmp = join(this.#dir, `${this.#snapshotName}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
        await writeFile(tmp, encodeSnapshot(this.#pendingSnapshot));
        await rename(tmp, join(this.#dir, this.#snapshotName));
        this.#pendingSnapshot = undefined;
        this.#hasSnapshot = true;
      }
      const now = new Date();
      await utimes(this.#dir, now, now);
      await pruneContexts(this.#root, STORE_CONTEXTS_KEPT);
    } catch (e) {
      this.#warn?.(`goose-deps: warning: cannot write the buildroot store in ${this.#dir}: ${(e as Error).message}\n`);
    }
  }

  async #write(entries: ReadonlyMap<string, BuildrootOutcome>): Promise<string> {
    const id = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const name = `${id}.seg`;
    const tmp = join(this.#dir, `${id}.tmp`);
    try {
      await writeFile(tmp, encodeSegment(entries), { flag: 'wx' });
      await rename(tmp, join(this.#dir, name));
    } finally {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
    return name;
  }
}

/** Removes all but the `keep` most recently used context folders of a store root. */
export async function pruneContexts(root: string, keep: number): Promise<void> {
  const dirs = await readdir(root).catch(() => [] as string[]);
  if (dirs.length <= keep) return;
  const dated = await Promise.all(dirs.map(async (d) => ({ d, t: (await stat(join(root, d)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.t - a.t || (a.d < b.d ? -1 : 1));
  for (const { d } of dated.slice(keep)) await rm(join(root, d), { recursive: true, force: true }).catch(() => undefined);
}
