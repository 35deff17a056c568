/**
 * Checksums as repomd states them (`sha256`, `sha1`/`sha`, `sha512`, `sha384`, `sha224`, `md5`).
 */
import { createHash } from 'node:crypto';
import { GooseError } from '../errors.js';
import type { Checksum } from './repomd.js';

const ALGORITHMS: Record<string, string> = { sha: 'sha1', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', md5: 'md5' };

/** Hex digest of `bytes` with repomd's algorithm name `type`; unknown names are `CHECKSUM_UNSUPPORTED`. */
export function digest(bytes: Uint8Array, type: string, file?: string): string {
  const algo = ALGORITHMS[type.toLowerCase()];
  if (!algo) throw new GooseError('CHECKSUM_UNSUPPORTED', `checksum type '${type}' is not supported (sha256, sha1, sha512, sha384, sha224, md5 are)`, { file });
  return createHash(algo).update(bytes).digest('hex');
}

/** True when `bytes` have the checksum `expected`. */
export function checksumMatches(bytes: Uint8Array, expected: Checksum, file?: string): boolean {
  return digest(bytes, expected.type, file) === expected.value.toLowerCase();
}

/** Throw `CHECKSUM_MISMATCH`, naming the file and both sums, unless `bytes` have the checksum `expected`. */
export function verifyChecksum(bytes: Uint8Array, expected: Checksum, file: string): void {
  const actual = digest(bytes, expected.type, file);
  if (actual !== expected.value.toLowerCase()) {
    throw new GooseError('CHECKSUM_MISMATCH', `${expected.type} checksum mismatch: expected ${expected.value.toLowerCase()}, got ${actual}`, { file });
  }
}
