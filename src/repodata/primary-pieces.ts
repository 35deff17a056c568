/**
 * What a piece of a large primary.xml is (see primary-parts.ts): how many pieces a file of a
 * given size is cut into, where a cut may fall (before a top-level `<package>`), the bytes that
 * turn a run of packages into a document of its own, and the parse of one piece into .solv.
 */
import { Pool, type Repo } from '../solv/index.js';

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

const OPEN = Buffer.from('<package');

/** What ends every piece but the last: the root element's end tag. */
export const CLOSE_ROOT: Uint8Array = new TextEncoder().encode('</metadata>\n');

/**
 * Index of the next `<package` start tag (not `<packager>`) in [from, end), or -1: none there, or
 * the first candidate's next byte is at or past `end` (so with more bytes the answer may change).
 */
export function nextPackageTag(xml: Buffer, from: number, end: number): number {
  // Buffer.indexOf runs natively (memchr-speed); the cut points are found in microseconds.
  for (let i = xml.indexOf(OPEN, from); i >= 0 && i + OPEN.length < end; i = xml.indexOf(OPEN, i + 1)) {
    const next = xml[i + OPEN.length];
    if (next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f) return i;
  }
  return -1;
}

/**
 * Cut `k` of `n` in a primary.xml of `total` bytes: the first `<package` tag at or after byte
 * total * k / n and after `previous` (the cut before, or the first package), among the bytes before
 * `end` (-1 as {@link nextPackageTag}). The one rule for both ways of cutting (primary-parts.ts,
 * primary-stream.ts), so both cut a file at the same places.
 */
export function nextCut(xml: Buffer, end: number, total: number, k: number, n: number, previous: number): number {
  return nextPackageTag(xml, Math.max(Math.floor((total * k) / n), previous + 1), end);
}

/**
 * Parses one piece of primary XML (one buffer, or segments read in order as one document) into a
 * pool of its own and returns it as .solv bytes. The lean reader reads it first (wasm/leanxml.c:
 * the same repo as expat's, faster); when that declines the document, expat reads it again from
 * its start, and reports its errors as ever.
 */
export function parsePieceToSolv(piece: Uint8Array | readonly Uint8Array[], file: string): Uint8Array {
  const segments = piece instanceof Uint8Array ? [piece] : piece;
  return leanPieceToSolv(segments, file) ?? expatPieceToSolv(segments, file);
}

/**
 * {@link parsePieceToSolv} for segments that can be read once only (made as they are read):
 * undefined when the lean reader declined the document, which then cannot be read again here.
 */
export function parseStreamedPieceToSolv(segments: Iterable<Uint8Array>, file: string): Uint8Array | undefined {
  return leanPieceToSolv(segments, file);
}

/** The piece read by the lean reader; undefined when it declined. */
function leanPieceToSolv(segments: Iterable<Uint8Array>, file: string): Uint8Array | undefined {
  return withPieceRepo((repo) => (repo.tryAddRpmmdSegmentsLean(segments, { file }) ? repo.writeSolv() : undefined));
}

/** The piece read by expat (libsolv's own reader). */
export function expatPieceToSolv(segments: Iterable<Uint8Array>, file: string): Uint8Array {
  return withPieceRepo((repo) => {
    repo.addRpmmdSegments(segments, { file });
    return repo.writeSolv();
  })!;
}

function withPieceRepo(read: (repo: Repo) => Uint8Array | undefined): Uint8Array | undefined {
  const pool = new Pool();
  try {
    return read(pool.addRepo('piece'));
  } finally {
    pool.free();
  }
}
