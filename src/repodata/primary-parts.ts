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
import { Pool } from '../solv/index.js';

/** Target size of one piece of XML: smaller pieces cost more duplicated strings and thread starts. */
export const PIECE_BYTES = 32 * 1024 * 1024;
/** At most this many pieces. */
export const MAX_PIECES = 8;

/** How many pieces an XML file of `bytes` is parsed in (1 below 1.5 x {@link PIECE_BYTES}). */
export function pieceCount(bytes: number): number {
  return Math.max(1, Math.min(MAX_PIECES, Math.round(bytes / PIECE_BYTES)));
}

const OPEN = Array.from('<package', (c) => c.charCodeAt(0));
const CLOSE_ROOT = Array.from('</metadata>', (c) => c.charCodeAt(0));

/** Index of the next `<package` start tag (not `<packager>`) at or after `from`, or -1. */
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

/** Index of the last `</metadata>`, or -1. */
function lastRootClose(xml: Uint8Array): number {
  for (let i = xml.lastIndexOf(0x3c); i >= 0; i = i > 0 ? xml.lastIndexOf(0x3c, i - 1) : -1) {
    if (CLOSE_ROOT.every((c, k) => xml[i + k] === c)) return i;
  }
  return -1;
}

/**
 * Cuts a primary.xml into `n` well-formed pieces at `<package>` boundaries: each is the header
 * (everything before the first package), a run of packages, and the closing `</metadata>`.
 * Undefined when the file does not have that shape (the caller parses it whole).
 */
export function splitPrimary(xml: Uint8Array, n: number): Uint8Array[] | undefined {
  if (n <= 1) return [xml];
  const first = nextPackageTag(xml, 0, xml.length);
  const close = lastRootClose(xml);
  if (first < 0 || close < first) return undefined;
  const cuts = [first];
  for (let k = 1; k < n; k++) {
    const target = first + Math.floor(((close - first) * k) / n);
    const at = nextPackageTag(xml, Math.max(target, cuts[cuts.length - 1] + 1), close);
    if (at < 0) break;
    cuts.push(at);
  }
  cuts.push(close);
  const header = xml.subarray(0, first);
  const footer = xml.subarray(close);
  const pieces: Uint8Array[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const body = xml.subarray(cuts[k], cuts[k + 1]);
    const piece = new Uint8Array(header.length + body.length + footer.length);
    piece.set(header, 0);
    piece.set(body, header.length);
    piece.set(footer, header.length + body.length);
    pieces.push(piece);
  }
  return pieces;
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
 * milliseconds to start and load the module: that overlaps the download and decompression).
 */
export class PieceWorkers {
  readonly #threads: Worker[];

  private constructor(threads: Worker[]) {
    this.#threads = threads;
  }

  /**
   * Starts the workers for a primary.xml of about `expectedBytes` (repomd's open-size): one per
   * piece beyond the first, at most cores - 1 (this thread parses a piece too). Undefined when no
   * worker would help, or under a TypeScript runner.
   */
  static forSize(expectedBytes: number | undefined, maxWorkers = availableParallelism() - 1): PieceWorkers | undefined {
    const n = Math.min(pieceCount(expectedBytes ?? 0) - 1, maxWorkers);
    if (!canUseWorkers || n <= 0) return undefined;
    return new PieceWorkers(Array.from({ length: n }, () => new Worker(workerFile)));
  }

  /**
   * Parses pieces 1.. in the workers as they free up while this thread parses piece 0.
   * Undefined when a piece is not well-formed.
   */
  async parse(pieces: Uint8Array[], file: string): Promise<Uint8Array[] | undefined> {
    const out: (Uint8Array | undefined)[] = new Array(pieces.length);
    let failed = false;
    let next = 1;
    const send = (w: Worker): boolean => {
      if (next >= pieces.length || failed) return false;
      const index = next++;
      const piece = pieces[index];
      w.postMessage({ index, piece, file }, [piece.buffer as ArrayBuffer]);
      return true;
    };
    const finished = this.#threads.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.on('error', reject);
          w.on('exit', (code) => reject(new Error(`parse worker exited with code ${code}`)));
          w.on('message', (msg: PieceReply) => {
            if (msg.solv) out[msg.index] = msg.solv;
            else failed = true;
            if (!send(w)) resolve();
          });
          if (!send(w)) resolve();
        }),
    );
    try {
      out[0] = parsePieceToSolv(pieces[0], file);
    } catch (e) {
      if (!(e instanceof GooseError)) throw e;
      failed = true;
    }
    await Promise.all(finished);
    if (failed || out.some((p) => !p)) return undefined;
    return out as Uint8Array[];
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all(this.#threads.map((w) => w.terminate()));
  }
}

/**
 * Parses an uncompressed primary.xml into .solv parts, to be loaded in order into one repo, on
 * `workers` when given (the caller closes them) and in this thread otherwise; `pieces` overrides
 * {@link pieceCount} (tests). Throws the parse
 * error of the whole file (with its real line) when the file is malformed.
 */
export async function parsePrimaryToSolvParts(xml: Uint8Array, options: { file: string; workers?: PieceWorkers; pieces?: number }): Promise<Uint8Array[]> {
  const pieces = splitPrimary(xml, options.pieces ?? pieceCount(xml.length));
  if (!pieces || pieces.length === 1) return [parsePieceToSolv(xml, options.file)];
  const parts = options.workers ? await options.workers.parse(pieces, options.file) : parseHere(pieces, options.file);
  // A piece that is not well-formed means the cut was wrong or the file is bad: parse it whole.
  return parts ?? [parsePieceToSolv(xml, options.file)];
}

function parseHere(pieces: Uint8Array[], file: string): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  for (const piece of pieces) {
    try {
      out.push(parsePieceToSolv(piece, file));
    } catch (e) {
      if (e instanceof GooseError) return undefined;
      throw e;
    }
  }
  return out;
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
