import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { parsePrimaryToSolvParts } from '../../src/repodata/primary-parts.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

// Worker threads run compiled code: the streamed way is tested through dist/ (npm run build).
type Parts = typeof import('../../src/repodata/primary-parts.js');
type Stream = typeof import('../../src/repodata/primary-stream.js');
const dist = async () => ({
  parts: (await import(join(PROJECT_ROOT, 'dist', 'repodata', 'primary-parts.js'))) as Parts,
  stream: (await import(join(PROJECT_ROOT, 'dist', 'repodata', 'primary-stream.js'))) as Stream,
});

const same = (a: Uint8Array[], b: Uint8Array[]) => a.length === b.length && a.every((p, k) => Buffer.from(p).equals(Buffer.from(b[k])));

/** streamPrimaryParts on `gz` with one worker, which is closed afterwards. */
async function streamed(gz: Uint8Array, file: string, stated: number): Promise<Uint8Array[] | undefined> {
  const { parts, stream } = await dist();
  const workers = parts.PieceWorkers.forSize(stated, 1)!;
  expect(workers).toBeDefined();
  try {
    return await stream.streamPrimaryParts(gz, { file, stated, workers });
  } finally {
    await workers.close();
  }
}

describe('streamPrimaryParts', () => {
  it('dist/ is built (npm ci runs prepare, or npm run build)', () => {
    expect(existsSync(join(PROJECT_ROOT, 'dist', 'repodata', 'primary-stream.js'))).toBe(true);
  });
});

describeWithData('streamPrimaryParts on a real primary', () => {
  const file = (() => {
    const dir = sharedPath('centos-stream-9', 'appstream', 'repodata');
    return existsSync(dir) ? join(dir, readdirSync(dir).find((f) => f.endsWith('-primary.xml.gz'))!) : '';
  })();
  const gz = file ? readFileSync(file) : Buffer.alloc(0);
  const xml = file ? gunzipSync(gz) : Buffer.alloc(0);
  let buffered: Promise<Uint8Array[]> | undefined;
  const reference = () => (buffered ??= parsePrimaryToSolvParts(xml, { file }));

  it('AppStream: the parts of the buffered way, byte for byte', async () => {
    const got = await streamed(gz, file, xml.length);
    expect(got).toBeDefined();
    expect(got).toHaveLength(2);
    expect(same(got!, await reference())).toBe(true);
  });

  it('two gzip members (the trailer states the second one\'s size): undefined, and primaryToSolvParts still gives the buffered parts', async () => {
    const cut = Math.floor(xml.length * 0.3);
    const twoMembers = Buffer.concat([gzipSync(xml.subarray(0, cut), { level: 1 }), gzipSync(xml.subarray(cut), { level: 1 })]);
    expect(await streamed(twoMembers, file, xml.length - cut)).toBeUndefined();
    const { parts } = await dist();
    expect(same(await parts.primaryToSolvParts(twoMembers, { file }), await reference())).toBe(true);
  });

  it('corrupt data: undefined, and primaryToSolvParts reports DECOMPRESSION_FAILED', async () => {
    const corrupt = Buffer.from(gz);
    corrupt[corrupt.length - 6] ^= 0xff; // the CRC: found only at the very end, after every piece is parsed
    expect(await streamed(corrupt, file, xml.length)).toBeUndefined();
    const { parts } = await dist();
    const e = await parts.primaryToSolvParts(corrupt, { file }).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(Error);
    expect((e as GooseError).code).toBe('DECOMPRESSION_FAILED');
  });

  it('a cut inside a comment (the pieces do not parse): undefined, and the file is parsed whole, as the buffered way does', async () => {
    const half = xml.indexOf('<package ', Math.floor(xml.length / 2));
    const tricky = Buffer.concat([xml.subarray(0, half), Buffer.from('<!-- <package type="rpm"> -->\n'), xml.subarray(half)]);
    const trickyGz = gzipSync(tricky, { level: 1 });
    expect(await streamed(trickyGz, file, tricky.length)).toBeUndefined();
    const { parts } = await dist();
    const got = await parts.primaryToSolvParts(trickyGz, { file });
    expect(got).toHaveLength(1);
    expect(same(got, await parsePrimaryToSolvParts(tricky, { file }))).toBe(true);
  });
});
