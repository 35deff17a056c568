import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import {
  canDecompress,
  decompress,
  detectCompression,
  gunzipNode,
  gunzipZlibSync,
  gzipStatedSize,
  registerDecoder,
} from '../../src/repodata/compression.js';
import { useCliDecoders } from '../helpers/cli-decoders.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';
import { codeOf } from '../helpers/errors.js';


describe('detectCompression', () => {
  it('recognises each magic number and nothing else', () => {
    expect(detectCompression(Uint8Array.from([0x1f, 0x8b, 8]))).toBe('gzip');
    expect(detectCompression(Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0]))).toBe('xz');
    expect(detectCompression(Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe('zstd');
    expect(detectCompression(Buffer.from('BZh91AY'))).toBe('bzip2');
    expect(detectCompression(Buffer.from('\0ZCK1\x81'))).toBe('zchunk');
    expect(detectCompression(Buffer.from('<?xml'))).toBe('none');
    expect(detectCompression(new Uint8Array(0))).toBe('none');
    expect(detectCompression(Uint8Array.from([0x1f]))).toBe('none');
  });
});

describe('gunzipNode and gzipStatedSize (inflating into one buffer of the stated size)', () => {
  const text = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `<line n="${i}"/>`).join('\n'));
  const gz = gzipSync(text);
  const limits = { file: 'x.gz', maxBytes: 1 << 30 };

  it('reads the stated size and inflates to exactly the content', () => {
    expect(gzipStatedSize(gz)).toBe(text.length);
    const out = gunzipNode(gz, limits);
    expect(out.length).toBe(text.length);
    expect(Buffer.from(out).equals(text)).toBe(true);
  });

  it('gives the whole content when the trailer lies or names only the last member', () => {
    const two = Buffer.concat([gz, gzipSync(Buffer.from('more'))]);
    expect(gzipStatedSize(two)).toBe(4);
    expect(Buffer.from(gunzipNode(two, limits)).equals(Buffer.concat([text, Buffer.from('more')]))).toBe(true);
    for (const stated of [0, 10, text.length - 1, text.length + 1, 0xfffffff0]) {
      const lying = Buffer.from(gz);
      lying.writeUInt32LE(stated, lying.length - 4);
      // zlib checks the length trailer itself: a wrong one is damage, never a short or long output.
      expect(() => gunzipNode(lying, limits)).toThrow();
    }
    expect(gzipStatedSize(text)).toBeUndefined();
  });

  it('keeps the cap when the trailer states more than the cap', () => {
    expect(codeOf(() => gunzipNode(gz, { file: 'x.gz', maxBytes: text.length - 1 }))).toBe('DECOMPRESSION_TOO_LARGE');
    expect(gunzipNode(gz, { file: 'x.gz', maxBytes: text.length }).length).toBe(text.length);
  });
});

describe('decompress (gzip, built in)', () => {
  const text = Buffer.from('<repomd>'.repeat(10_000));
  const gz = gzipSync(text);

  it('round-trips with zlib-sync and node:zlib alike', () => {
    const limits = { file: 'x.gz', maxBytes: 1 << 20 };
    expect(Buffer.from(decompress(gz, { file: 'x.gz' })).equals(text)).toBe(true);
    expect(Buffer.from(gunzipZlibSync(gz, limits)).equals(text)).toBe(true);
    expect(Buffer.from(gunzipNode(gz, limits)).equals(text)).toBe(true);
  });

  it('reads every member of a multi-member gzip file', () => {
    const two = Buffer.concat([gzipSync(Buffer.from('first ')), gzipSync(Buffer.from('second'))]);
    expect(Buffer.from(decompress(two, { file: 'two.gz' })).toString()).toBe('first second');
  });

  it('passes uncompressed bytes through, under the same cap', () => {
    expect(Buffer.from(decompress(text, { file: 'plain' })).equals(text)).toBe(true);
    expect(codeOf(() => decompress(text, { file: 'plain', maxBytes: 10 }))).toBe('DECOMPRESSION_TOO_LARGE');
  });

  it('stops a decompression bomb at the cap', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB
    expect(bomb.length).toBeLessThan(100_000);
    const err = (() => {
      try {
        decompress(bomb, { file: 'bomb.gz', maxBytes: 1024 * 1024 });
      } catch (e) {
        return e as GooseError;
      }
      return undefined;
    })();
    expect(err?.code).toBe('DECOMPRESSION_TOO_LARGE');
    expect(err?.file).toBe('bomb.gz');
    expect(codeOf(() => gunzipNode(bomb, { file: 'bomb.gz', maxBytes: 1024 }))).toBe('DECOMPRESSION_TOO_LARGE');
  });

  it('names the file when gzip data is truncated or corrupt', () => {
    const truncated = gz.subarray(0, gz.length - 20);
    expect(() => decompress(truncated, { file: 'cut.gz' })).toThrow(/cut\.gz: gzip data is truncated or corrupt/);
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 20, 40);
    expect(codeOf(() => decompress(corrupt, { file: 'bad.gz' }))).toBe('DECOMPRESSION_FAILED');
  });

  it('every truncation of a gzip stream is a typed error, never a wrong answer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: gz.length - 1 }), (cut) => {
        expect(codeOf(() => decompress(gz.subarray(0, cut), { file: 't.gz' }))).toBe('DECOMPRESSION_FAILED');
      }),
      { numRuns: 200 },
    );
  });
});

describe('decoder registry', () => {
  it('reads every format from its table alone: no other module has to be imported to install a decoder', () => {
    const variants = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'variants');
    const comps = (v: string, ext: string) => {
      const dir = join(variants, v, 'repodata');
      return readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(`-comps.xml.${ext}`))!));
    };
    const plain = readFileSync(join(variants, 'xz', 'repodata', readdirSync(join(variants, 'xz', 'repodata')).find((f) => f.endsWith('-comps.xml'))!));
    for (const kind of ['gzip', 'xz', 'zstd', 'bzip2'] as const) expect(canDecompress(kind), kind).toBe(true);
    for (const [v, ext] of [['xz', 'xz'], ['zstd', 'zst'], ['bz2', 'bz2']]) {
      expect(Buffer.from(decompress(comps(v, ext), { file: `comps.xml.${ext}` })).equals(plain), v).toBe(true);
    }
  });

  it('an unregistered format is COMPRESSION_UNSUPPORTED, zchunk is ZCHUNK_UNSUPPORTED', () => {
    const previous = registerDecoder('xz', undefined);
    try {
      expect(canDecompress('xz')).toBe(false);
      expect(codeOf(() => decompress(Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), { file: 'm.xz' }))).toBe('COMPRESSION_UNSUPPORTED');
    } finally {
      registerDecoder('xz', previous);
    }
    expect(() => decompress(Buffer.from('\0ZCK1....'), { file: 'p.zck' })).toThrow('zchunk is not supported; use the gz/xz/zst variant');
    expect(codeOf(() => decompress(Buffer.from('\0ZCK1'), { file: 'p.zck' }))).toBe('ZCHUNK_UNSUPPORTED');
  });

  it('a registered decoder is used, its untyped failures become DECOMPRESSION_FAILED and its output is capped', () => {
    const previous = registerDecoder('zstd', (bytes) => {
      if (bytes.length <= 5) throw new Error('boom');
      return new Uint8Array(100);
    });
    try {
      const zst = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]);
      expect(decompress(zst, { file: 'a.zst' }).length).toBe(100);
      expect(codeOf(() => decompress(zst, { file: 'a.zst', maxBytes: 99 }))).toBe('DECOMPRESSION_TOO_LARGE');
      expect(codeOf(() => decompress(zst.subarray(0, 4), { file: 'a.zst' }))).toBe('DECOMPRESSION_FAILED');
    } finally {
      registerDecoder('zstd', previous);
    }
  });
});

describeWithData('decompress on createrepo_c compressed_files', () => {
  const dir = sharedPath('createrepo_c', 'compressed_files');
  let restore: () => void;
  beforeAll(() => {
    restore = useCliDecoders();
  });
  afterAll(() => restore());

  const expectedKind: Record<string, string> = { gz: 'gzip', xz: 'xz', bz2: 'bzip2', zst: 'zstd', zck: 'zchunk', foo1: 'gzip', foo2: 'bzip2', foo3: 'xz', foo5: 'zstd' };
  for (const name of readdirSync(dir).sort()) {
    const ext = name.split('.').pop() as string;
    const plain = readFileSync(`${dir}/${name.slice(0, 2)}_plain.txt`);
    it(`${name}`, () => {
      const bytes = readFileSync(`${dir}/${name}`);
      const kind = detectCompression(bytes);
      if (expectedKind[ext]) expect(kind).toBe(expectedKind[ext]);
      if (kind === 'zchunk') {
        expect(codeOf(() => decompress(bytes, { file: name }))).toBe('ZCHUNK_UNSUPPORTED');
      } else if (kind === 'none') {
        // foo0 is the plain text under another name; foo4 is an empty file.
        expect(Buffer.from(decompress(bytes, { file: name })).equals(bytes)).toBe(true);
      } else {
        expect(Buffer.from(decompress(bytes, { file: name })).equals(plain)).toBe(true);
        if (bytes.length > 8) {
          expect(codeOf(() => decompress(bytes.subarray(0, bytes.length - 6), { file: name }))).toBe('DECOMPRESSION_FAILED');
        }
      }
    });
  }

  it('the bookworm primary.xml.gz (9 MB -> 78 MB) decompresses, and not under a 10 MB cap', () => {
    const f = sharedPath('bookworm-rpmmd', 'binary', 'repodata', 'primary.xml.gz');
    const bytes = readFileSync(f);
    const out = decompress(bytes, { file: f });
    expect(out.length).toBe(bytes.readUInt32LE(bytes.length - 4));
    expect(Buffer.from(out.subarray(0, 5)).toString()).toBe('<?xml');
    expect(codeOf(() => decompress(bytes, { file: f, maxBytes: 10_000_000 }))).toBe('DECOMPRESSION_TOO_LARGE');
  });
});
