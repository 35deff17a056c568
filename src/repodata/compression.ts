/**
 * Compressed repository files: recognise the format by its magic bytes (never by the file name,
 * which mirrors get wrong), and decompress with an output cap so a decompression bomb is an error,
 * not an exhausted machine.
 *
 * The decoders are one explicit table: gzip through node:zlib (into one buffer of the size its
 * trailer states), xz, zstd and bzip2 through the readers compiled into the libsolv WebAssembly
 * module. {@link registerDecoder} replaces or removes one
 * (tests use it to compare with the command-line tools).
 */
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { GooseError } from '../errors.js';
import { wasmDecompress } from '../solv/decompress.js';

/** A compression format recognisable by its magic bytes, or `none`. */
export type CompressionKind = 'gzip' | 'xz' | 'zstd' | 'bzip2' | 'zchunk' | 'none';

/** Where the bytes came from and how large their decompressed form may grow. */
export interface DecompressOptions {
  /** File or URL named in errors. */
  file: string;
  /** Largest accepted decompressed size in bytes (default {@link DEFAULT_MAX_DECOMPRESSED_BYTES}). */
  maxBytes?: number;
}

/** A synchronous decoder: whole input in, whole output out; must not produce more than `maxBytes`. */
export type Decoder = (bytes: Uint8Array, limits: { file: string; maxBytes: number }) => Uint8Array;

/** Default output cap: 2 GiB less one byte, the largest Buffer Node 20 allows on every platform. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 ** 31 - 1;

const MAGIC: ReadonlyArray<readonly [Exclude<CompressionKind, 'none'>, readonly number[]]> = [
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['zchunk', [0x00, 0x5a, 0x43, 0x4b, 0x31]],
];

/** The compression format of `bytes` by magic number; `none` when nothing matches. */
export function detectCompression(bytes: Uint8Array): CompressionKind {
  for (const [kind, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return kind;
  }
  return 'none';
}

/** Formats whose decoder can be registered (zchunk and `none` cannot). */
export type DecodableKind = 'gzip' | 'xz' | 'zstd' | 'bzip2';

/** The decoders {@link decompress} uses: every format it reads, and which code reads it. */
const decoders = new Map<DecodableKind, Decoder>([
  ['gzip', gunzipNode],
  ['xz', (b, l) => wasmDecompress('xz', b, l)],
  ['zstd', (b, l) => wasmDecompress('zstd', b, l)],
  ['bzip2', (b, l) => wasmDecompress('bzip2', b, l)],
]);

/** True while gzip is read by the built-in {@link gunzipNode} (no decoder registered in its place). */
export function usesNodeGunzip(): boolean {
  return decoders.get('gzip') === gunzipNode;
}

/** Install (or replace) the decoder for `kind`; returns the previous one so a caller can restore it. */
export function registerDecoder(kind: DecodableKind, fn: Decoder | undefined): Decoder | undefined {
  const previous = decoders.get(kind);
  if (fn) decoders.set(kind, fn);
  else decoders.delete(kind);
  return previous;
}

/** True when `kind` can be decompressed now (every format, unless a decoder was removed). */
export function canDecompress(kind: CompressionKind): boolean {
  return kind === 'none' || decoders.has(kind as DecodableKind);
}

/**
 * Decompress `bytes` in whatever format its magic bytes say; uncompressed input is returned as is
 * (subject to the same cap). Throws `DECOMPRESSION_TOO_LARGE`, `DECOMPRESSION_FAILED`,
 * `COMPRESSION_UNSUPPORTED` or `ZCHUNK_UNSUPPORTED`.
 */
export function decompress(bytes: Uint8Array, options: DecompressOptions): Uint8Array {
  const file = options.file;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const kind = detectCompression(bytes);
  if (kind === 'none') {
    if (bytes.length > maxBytes) throw tooLarge(file, maxBytes);
    return bytes;
  }
  if (kind === 'zchunk') {
    throw new GooseError('ZCHUNK_UNSUPPORTED', 'zchunk is not supported; use the gz/xz/zst variant', { file });
  }
  const decoder = decoders.get(kind);
  if (!decoder) {
    throw new GooseError('COMPRESSION_UNSUPPORTED', `${kind} data cannot be decompressed: its decoder was removed (registerDecoder)`, { file });
  }
  let out: Uint8Array;
  try {
    out = decoder(bytes, { file, maxBytes });
  } catch (e) {
    if (e instanceof GooseError) throw e;
    throw new GooseError('DECOMPRESSION_FAILED', `${kind} data is truncated or corrupt (${errorText(e)})`, { file }, { cause: e });
  }
  if (out.length > maxBytes) throw tooLarge(file, maxBytes);
  return out;
}

/** The `DECOMPRESSION_TOO_LARGE` error decoders throw when output passes the cap. */
export function tooLarge(file: string, maxBytes: number): GooseError {
  return new GooseError('DECOMPRESSION_TOO_LARGE', `decompressed data exceeds the limit of ${maxBytes} bytes (a decompression bomb, or raise the limit)`, { file });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface ZlibSyncModule {
  Inflate: new (options?: { chunkSize?: number; windowBits?: number }) => {
    push(buffer: Buffer, flush?: boolean | number): void;
    readonly result: Buffer | string | null;
    readonly err: number;
    readonly msg: string | null;
  };
  Z_SYNC_FLUSH: number;
  Z_STREAM_END: number;
}

/** Input fed to zlib-sync per call: bounds the output one call can make to ~1032x this. */
const GZIP_INPUT_CHUNK = 64 * 1024;

let zlibSync: ZlibSyncModule | null | undefined;

function loadZlibSync(): ZlibSyncModule | null {
  if (zlibSync === undefined) {
    try {
      zlibSync = createRequire(import.meta.url)('zlib-sync') as ZlibSyncModule;
    } catch {
      zlibSync = null; // native addon not built here: node:zlib does the same job
    }
  }
  return zlibSync;
}

/** Damage zlib reported while inflating (as opposed to an error of the output's consumer). */
class InflateError extends Error {}

/**
 * Runs one gzip member through zlib-sync's synchronous inflate stream, fed in chunks so the
 * consumer sees output as it grows, and checks its length trailer. `more-members` when the member
 * ends before the file's final trailer (zlib-sync stops at the end of the first member). Throws
 * InflateError on damage; errors thrown by `onOutput` pass through.
 */
function inflateMember(z: ZlibSyncModule, input: Buffer, onOutput: (chunk: Buffer) => void): 'end' | 'more-members' {
  const inflate = new z.Inflate({ chunkSize: 256 * 1024, windowBits: 15 + 16 });
  let total = 0;
  const take = (): void => {
    if (inflate.err < 0) throw new InflateError(inflate.msg ?? `zlib error ${inflate.err}`);
    const r = inflate.result;
    if (r && typeof r !== 'string' && r.length > 0) {
      total += r.length;
      onOutput(r);
    }
  };
  // The last 8 bytes (a gzip trailer) go in alone: a stream that ends before them had more members.
  const bodyEnd = Math.max(0, input.length - 8);
  for (let off = 0; off < bodyEnd; off += GZIP_INPUT_CHUNK) {
    inflate.push(input.subarray(off, Math.min(off + GZIP_INPUT_CHUNK, bodyEnd)), z.Z_SYNC_FLUSH);
    take();
    if (inflate.err === z.Z_STREAM_END) return 'more-members';
  }
  inflate.push(input.subarray(bodyEnd), z.Z_SYNC_FLUSH);
  take();
  // Output still pending when the last output buffer filled up comes out on empty pushes.
  while (inflate.err !== z.Z_STREAM_END) {
    const before = total;
    inflate.push(Buffer.alloc(0), z.Z_SYNC_FLUSH);
    take();
    if (total === before) throw new InflateError('unexpected end of gzip data');
  }
  if (input.length < 4 || input.readUInt32LE(input.length - 4) !== total % 2 ** 32) throw new InflateError('gzip length trailer does not match the data');
  return 'end';
}

/**
 * gzip through zlib-sync, the cap checked as output grows. A file with more members goes to
 * node:zlib, which reads every member.
 */
export function gunzipZlibSync(bytes: Uint8Array, limits: { file: string; maxBytes: number }): Uint8Array {
  const z = loadZlibSync();
  if (!z) return gunzipNode(bytes, limits);
  const parts: Buffer[] = [];
  let total = 0;
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ended = inflateMember(z, input, (chunk) => {
    total += chunk.length;
    if (total > limits.maxBytes) throw tooLarge(limits.file, limits.maxBytes);
    parts.push(chunk);
  });
  if (ended === 'more-members') return gunzipNode(bytes, limits);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
}

/**
 * The size a single-member gzip file says its content has (its ISIZE trailer: the length modulo
 * 2^32), or undefined when `bytes` is not gzip.
 */
export function gzipStatedSize(bytes: Uint8Array): number | undefined {
  if (detectCompression(bytes) !== 'gzip' || bytes.length < 18) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(bytes.length - 4);
}

/**
 * {@link gzipStatedSize} when it is believable: within deflate's limit of about 1032:1, so a small
 * file cannot make a caller reserve memory or start threads for gigabytes. Undefined otherwise.
 */
export function believableGzipSize(bytes: Uint8Array): number | undefined {
  const stated = gzipStatedSize(bytes);
  return stated !== undefined && stated <= bytes.length * 1032 ? stated : undefined;
}

/**
 * gzip through node:zlib in one call, with zlib's own output cap. When the trailer's stated size
 * is believable (within deflate's ~1032:1 and the cap), zlib inflates straight into one buffer of
 * that size: no chunks to gather and concatenate, half the pages touched (AppStream's 52 MB primary
 * in 189 ms against zlib-sync's 327 ms; see the README). A wrong statement (more members) only
 * costs the usual growth.
 */
export function gunzipNode(bytes: Uint8Array, limits: { file: string; maxBytes: number }): Uint8Array {
  const cap = Math.min(limits.maxBytes, DEFAULT_MAX_DECOMPRESSED_BYTES);
  const stated = believableGzipSize(bytes);
  const chunkSize = stated !== undefined && stated < cap ? Math.max(stated + 1, 64 * 1024) : undefined;
  try {
    return gunzipSync(bytes, { maxOutputLength: cap, ...(chunkSize ? { chunkSize } : {}) });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limits.file, limits.maxBytes);
    throw e;
  }
}
