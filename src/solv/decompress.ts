/** Decompression with the readers compiled into the wasm module (the same ones libsolv uses). */
import { GooseError } from '../errors.js';
import { libsolv, allocBytes, readBytes, withAlloc, guard } from '../native/index.js';

/** Decompresses a whole gzip, xz, zstd or bzip2 buffer; output beyond `maxBytes` is DECOMPRESSION_TOO_LARGE. */
export function wasmDecompress(kind: 'gzip' | 'xz' | 'zstd' | 'bzip2', bytes: Uint8Array, limits: { file: string; maxBytes: number }): Uint8Array {
  const m = libsolv();
  const input = allocBytes(m, bytes);
  try {
    return withAlloc(m, 8, (p) => {
      const max = Math.min(limits.maxBytes, 0x7fff_fff0);
      const out = guard(`decompressing ${limits.file}`, () => m._gd_decompress(input.ptr, input.len, max, p, p + 4));
      if (!out) {
        if (m.HEAP32[(p >> 2) + 1] === 2) {
          throw new GooseError('DECOMPRESSION_TOO_LARGE', `decompressed data exceeds the limit of ${limits.maxBytes} bytes (a decompression bomb, or raise the limit)`, { file: limits.file });
        }
        throw new GooseError('DECOMPRESSION_FAILED', `${kind} data is truncated or corrupt`, { file: limits.file });
      }
      const data = readBytes(m, out, m.HEAP32[p >> 2]);
      m._gd_free(out);
      return data;
    });
  } finally {
    m._free(input.ptr);
  }
}
