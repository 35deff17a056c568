/**
 * Compression of stored payloads: brotli from node:zlib (see the README on zlib-sync: it only
 * inflates, and brotli at quality 5 stores a bookworm report in about 60% of deflate's bytes
 * in about the same time). Each row names its codec, so a later change keeps old rows readable.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { CorruptUnits } from './units.js';

/** How a payload is stored: `br` brotli, `raw` as its UTF-8 bytes. */
export type Codec = 'br' | 'raw';

/** A compressed payload. */
export interface Packed {
  /** Its codec. */
  codec: Codec;
  /** Its bytes. */
  data: Uint8Array;
  /** Bytes of the UTF-8 text before compression (checked when it is read back). */
  raw: number;
}

/** Brotli quality: 5 is the knee of size against time on a readiness report. */
const QUALITY = 5;
/** A 16 MiB window: repeated package texts lie further apart than brotli's default 4 MiB. */
const WINDOW_BITS = 24;

/** Compresses a payload's text. */
export function pack(text: string): Packed {
  const bytes = Buffer.from(text, 'utf8');
  const data = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  return data.length < bytes.length ? { codec: 'br', data, raw: bytes.length } : { codec: 'raw', data: bytes, raw: bytes.length };
}

/** The text of a packed payload; CorruptUnits when it does not decode to `raw` bytes. */
export function unpack(p: Packed): string {
  let bytes: Buffer;
  if (p.codec === 'raw') bytes = Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength);
  else if (p.codec === 'br') {
    try {
      // One output chunk of the known size: no concatenation of thousands of 16 KiB chunks.
      bytes = brotliDecompressSync(p.data, { chunkSize: Math.max(1024, Math.min(p.raw, 2 ** 30)) });
    } catch (e) {
      throw new CorruptUnits(`the payload does not decompress (${(e as Error).message})`);
    }
  } else throw new CorruptUnits(`unknown codec "${String(p.codec)}"`);
  if (bytes.length !== p.raw) throw new CorruptUnits(`the payload is ${bytes.length} bytes, not the ${p.raw} stored`);
  return bytes.toString('utf8');
}
