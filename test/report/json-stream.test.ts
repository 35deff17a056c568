import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeJson } from '../../src/report/json-stream.js';

describe('writeJson', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        let s = '';
        writeJson(v, (x) => (s += x));
        expect(s).toBe(JSON.stringify(v, null, 2) + '\n');
      }),
      { seed: 7, numRuns: 500 },
    );
  });
  it('drops undefined fields as JSON.stringify does, and writes large arrays in pieces', () => {
    const chunks: string[] = [];
    const big = { a: undefined, rows: Array.from({ length: 20000 }, (_, i) => ({ i, s: `row ${i}` })) };
    writeJson(big, (x) => chunks.push(x));
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(JSON.stringify(big, null, 2) + '\n');
  });
});
