import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { checksumMatches, digest, verifyChecksum } from '../../src/repodata/checksum.js';

const DATA = Buffer.from('abc');

describe('checksums', () => {
  it('computes every algorithm repomd uses (known answers for "abc")', () => {
    expect(digest(DATA, 'md5')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(digest(DATA, 'sha')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(digest(DATA, 'SHA1')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(digest(DATA, 'sha256')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digest(DATA, 'sha512').slice(0, 16)).toBe('ddaf35a193617aba');
  });

  it('verifies, and a mismatch names the file and both sums', () => {
    const good = { type: 'sha256', value: 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD' };
    expect(checksumMatches(DATA, good)).toBe(true);
    expect(() => verifyChecksum(DATA, good, 'f')).not.toThrow();
    try {
      verifyChecksum(DATA, { type: 'sha256', value: 'ff' }, 'repodata/x.gz');
      expect.unreachable();
    } catch (e) {
      expect((e as GooseError).code).toBe('CHECKSUM_MISMATCH');
      expect((e as GooseError).message).toBe('repodata/x.gz: sha256 checksum mismatch: expected ff, got ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    }
    expect(() => digest(DATA, 'crc32')).toThrow(GooseError);
  });
});
