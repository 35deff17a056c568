/** Header string decoding: UTF-8 when valid, else ISO-8859-1 byte for byte (never an exception). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHeaderString } from '../../src/rpm/text.js';

const dec = (bytes: number[]): string => decodeHeaderString(Uint8Array.from(bytes), 0, bytes.length);

describe('decodeHeaderString', () => {
  it('decodes valid UTF-8 as UTF-8', () => {
    expect(dec([...new TextEncoder().encode('Grüße ☃ 𝄞')])).toBe('Grüße ☃ 𝄞');
  });

  it('falls back to ISO-8859-1, not windows-1252, for anything else', () => {
    expect(dec([0x43, 0x61, 0x66, 0xe9])).toBe('Caf\u00e9');
    expect(dec([0x80, 0x9f])).toBe('\u0080\u009f'); // windows-1252 would give € and Ÿ
    expect(dec([0xed, 0xa0, 0x80])).toBe('\u00ed\u00a0\u0080'); // an encoded surrogate is not UTF-8
    expect(dec([0xc0, 0xaf])).toBe('\u00c0\u00af'); // nor is an overlong form
  });

  it('decodes only the given range', () => {
    expect(decodeHeaderString(Uint8Array.from([0x61, 0x62, 0x63, 0x64]), 1, 3)).toBe('bc');
  });

  it('never throws, and loses no byte when it falls back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = decodeHeaderString(bytes, 0, bytes.length);
        const utf8 = new TextEncoder().encode(s);
        const latin1 = Uint8Array.from([...s].map((c) => c.codePointAt(0)!));
        expect(Buffer.from(utf8).equals(Buffer.from(bytes)) || Buffer.from(latin1).equals(Buffer.from(bytes))).toBe(true);
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});
