import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BuildrootWalker, type DepCache } from '../../src/readiness/walker.js';

/**
 * A pool stand-in: packages 1..n, package p's Requires are dependencies (one per edge list) each
 * provided by the listed packages; names are the package ids. The walker reads only these four
 * lookups of its DepCache.
 */
function fakeCache(requires: number[][][]): DepCache {
  const depOf = new Map<string, number>();
  const providers = new Map<number, Int32Array>();
  const edges = requires.map((deps) => {
    const flat: number[] = [];
    for (const ps of deps) {
      const key = ps.join(',');
      let d = depOf.get(key);
      if (d === undefined) depOf.set(key, (d = 1000 + depOf.size));
      providers.set(d, Int32Array.from(ps));
      flat.push(d, ps.length, ...ps);
    }
    return Int32Array.from(flat);
  });
  return {
    sorted: (ids: ArrayLike<number>) => Array.from(ids).sort((a, b) => a - b),
    providers: (d: number) => providers.get(d) ?? (d < 1000 ? Int32Array.of(d) : new Int32Array(0)),
    edges: (p: number) => edges[p] ?? new Int32Array(0),
    name: (id: number) => `n${id}`,
  } as unknown as DepCache;
}

describe('BuildrootWalker.why', () => {
  it('stopped once enough groups are known, gives the full walk its answer for the first groups by depth', () => {
    const n = 30;
    let stoppedEarly = 0;
    const graph = fc.array(fc.array(fc.uniqueArray(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 3 }), { maxLength: 3 }), { minLength: n + 1, maxLength: n + 1 });
    fc.assert(
      fc.property(graph, fc.uniqueArray(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 6 }), (requires, jobs, count, groups) => {
        const cache = fakeCache(requires);
        const table = { name: Int32Array.from({ length: n + 1 }, (_, i) => i) };
        const walker = new BuildrootWalker(cache, table, [2]);
        const installed = Int32Array.from({ length: n }, (_, i) => i + 1);
        const targets = installed.filter((p) => p % 3 !== 0);
        const groupOf = (p: number) => p % groups;
        const full = walker.why(installed, jobs, [...targets]);
        const early = walker.why(installed, jobs, [...targets], { count, groupOf });
        // What it found is what the full walk found.
        for (const [p, w] of early) expect(w).toEqual(full.get(p));
        if (early.size < full.size) stoppedEarly++;
        // The first `count` groups by (depth, group): each one's shallowest targets are all found.
        const best = new Map<number, number>();
        for (const [p, w] of full) best.set(groupOf(p), Math.min(best.get(groupOf(p)) ?? Infinity, w.depth));
        const first = [...best].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, count);
        for (const [g, depth] of first) for (const [p, w] of full) if (groupOf(p) === g && w.depth === depth) expect(early.get(p)).toEqual(w);
      }),
      { seed: 13, numRuns: 400 },
    );
    expect(stoppedEarly).toBeGreaterThan(20); // the property is about walks that did stop
  });
});
