/**
 * The cold load of a large gzip primary.xml with worker threads, without the copies of the
 * buffered way (primary-parts.ts): the file is inflated step by step into a SharedArrayBuffer the
 * workers read from; each piece goes to a worker as soon as its bytes and the next cut are
 * inflated, so the first worker parses while this thread still inflates; and the last piece,
 * this thread's, is parsed while it is inflated, a chunk at a time into one small buffer, so its
 * bytes never exist whole. No piece is copied and none is copied into a wasm heap (libsolv reads
 * them through a callback, see Repo.addRpmmdSegments).
 *
 * Why it matters: every page of new memory costs a page fault, and on the 2-core test machine a
 * fault costs about 14 µs (3.5 ms per MB): the buffered way touched about 130 MB of new memory for
 * AppStream's 52 MB primary (the inflated file, a copy of a piece, each piece again in a wasm
 * heap) before parsing began.
 *
 * The pieces are byte for byte the buffered way's (the same cuts of the same bytes), so the parts
 * and the pool are the same. Anything unexpected answers undefined and the caller goes the
 * buffered way: a trailer that states another size (several gzip members), a cut that is not
 * found, corrupt data, a piece that does not parse.
 */
import { GunzipSteps } from './gunzip-steps.js';
import { CLOSE_ROOT, nextCut, nextPackageTag, parseStreamedPieceToSolv, pieceCount } from './primary-pieces.js';

/** Bytes inflated into the shared buffer per step before looking for the next cut. */
const STEP_BYTES = 1 << 20;
/** The buffer the last piece is inflated into, a chunk at a time, as libsolv reads it. */
const TAIL_CHUNK_BYTES = 256 * 1024;

/**
 * What the stream needs of primary-parts.ts's PieceWorkers: to hand a piece to a thread and to
 * await every piece's .solv. Named here so the two modules do not import each other.
 */
export interface PieceThreads {
  /** Queues piece `index`, its segments read in order as one document. */
  submit(index: number, segments: Uint8Array[], file: string): void;
  /** The .solv of every submitted piece by index; undefined when one was not well-formed. */
  results(): Promise<Map<number, Uint8Array> | undefined>;
}

/** Options of {@link streamPrimaryParts}. */
export interface StreamOptions {
  /** Path or URL, for errors. */
  file: string;
  /** The size the gzip trailer states: the pieces are cut as for a file of this size. */
  stated: number;
  /** The threads that parse every piece but the last. */
  workers: PieceThreads;
  /** Called once every worker has its piece, before this thread parses its own. */
  sent?: () => void;
}

/**
 * The .solv parts of gzip `data` (a primary.xml of {@link pieceCount}(stated) >= 2 pieces), the
 * last parsed in this thread, the others on `workers`; undefined when the buffered way must be
 * taken instead (see the file comment). The parts are then the same as that way's.
 */
export async function streamPrimaryParts(data: Uint8Array, options: StreamOptions): Promise<Uint8Array[] | undefined> {
  const { file, stated, workers } = options;
  const n = pieceCount(stated);
  if (n < 2) return undefined;
  const z = GunzipSteps.open(data);
  if (!z) return undefined;
  try {
    // Pages of the shared buffer past what is inflated into it are never touched.
    const xml = Buffer.from(new SharedArrayBuffer(stated));
    let filled = 0;
    let first = -1;
    const cuts: number[] = [];
    for (let k = 1; k < n; k++) {
      let cut = -1;
      for (;;) {
        // The buffered way's cut (nextCut), on the bytes inflated so far: a tag is only taken once
        // the byte after it is there too.
        const view = xml.subarray(0, filled);
        if (first < 0) first = nextPackageTag(view, 0, filled);
        if (first >= 0) cut = nextCut(view, filled, stated, k, n, cuts[cuts.length - 1] ?? first);
        if (cut >= 0 || z.ended || filled === stated) break;
        const got = stepOrUndefined(z, xml, filled, Math.min(STEP_BYTES, stated - filled));
        if (got === undefined) return undefined; // corrupt or truncated: the buffered way reports it
        filled += got;
      }
      if (cut < 0) return undefined;
      cuts.push(cut);
      // Piece k - 1: the header (but for the first), its packages, the root's end tag.
      const head = k === 1 ? [] : [xml.subarray(0, first)];
      workers.submit(k - 1, [...head, xml.subarray(k === 1 ? 0 : cuts[k - 2], cut), CLOSE_ROOT.slice()], file);
    }
    options.sent?.();
    let total = filled;
    let bad = false;
    // The last piece: the header, what is already inflated after the last cut, then the rest.
    function* last(): Generator<Uint8Array> {
      yield xml.subarray(0, first);
      yield xml.subarray(cuts[cuts.length - 1], filled);
      const chunk = new Uint8Array(TAIL_CHUNK_BYTES);
      while (!z!.ended) {
        let got: number;
        try {
          got = z!.step(chunk, 0, chunk.length);
        } catch {
          bad = true; // corrupt or truncated: the buffered way reports it
          return;
        }
        total += got;
        // More than stated: cut as for another size. Stop reading; the buffered way takes over.
        if (total > stated) {
          bad = true;
          return;
        }
        yield chunk.subarray(0, got);
      }
    }
    let mine: Uint8Array | undefined;
    try {
      // Declined by the lean reader (something it leaves to expat): its bytes are gone, so the
      // buffered way reads the file again.
      mine = parseStreamedPieceToSolv(last(), file);
      if (!mine) return undefined;
    } catch (e) {
      if (bad || (e as { code?: string }).code === 'REPO_PARSE') return undefined;
      throw e;
    }
    if (bad || total !== stated) return undefined;
    const fromWorkers = await workers.results();
    if (!fromWorkers) return undefined;
    const parts: Uint8Array[] = [];
    for (let k = 0; k < n - 1; k++) {
      const part = fromWorkers.get(k);
      if (!part) return undefined;
      parts.push(part);
    }
    return [...parts, mine];
  } finally {
    z.close();
  }
}

/** {@link GunzipSteps.step}, undefined on corrupt or truncated data. */
function stepOrUndefined(z: GunzipSteps, out: Uint8Array, outOff: number, outLen: number): number | undefined {
  try {
    return z.step(out, outOff, outLen);
  } catch {
    return undefined;
  }
}
