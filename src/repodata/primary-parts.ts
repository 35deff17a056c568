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
 * in one piece, so errors always name the line of the real file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GooseError } from '../errors.js';
import { compiledLibsolv, Pool } from '../solv/index.js';
import { decompress, DEFAULT_MAX_DECOMPRESSED_BYTES, gunzipInto, gzipStatedSize } from './compression.js';

/** Below this size a primary is parsed in one piece: a worker thread would not pay for itself. */
export const SPLIT_BYTES = 24 * 1024 * 1024;
/** Above {@link SPLIT_BYTES}, one piece per this many bytes, at least 2. */
export const PIECE_BYTES = 64 * 1024 * 1024;
/** At most this many pieces. */
export const MAX_PIECES = 8;

/**
 * How many pieces an XML file of `bytes` is parsed in: 1 below 24 MiB, 2 up to 192 MiB (every
 * large repository on a 2-core machine, where 2 is the best split), then one per 64 MiB, at most
 * 8. It depends on the size alone, so the same file gives the same pool on every machine.
 */
export function pieceCount(bytes: number): number {
  if (bytes < SPLIT_BYTES) return 1;
  return Math.max(2, Math.min(MAX_PIECES, Math.floor(bytes / PIECE_BYTES)));
}

const OPEN = Array.from('<package', (c) => c.charCodeAt(0));
const CLOSE_ROOT = new TextEncoder().encode('</metadata>\n');

/** Index of the next `<package` start tag (not `<packager>`) in [from, end), or -1. */
function nextPackageTag(xml: Uint8Array, from: number, end: number): number {
  for (let i = xml.indexOf(0x3c, from); i >= 0 && i + OPEN.length < end; i = xml.indexOf(0x3c, i + 1)) {
    let k = 1;
    while (k < OPEN.length && xml[i + k] === OPEN[k]) k++;
    if (k < OPEN.length) continue;
    const next = xml[i + OPEN.length];
    if (next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f) return i;
  }
  return -1;
}

/**
 * Cuts a primary.xml of `total` bytes into at most `n` pieces, as its bytes arrive (so the
 * first pieces can be parsed while the rest is still being decompressed). Cut k is the first
 * `<package` tag at or after byte total * k / n. Piece 0 is the file up to cut 1 plus
 * `</metadata>`; piece k is the header (everything before the first package), the file from cut k
 * to cut k + 1, and `</metadata>`; the last piece ends with the file's own tail.
 */
export class PieceCutter {
  readonly #xml: Uint8Array;
  readonly #total: number;
  readonly #n: number;
  #first = -1;
  readonly #cuts: number[] = [];
  #done = false;
  #emitted = 0;

  /** `xml` is the buffer the content is written into; `total` its final length. */
  constructor(xml: Uint8Array, total: number, n: number) {
    this.#xml = xml;
    this.#total = total;
    this.#n = n;
  }

  /**
   * Call as content arrives, `filled` bytes so far (`final` once all is there): the pieces that
   * became complete, in order. At the end, undefined when the file has no package at all.
   */
  advance(filled: number, final: boolean): Uint8Array[] | undefined {
    const xml = this.#xml;
    const end = final ? this.#total : filled;
    if (this.#first < 0) {
      this.#first = nextPackageTag(xml, 0, end);
      if (this.#first < 0) return final ? undefined : [];
    }
    while (!this.#done && this.#cuts.length + 1 < this.#n) {
      const k = this.#cuts.length + 1;
      const from = Math.max(Math.floor((this.#total * k) / this.#n), (this.#cuts[this.#cuts.length - 1] ?? this.#first) + 1);
      const at = from < end ? nextPackageTag(xml, from, end) : -1;
      if (at >= 0) this.#cuts.push(at);
      else if (final) this.#done = true;
      else break;
    }
    if (final) this.#done = true;
    const out: Uint8Array[] = [];
    const header = xml.subarray(0, this.#first);
    while (this.#emitted < this.#cuts.length || (this.#done && this.#emitted === this.#cuts.length)) {
      const k = this.#emitted++;
      const last = k === this.#cuts.length;
      const from = k === 0 ? 0 : this.#cuts[k - 1];
      const body = xml.subarray(from, last ? this.#total : this.#cuts[k]);
      const head = k === 0 ? xml.subarray(0, 0) : header;
      const tail = last ? xml.subarray(0, 0) : CLOSE_ROOT;
      const piece = new Uint8Array(head.length + body.length + tail.length);
      piece.set(head, 0);
      piece.set(body, head.length);
      piece.set(tail, head.length + body.length);
      out.push(piece);
    }
    return out;
  }
}

/**
 * Cuts a whole primary.xml into at most `n` pieces (see {@link PieceCutter}); undefined when it
 * has no `<package>` at all (the caller parses it whole).
 */
export function splitPrimary(xml: Uint8Array, n: number): Uint8Array[] | undefined {
  if (n <= 1) return [xml];
  return new PieceCutter(xml, xml.length, n).advance(xml.length, true);
}

/** Parses one piece of primary XML into a pool of its own and returns it as .solv bytes. */
export function parsePieceToSolv(piece: Uint8Array, file: string): Uint8Array {
  const pool = new Pool();
  try {
    const repo = pool.addRepo('piece');
    repo.addRpmmd(piece, { file });
    return repo.writeSolv();
  } finally {
    pool.free();
  }
}

const workerFile = new URL('./parse-worker.js', import.meta.url);
// Workers need compiled JavaScript; under a TypeScript runner (tests) parse in this thread.
const canUseWorkers = workerFile.pathname.endsWith('.js') && !import.meta.url.endsWith('.ts');

/** A worker's answer for one piece. */
export interface PieceReply {
  index: number;
  solv?: Uint8Array;
  error?: { code: string; message: string };
}

/**
 * Worker threads for the pieces, started before the XML is ready (a thread takes tens of
 * milliseconds to start and load the module: that overlaps decompression). Pieces are submitted
 * as they become complete; this thread parses the last one itself.
 */
export class PieceWorkers {
  readonly #threads: Worker[];
  readonly #idle: Worker[];
  readonly #queue: { index: number; piece: Uint8Array; file: string }[] = [];
  readonly #solv = new Map<number, Uint8Array>();
  #submitted = 0;
  #failed = false;
  #crash: Error | undefined;
  #wake: (() => void) | undefined;

  private constructor(threads: Worker[]) {
    this.#threads = threads;
    this.#idle = [...threads];
    for (const w of threads) {
      w.on('message', (msg: PieceReply) => {
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

  /** Queues piece `index` (its buffer is transferred to a worker). */
  submit(index: number, piece: Uint8Array, file: string): void {
    this.#submitted++;
    this.#queue.push({ index, piece, file });
    this.#pump();
  }

  #pump(): void {
    while (this.#idle.length && this.#queue.length && !this.#failed) {
      const job = this.#queue.shift()!;
      this.#idle.pop()!.postMessage(job, [job.piece.buffer as ArrayBuffer]);
    }
    this.#wake?.();
  }

  #fail(e: Error): void {
    this.#crash ??= e;
    this.#wake?.();
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
 * Parses pieces as a cutter yields them: all but the last go to `workers` (or are parsed here,
 * without workers), the last is parsed here. Undefined when a piece is not well-formed.
 */
class PieceParser {
  readonly #parts = new Map<number, Uint8Array>();
  #next = 0;
  #failed = false;

  constructor(
    readonly file: string,
    readonly workers: PieceWorkers | undefined,
  ) {}

  /** Takes complete pieces in file order; `final` says the last of them is the file's last piece. */
  take(pieces: Uint8Array[], final: boolean): void {
    pieces.forEach((piece, k) => {
      const index = this.#next++;
      const isLast = final && k === pieces.length - 1;
      if (this.workers && !isLast) this.workers.submit(index, piece, this.file);
      else this.#parseHere(index, piece);
    });
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
  parser.take(pieces, true);
  // A piece that is not well-formed means the cut was wrong or the file is bad: parse it whole.
  return (await parser.parts()) ?? [parsePieceToSolv(xml, options.file)];
}

/**
 * A primary.xml, compressed or not, as .solv parts: the path openRepos takes. A large gzip file
 * (most repositories) is cut into pieces while it is inflated, and worker threads, started
 * first, parse the early pieces while the rest is still being inflated. Anything else is
 * decompressed whole first (workers started before that when `expectedBytes`, repomd's
 * open-size, says the file is large). `threads` caps the threads parsing at once, this one
 * included (default: one per core); the parts are the same whatever it is.
 */
export async function primaryToSolvParts(data: Uint8Array, options: { file: string; maxBytes?: number; expectedBytes?: number; threads?: number }): Promise<Uint8Array[]> {
  const file = options.file;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const maxWorkers = (options.threads ?? availableParallelism()) - 1;
  // The size a gzip trailer states is only believed within deflate's limit (about 1032:1), so a
  // small file cannot make us reserve gigabytes; past it the capped plain path reports a bomb.
  const trailer = gzipStatedSize(data);
  const stated = trailer !== undefined && trailer <= data.length * 1032 ? trailer : undefined;
  let workers = PieceWorkers.forSize(stated ?? options.expectedBytes, maxWorkers);
  try {
    if (stated !== undefined && stated <= maxBytes && pieceCount(stated) > 1) {
      const parts = await streamGzipPieces(data, stated, file, workers);
      if (parts) return parts;
      // Not what the trailer said (more members, damage): start again the plain way.
      await workers?.close();
      workers = PieceWorkers.forSize(stated, maxWorkers);
    }
    const xml = decompress(data, { file, maxBytes });
    workers ??= PieceWorkers.forSize(xml.length, maxWorkers);
    return await parsePrimaryToSolvParts(xml, { file, workers });
  } finally {
    await workers?.close();
  }
}

/** Inflates into one buffer, handing each piece to the workers as soon as it is complete. */
async function streamGzipPieces(data: Uint8Array, total: number, file: string, workers: PieceWorkers | undefined): Promise<Uint8Array[] | undefined> {
  const xml = new Uint8Array(total);
  const cutter = new PieceCutter(xml, total, pieceCount(total));
  const parser = new PieceParser(file, workers);
  // Look for cuts every 1 MiB of output, not on every chunk.
  let looked = 0;
  const ok = gunzipInto(data, xml, (filled) => {
    if (filled - looked < 1 << 20) return;
    looked = filled;
    parser.take(cutter.advance(filled, false) ?? [], false);
  });
  if (!ok) return undefined;
  const rest = cutter.advance(total, true);
  if (!rest) return undefined;
  parser.take(rest, true);
  return (await parser.parts()) ?? [parsePieceToSolv(xml, file)];
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
  if (bytes.length < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== PARTS_MAGIC) return undefined;
  const n = view.getUint32(4, true);
  if (n < 1 || n > MAX_PIECES || bytes.length < 8 + 4 * n) return undefined;
  const parts: Uint8Array[] = [];
  let off = 8 + 4 * n;
  for (let k = 0; k < n; k++) {
    const len = view.getUint32(8 + 4 * k, true);
    if (off + len > bytes.length) return undefined;
    parts.push(bytes.subarray(off, off + len));
    off += len;
  }
  return off === bytes.length ? parts : undefined;
}
