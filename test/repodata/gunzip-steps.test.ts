import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GunzipSteps } from '../../src/repodata/gunzip-steps.js';

/** Everything `z` inflates, `step` bytes at a time. */
function drain(z: GunzipSteps, step: number): Buffer {
  const out: Buffer[] = [];
  for (;;) {
    const buf = Buffer.alloc(step);
    const n = z.step(buf, 0, step);
    if (n) out.push(buf.subarray(0, n));
    if (z.ended) return Buffer.concat(out);
    expect(n).toBe(step); // short only at the end
  }
}

// Text that compresses well, and random bytes that do not: both kinds of deflate block.
const text = Buffer.from(Array.from({ length: 20000 }, (_, i) => `<package><name>p${i}</name></package>\n`).join(''));
const noise = randomBytes(300_000);

describe('GunzipSteps', () => {
  it('inflates step by step into the given buffer what gunzipSync inflates, at any step size', () => {
    for (const plain of [text, noise, Buffer.concat([text, noise, text])]) {
      const gz = gzipSync(plain);
      for (const step of [1000, 65536, plain.length, plain.length + 7]) {
        const z = GunzipSteps.open(gz)!;
        expect(z).toBeDefined();
        try {
          expect(drain(z, step).equals(gunzipSync(gz))).toBe(true);
        } finally {
          z.close();
        }
      }
    }
  });

  it('writes at the offset it is given, into a SharedArrayBuffer too', () => {
    const gz = gzipSync(text);
    const out = Buffer.from(new SharedArrayBuffer(text.length + 10));
    const z = GunzipSteps.open(gz)!;
    expect(z.step(out, 10, text.length)).toBe(text.length);
    expect(z.step(out, 0, 0)).toBe(0);
    expect(out.subarray(10).equals(text)).toBe(true);
    expect(z.step(out, 0, 1)).toBe(0);
    expect(z.ended).toBe(true);
    z.close();
  });

  it('reads gzip members back to back, as gunzipSync does', () => {
    const gz = Buffer.concat([gzipSync(text), gzipSync(noise)]);
    const z = GunzipSteps.open(gz)!;
    expect(drain(z, 50_000).equals(Buffer.concat([text, noise]))).toBe(true);
    z.close();
  });

  it('throws on truncated and on corrupt data', () => {
    const gz = gzipSync(noise);
    const truncated = GunzipSteps.open(gz.subarray(0, gz.length - 100))!;
    expect(() => drain(truncated, 1 << 20)).toThrow(/unexpected end of file/);
    truncated.close();
    const corrupt = Buffer.from(gz);
    corrupt[corrupt.length - 6] ^= 0xff; // the CRC
    const z = GunzipSteps.open(corrupt)!;
    expect(() => drain(z, 1 << 20)).toThrow(/incorrect data check/);
    z.close();
  });
});
