/**
 * xz, bzip2 and zstd decoders that run the command-line tools, for tests only: an independent
 * reference for the readers compiled into the libsolv WebAssembly module.
 */
import { execFileSync } from 'node:child_process';
import { registerDecoder, tooLarge, type DecodableKind, type Decoder } from '../../src/repodata/compression.js';

const TOOLS: Record<Exclude<DecodableKind, 'gzip'>, [string, string[]]> = {
  xz: ['xz', ['-dc']],
  bzip2: ['bzip2', ['-dc']],
  zstd: ['zstd', ['-dcq']],
};

/** A decoder that pipes the bytes through `tool args` (stdout capped at `maxBytes`). */
function cliDecoder(tool: string, args: string[]): Decoder {
  return (bytes, { file, maxBytes }) => {
    try {
      return execFileSync(tool, args, { input: bytes, maxBuffer: maxBytes, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOBUFS') throw tooLarge(file, maxBytes);
      throw e;
    }
  };
}

/** Register the command-line decoders for xz, bzip2 and zstd; returns a function that removes them again. */
export function useCliDecoders(): () => void {
  const previous = (Object.keys(TOOLS) as (keyof typeof TOOLS)[]).map((kind) => {
    const [tool, args] = TOOLS[kind];
    return [kind, registerDecoder(kind, cliDecoder(tool, args))] as const;
  });
  return () => {
    for (const [kind, fn] of previous) registerDecoder(kind, fn);
  };
}
