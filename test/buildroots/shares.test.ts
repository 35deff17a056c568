import { describe, expect, it } from 'vitest';
import { Shares } from '../../src/buildroots/index.js';
import { mulberry32 } from '../../src/graph/random.js';

describe('Shares', () => {
  it('hands out every request exactly once, whatever order the workers ask in', () => {
    const rand = mulberry32(7);
    for (const [count, workers, batch] of [[0, 2, 32], [1, 2, 32], [100, 2, 32], [1000, 3, 32], [13172, 2, 32], [50, 8, 4]]) {
      const shares = new Shares(count, workers);
      const seen = new Uint8Array(count);
      const active = new Set(Array.from({ length: workers }, (_, w) => w));
      while (active.size) {
        const ws = [...active];
        const w = ws[Math.floor(rand() * ws.length)];
        const range = shares.take(w, batch);
        if (!range) {
          active.delete(w);
          continue;
        }
        expect(range[1] - range[0]).toBeGreaterThan(0);
        expect(range[1] - range[0]).toBeLessThanOrEqual(batch);
        for (let i = range[0]; i < range[1]; i++) seen[i]++;
      }
      expect([...seen].every((n) => n === 1)).toBe(true);
    }
  });

  it('gives each worker a contiguous share first', () => {
    const shares = new Shares(100, 2);
    expect(shares.take(0, 10)).toEqual([0, 10]);
    expect(shares.take(1, 10)).toEqual([50, 60]);
    expect(shares.take(0, 10)).toEqual([10, 20]);
  });
});
