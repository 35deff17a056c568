/**
 * Parsing a large primary.xml on several cores. libsolv's rpm-md reader is single-threaded and,
 * compiled to WebAssembly, about 1.5x slower than native; a distribution's primary is tens of
 * megabytes. So the XML is cut at top-level `<package>` boundaries into pieces, each piece (the
 * file's header + some packages + `</metadata>`) is parsed into a pool of its own (worker
 * threads when available, this thread otherwise) and written as .solv, and the parts are loaded
 * in order into one repo: the same solvables in the same order as one sequential parse.
 *
 * The number of pieces depends on the size alone, never on the machine, so the resulting pool is
 * the same everywhere. A cut can only be wrong if `<package` appears inside a comment, CDATA or a
 * processing instruction; then a piece is not well-formed, and the caller parses the whole file
 * in one piece, so errors always name the line of the real file. What a piece is lives in
 * primary-pieces.ts; the copy-free way of a large gzip file in primary-stream.ts.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GooseError } from '../errors.js';
import { compiledLibsolv } from '../solv/index.js';
import { believableGzipSize, decompress, DEFAULT_MAX_DECOMPRESSED_BYTES, usesNodeGunzip } from './compression.js';
import type { ModuleFilter } from './modules.js';
import type { ModulesJob, ModulesReply } from './modules-thread.js';
import { CLOSE_ROOT, MAX_PIECES, nextCut, nextPackageTag, parsePieceToSolv, pieceCount } from './primary-pieces.js';
import { streamPrimaryParts } from './primary-stream.js';

export { MAX_PIECES, parsePieceToSolv, PIECE_BYTES, pieceCount, SPLIT_BYTES } from './primary-pieces.js';

/**
 * Where a primary.xml is cut into at most `n` pieces: the first `<package` tag, then cut k at the
 * first `<package` tag at or after byte length * k / n. Undefined when it has no package at all.
 */
function cutPoints(bytes: Uint8Array, n: number): { first: number; cuts: number[] } | undefined {
  const xml = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = nextPackageTag(xml, 0, xml.length);
  if (first < 0) return undefined;
  const cuts: number[] = [];
  for (let k = 1; k < n; k++) {
    const at = nextCut(xml, xml.length, xml.length, k, n, cuts[cuts.length - 1] ?? first);
    if (at < 0) break;
    cuts.push(at);
  }
  return { first, cuts };
}

/**
 * Piece k of `xml` cut at `cuts` (a copy): the header (everything before the first package) for
 * k > 0, the file from cut k to cut k + 1, and `</metadata>` but for the last piece, which ends
 * with the file's own tail.
 */
function copyPiece(xml: Uint8Array, first: number, cuts: number[], k: number): Uint8Array {
  const last = k === cuts.length;
  const head = k === 0 ? xml.subarray(0, 0) : xml.subarray(0, first);
  const body = xml.subarray(k === 0 ? 0 : cuts[k - 1], last ? xml.length : cuts[k]);
  const tail = last ? CLOSE_ROOT.subarray(0, 0) : CLOSE_ROOT;
  const piece = new Uint8Array(head.length + body.length + tail.length);
  piece.set(head, 0);
  piece.set(body, head.length);
  piece.set(tail, head.length + body.length);
  return piece;
}

/**
 * Cuts a whole primary.xml into at most `n` pieces (copies; see {@link copyPiece}): piece 0 is the
 * file up to cut 1 plus `</metadata>`, piece k the header, the file from cut k to cut k + 1 and
 * `</metadata>`, the last piece the header and the rest of the file. Undefined when it has no
 * `<package>` at all (the caller parses it whole).
 */
export function splitPrimary(xml: Uint8Array, n: number): Uint8Array[] | undefined {
  if (n <= 1) return [xml];
  const at = cutPoints(xml, n);
  if (!at) return undefined;
  return Array.from({ length: at.cuts.length + 1 }, (_, k) => copyPiece(xml, at.first, at.cuts, k));
}

/**
 * {@link splitPrimary} for a buffer the caller gives up: pieces 1.. are copies, piece 0 is made in
 * place (`</metadata>` written over the start of piece 1, already copied), so piece 0 is never
 * copied and goes to its worker with the whole buffer, transferred. Undefined as for splitPrimary, and
 * when piece 0 cannot be made in place; `xml` is then unchanged.
 */
function splitPrimaryInPlace(xml: Uint8Array, n: number): Uint8Array[] | undefined {
  const at = cutPoints(xml, n);
  if (!at || at.cuts.length === 0 || at.cuts[0] + CLOSE_ROOT.length > xml.length) return undefined;
  const rest = Array.from({ length: at.cuts.length }, (_, k) => copyPiece(xml, at.first, at.cuts, k + 1));
  xml.set(CLOSE_ROOT, at.cuts[0]);
  return [xml.subarray(0, at.cuts[0] + CLOSE_ROOT.length), ...rest];
}

const workerFile = new URL('./parse-worker.js', import.meta.url);
// Workers need compiled JavaScript; under a TypeScript runner (tests) parse in this thread.
const canUseWorkers = workerFile.pathname.endsWith('.js') && !import.meta.url.endsWith('.ts');

/** One piece for a worker: its segments, read in order as one document. */
export interface PieceJob {
  index: number;
  segments: Uint8Array[];
  file: string;
}

/** A worker's answer for one piece. */
export interface PieceReply {
  index: number;
  solv?: Uint8Array;
  error?: { code: string; message: string };
}

/** A worker's answer to a modules job ({@link PieceWorkers.modules}). */
export interface PieceModulesReply extends ModulesReply {
  modules: true;
}

/**
 * Worker threads for the pieces, started before the XML is ready (a thread takes tens of
 * milliseconds to start and load the module: that overlaps decompression). Pieces are submitted
 * once cut; this thread parses the last one itself.
 */
export class PieceWorkers {
  readonly #threads: Worker[];
  readonly #idle: Worker[];
  readonly #queue: PieceJob[] = [];
  readonly #solv = new Map<number, Uint8Array>();
  #submitted = 0;
  #failed = false;
  #crash: Error | undefined;
  #wake: (() => void) | undefined;
  #modulesReply: ((filter: ModuleFilter | undefined) => void) | undefined;

  private constructor(threads: Worker[]) {
    this.#threads = threads;
    this.#idle = [...threads];
    for (const w of threads) {
      w.on('message', (msg: PieceReply | PieceModulesReply) => {
        if ('modules' in msg) return this.#modulesReply?.(msg.filter);
        if (msg.solv) this.#solv.set(msg.index, msg.solv);
        else this.#failed = true;
        this.#idle.push(w);
        this.#pump();
      });
      w.on('error', (e) => this.#fail(e));
      w.on('exit', (code) => this.#fail(new Error(`parse worker exited with code ${code}`)));
    }
  }

  /**
   * Starts the workers for a primary.xml of `bytes` (or about that: repomd's open-size): one per
   * piece beyond the last, at most cores - 1 (this thread parses the last piece). Undefined when
   * no worker would help, or under a TypeScript runner.
   */
  static forSize(bytes: number | undefined, maxWorkers = availableParallelism() - 1): PieceWorkers | undefined {
    const n = Math.min(pieceCount(bytes ?? 0) - 1, maxWorkers);
    if (!canUseWorkers || n <= 0) return undefined;
    // Workers share this thread's compiled libsolv (when it has one) instead of compiling their own.
    const libsolvModule = compiledLibsolv();
    return new PieceWorkers(Array.from({ length: n }, () => new Worker(workerFile, libsolvModule ? { workerData: { libsolvModule } } : {})));
  }

  /**
   * Queues piece `index`, its segments read in order as one document. Segments over a
   * SharedArrayBuffer are shared with the worker; any other segment's whole buffer is transferred
   * to it (given up here).
   */
  submit(index: number, segments: Uint8Array[], file: string): void {
    this.#submitted++;
    this.#queue.push({ index, segments, file });
    this.#pump();
  }

  #pump(): void {
    while (this.#idle.length && this.#queue.length && !this.#failed) {
      const job = this.#queue.shift()!;
      const w = this.#idle.pop()!;
      const transfer = [...new Set(job.segments.map((s) => s.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
      try {
        w.postMessage(job, transfer);
      } catch {
        w.postMessage(job); // a buffer Node will not transfer (pooled): the piece is copied
      }
    }
    this.#wake?.();
  }

  #fail(e: Error): void {
    this.#crash ??= e;
    this.#wake?.();
    this.#modulesReply?.(undefined);
  }

  /**
   * Computes the module filter of `job` on the first worker, once the pieces already sent to it
   * are parsed: on two cores the worker's piece is done before this thread's (which starts with the
   * decompression), so the YAML is parsed in that slack, by a thread already started. Resolves to undefined when the worker
   * failed (the caller computes the filter itself, and reports the error), and closes the
   * threads once answered: call {@link close} only when this was not called.
   */
  modules(job: ModulesJob): Promise<ModuleFilter | undefined> {
    const reply = new Promise<ModuleFilter | undefined>((resolve) => (this.#modulesReply = resolve));
    if (this.#crash) this.#modulesReply?.(undefined); // a thread already gone answers nothing
    else this.#threads[0].postMessage({ modules: job });
    return reply.finally(() => this.close());
  }

  /** The .solv of every submitted piece by index; undefined when one was not well-formed. */
  async results(): Promise<Map<number, Uint8Array> | undefined> {
    while (!this.#failed && !this.#crash && this.#solv.size < this.#submitted) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
    // A worker that died (out of memory, say) is handled like a bad piece: this thread parses
    // the whole file instead.
    return this.#failed || this.#crash ? undefined : this.#solv;
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    for (const w of this.#threads) w.removeAllListeners('exit');
    await Promise.all(this.#threads.map((w) => w.terminate()));
  }
}

/**
 * Parses a file's pieces: all but the last go to `workers` (or are parsed here, without
 * workers), the last is parsed here. Undefined when a piece is not well-formed.
 */
class PieceParser {
  readonly #parts = new Map<number, Uint8Array>();
  #next = 0;
  #failed = false;

  constructor(
    readonly file: string,
    readonly workers: PieceWorkers | undefined,
  ) {}

  /**
   * Takes all the pieces of a file, in order; `sent` runs once the workers have theirs, before
   * this thread parses (and blocks on) its own.
   */
  take(pieces: Uint8Array[], sent?: () => void): void {
    const workers = this.workers;
    const index = this.#next;
    this.#next += pieces.length;
    if (workers) pieces.slice(0, -1).forEach((piece, k) => workers.submit(index + k, [piece], this.file));
    sent?.();
    (workers ? pieces.slice(-1) : pieces).forEach((piece, k) => this.#parseHere(index + (workers ? pieces.length - 1 : k), piece));
  }

  #parseHere(index: number, piece: Uint8Array): void {
    if (this.#failed) return;
    try {
      this.#parts.set(index, parsePieceToSolv(piece, this.file));
    } catch (e) {
      if (!(e instanceof GooseError)) throw e;
      this.#failed = true;
    }
  }

  /** Every part in order, once the workers are done; undefined when a piece failed. */
  async parts(): Promise<Uint8Array[] | undefined> {
    const fromWorkers = this.workers ? await this.workers.results() : new Map<number, Uint8Array>();
    if (this.#failed || !fromWorkers) return undefined;
    const out: Uint8Array[] = [];
    for (let k = 0; k < this.#next; k++) {
      const part = this.#parts.get(k) ?? fromWorkers.get(k);
      if (!part) return undefined;
      out.push(part);
    }
    return out;
  }
}

/**
 * Parses an uncompressed primary.xml into .solv parts, to be loaded in order into one repo, on
 * `workers` when given (the caller closes them) and in this thread otherwise; `pieces` overrides
 * {@link pieceCount} (tests). Throws the parse error of the whole file (with its real line) when
 * the file is malformed.
 */
export async function parsePrimaryToSolvParts(xml: Uint8Array, options: { file: string; workers?: PieceWorkers; pieces?: number }): Promise<Uint8Array[]> {
  const pieces = splitPrimary(xml, options.pieces ?? pieceCount(xml.length));
  if (!pieces || pieces.length === 1) return [parsePieceToSolv(xml, options.file)];
  const parser = new PieceParser(options.file, options.workers);
  parser.take(pieces);
  // A piece that is not well-formed means the cut was wrong or the file is bad: parse it whole.
  return (await parser.parts()) ?? [parsePieceToSolv(xml, options.file)];
}

/** Options of {@link primaryToSolvParts}. */
export interface PrimaryPartsOptions {
  /** Path or URL, for errors. */
  file: string;
  /** Cap on the decompressed size. */
  maxBytes?: number;
  /** repomd's open-size: starts the workers before decompressing. */
  expectedBytes?: number;
  /** Threads parsing at once, this one included (default: one per core). */
  threads?: number;
  /**
   * Worker threads the caller started earlier ({@link PieceWorkers.forSize} with repomd's
   * open-size, before fetching the file): a thread takes tens of milliseconds to start, more on
   * a loaded machine. They are taken over (and closed) here.
   */
  workers?: PieceWorkers;
}

/**
 * A primary.xml, compressed or not, as .solv parts: the path openRepos takes. Worker threads
 * start first (a thread takes tens of milliseconds to start and load libsolv: that overlaps
 * decompression; repomd's open-size, `expectedBytes`, or a gzip trailer says how large the
 * file is). A large gzip file is then inflated a step at a time into memory the workers share,
 * each piece sent once inflated, this thread's own parsed as it is inflated (primary-stream.ts);
 * other files are decompressed whole, in one buffer, and cut: the first piece is handed to a
 * worker without a copy, this thread parses the last. `threads` caps the threads
 * parsing at once, this one included (default: one per core); the parts are the same whatever
 * it is.
 */
export async function primaryToSolvParts(data: Uint8Array, options: PrimaryPartsOptions): Promise<Uint8Array[]> {
  return (await primaryAndModules(data, options)).parts;
}

/**
 * {@link primaryToSolvParts}, and the module filter of `modules` computed on a parse worker once
 * its piece is done. `modules` in the answer is undefined when no worker took the job (a small
 * primary, one thread): the caller computes the filter elsewhere; when its promise resolves to
 * undefined, the worker failed and the caller computes it (and reports the error) itself.
 */
export async function primaryToSolvPartsAndModules(data: Uint8Array, options: PrimaryPartsOptions & { modules: ModulesJob }): Promise<{ parts: Uint8Array[]; modules?: Promise<ModuleFilter | undefined> }> {
  return primaryAndModules(data, options, options.modules);
}

async function primaryAndModules(data: Uint8Array, options: PrimaryPartsOptions, job?: ModulesJob): Promise<{ parts: Uint8Array[]; modules?: Promise<ModuleFilter | undefined> }> {
  const file = options.file;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const maxWorkers = (options.threads ?? availableParallelism()) - 1;
  // A gzip trailer's size only when believable, so a small file cannot make us start threads for nothing.
  const stated = believableGzipSize(data);
  let workers = options.workers ?? PieceWorkers.forSize(stated ?? options.expectedBytes, maxWorkers);
  let modules: Promise<ModuleFilter | undefined> | undefined;
  // The workers answering the modules job: they close once it is answered.
  let modulesOn: PieceWorkers | undefined;
  const askModules = (w: PieceWorkers | undefined) => {
    if (!job || !w || modules) return;
    modules = w.modules(job);
    modulesOn = w;
  };
  try {
    // A large gzip file, with workers: inflated a step at a time into memory they share, without
    // copies (primary-stream.ts). The same parts as below; anything unexpected (another gzip
    // layout, corrupt data, a piece that does not parse) drops the workers' answers and goes the
    // buffered way below, in this thread, which reports errors as usual.
    if (workers && stated !== undefined && stated <= maxBytes && pieceCount(stated) > 1 && usesNodeGunzip()) {
      const w = workers;
      const streamed = await streamPrimaryParts(data, { file, stated, workers: w, sent: () => askModules(w) });
      if (streamed) return { parts: streamed, modules };
      if (w !== modulesOn) await w.close();
      workers = undefined;
    }
    const xml = decompress(data, { file, maxBytes });
    workers ??= PieceWorkers.forSize(xml.length, maxWorkers);
    const n = pieceCount(xml.length);
    // A decompressed buffer is ours to cut in place; the caller's plain bytes are not.
    const pieces = n > 1 && xml !== data ? splitPrimaryInPlace(xml, n) : undefined;
    if (!pieces) return { parts: await parsePrimaryToSolvParts(xml, { file, workers }) };
    const parser = new PieceParser(file, workers);
    const w = workers;
    parser.take(pieces, () => askModules(w));
    // A piece that is not well-formed means the cut was wrong or the file is bad: parse it whole
    // (decompressed again, as piece 0 was cut in place and may have gone to a worker).
    return { parts: (await parser.parts()) ?? [parsePieceToSolv(decompress(data, { file, maxBytes }), file)], modules };
  } finally {
    if (workers && workers !== modulesOn) await workers.close();
  }
}

const PARTS_MAGIC = 0x50534447; // "GDSP" little-endian: goose-deps solv parts

/** Packs .solv parts into one cache file: magic, count, lengths (u32 LE), then the parts. */
export function packSolvParts(parts: Uint8Array[]): Uint8Array {
  const head = 8 + 4 * parts.length;
  const total = parts.reduce((n, p) => n + p.length, head);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, PARTS_MAGIC, true);
  view.setUint32(4, parts.length, true);
  let off = head;
  parts.forEach((p, k) => {
    view.setUint32(8 + 4 * k, p.length, true);
    out.set(p, off);
    off += p.length;
  });
  return out;
}

/** The parts of a cache file written by {@link packSolvParts}; undefined when it is not one. */
export function unpackSolvParts(bytes: Uint8Array): Uint8Array[] | undefined {
  return solvPartRanges(bytes, bytes.length)?.map((r) => bytes.subarray(r.offset, r.offset + r.length));
}

/** The byte length of a parts file's header whose first 8 bytes are `head`; undefined when it is not one. */
export function solvPartsHeaderLength(head: Uint8Array): number | undefined {
  if (head.length < 8) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0, true) !== PARTS_MAGIC) return undefined;
  const n = view.getUint32(4, true);
  return n < 1 || n > MAX_PIECES ? undefined : 8 + 4 * n;
}

/**
 * Where each part of a parts file of `total` bytes lies, from its header (`head`: the file's
 * start, at least the whole header); undefined when the header does not describe such a file.
 */
export function solvPartRanges(head: Uint8Array, total: number): { offset: number; length: number }[] | undefined {
  const size = solvPartsHeaderLength(head);
  if (size === undefined || head.length < size || total < size) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const ranges: { offset: number; length: number }[] = [];
  let off = size;
  for (let k = 0; k < (size - 8) / 4; k++) {
    const length = view.getUint32(8 + 4 * k, true);
    if (off + length > total) return undefined;
    ranges.push({ offset: off, length });
    off += length;
  }
  return off === total ? ranges : undefined;
}
