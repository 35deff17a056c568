import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cheapestOrder, sumBits } from '../../src/graph/index.js';
import { SEED } from './arbitraries.js';

/** Every order of 0..k-1. */
function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  return permutations(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]));
}

describe('cheapestOrder', () => {
  it('finds an order as cheap as the cheapest of all orders (brute force), for step costs that depend on what is built', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((k) => fc.record({ k: fc.constant(k), w: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: k * k, maxLength: k * k }) })), ({ k, w }) => {
        // Building v after the set S costs w[v][u] for each u not yet built: a feedback arc set.
        const cost = (v: number, built: number) => {
          let c = 0;
          for (let u = 0; u < k; u++) if (u !== v && !((built >> u) & 1)) c += w[v * k + u];
          return c;
        };
        const total = (order: ArrayLike<number>) => {
          let built = 0;
          let c = 0;
          for (const v of Array.from(order)) {
            c += cost(v, built);
            built |= 1 << v;
          }
          return c;
        };
        const order = cheapestOrder(k, cost);
        expect([...order].sort()).toEqual([...Array(k).keys()]);
        expect(total(order)).toBe(Math.min(...permutations(k).map(total)));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('sumBits', () => {
  it('adds the entries of the set bits from a base', () => {
    const w = Float64Array.from([1, 2, 4, 8, 16, 32]);
    expect(sumBits(w, 0, 0)).toBe(0);
    expect(sumBits(w, 0, 0b101)).toBe(5);
    expect(sumBits(w, 3, 0b111)).toBe(56);
  });
});
