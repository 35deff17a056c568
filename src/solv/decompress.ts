/** Decompression with the readers compiled into the wasm module (the same ones libsolv uses). */
import { GooseError } from '../errors.js';
import { bindings, guard } from '../native/index.js';

/** Decompresses a whole gzip, xz, zstd or bzip2 buffer; output beyond `maxBytes` is DECOMPRESSION_TOO_LARGE. */
export function wasmDecompress(kind: 'gzip' | 'xz' | 'zstd' | 'bzip2', bytes: Uint8Array, limits: { file: string; maxBytes: number }): Uint8Array {
  const b = bindings();
  const max = Math.min(limits.maxBytes, 0x7fff_fff0);
  const r = guard(`decompressing ${limits.file}`, () => b.decompress(bytes, max));
  if ('data' in r) return r.data;
  if (r.error === 'too-large') {
    throw new GooseError('DECOMPRESSION_TOO_LARGE', `decompressed data exceeds the limit of ${limits.maxBytes} bytes (a decompression bomb, or raise the limit)`, { file: limits.file });
  }
  throw new GooseError('DECOMPRESSION_FAILED', `${kind} data is truncated or corrupt`, { file: limits.file });
}
