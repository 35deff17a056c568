import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDigraph, stronglyConnected, type Edge } from '../../src/graph/index.js';
import { SEED, closure, permutation, randomGraph, relabel } from './arbitraries.js';

describe('stronglyConnected', () => {
  it('finds the cycles of a small graph and numbers components by smallest member', () => {
    // 0 <-> 3, 1 -> 2 -> 4 -> 1, 5 alone needing 0 and itself.
    const g = buildDigraph(6, [
      { from: 0, to: 3, cost: 1 },
      { from: 3, to: 0, cost: 1 },
      { from: 1, to: 2, cost: 1 },
      { from: 2, to: 4, cost: 1 },
      { from: 4, to: 1, cost: 1 },
      { from: 5, to: 0, cost: 1 },
      { from: 5, to: 5, cost: 1 },
    ]);
    const s = stronglyConnected(g);
    expect(s.members).toEqual([[0, 3], [1, 2, 4], [5]]);
    expect(Array.from(s.componentOf)).toEqual([0, 1, 1, 0, 1, 2]);
    expect(s.cyclic).toEqual([0, 1]);
    expect(Array.from(s.dependenciesFirst).indexOf(0)).toBeLessThan(Array.from(s.dependenciesFirst).indexOf(2));
  });

  it('agrees with naive mutual reachability, and orders components dependencies first', () => {
    fc.assert(
      fc.property(randomGraph(14, 0.4), ({ graph }) => {
        const s = stronglyConnected(graph);
        const reach = closure(graph);
        for (let u = 0; u < graph.nodeCount; u++) {
          for (let v = 0; v < graph.nodeCount; v++) {
            const same = u === v || (reach[u][v] && reach[v][u]);
            expect(s.componentOf[u] === s.componentOf[v]).toBe(same);
          }
        }
        const rank = new Int32Array(s.count);
        s.dependenciesFirst.forEach((c, i) => (rank[c] = i));
        for (let e = 0; e < graph.edgeCount; e++) {
          expect(rank[s.componentOf[graph.edgeFrom[e]]]).toBeGreaterThanOrEqual(rank[s.componentOf[graph.edgeTo[e]]]);
        }
        s.members.forEach((m, c) => {
          expect(m).toEqual([...m].sort((a, b) => a - b));
          if (c > 0) expect(m[0]).toBeGreaterThan(s.members[c - 1][0]);
        });
        expect(s.cyclic).toEqual(s.members.flatMap((m, c) => (m.length > 1 ? [c] : [])));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('partitions nodes the same way under relabelling', () => {
    fc.assert(
      fc.property(
        randomGraph(12, 0.3).chain(({ graph }) => permutation(graph.nodeCount).map((perm) => ({ graph, perm }))),
        ({ graph, perm }) => {
          const a = stronglyConnected(graph);
          const b = stronglyConnected(relabel(graph, perm));
          const mapped = a.members.map((m) => m.map((v) => perm[v]).sort((x, y) => x - y)).sort((x, y) => x[0] - y[0]);
          expect(b.members).toEqual(mapped);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('handles a 200,000-node chain and a 200,000-node cycle without recursion', () => {
    const n = 200_000;
    const chain: Edge[] = [];
    for (let v = 1; v < n; v++) chain.push({ from: v - 1, to: v, cost: 1 });
    expect(stronglyConnected(buildDigraph(n, chain)).count).toBe(n);
    const ring = [...chain, { from: n - 1, to: 0, cost: 1 }];
    const s = stronglyConnected(buildDigraph(n, ring));
    expect(s.count).toBe(1);
    expect(s.members[0].length).toBe(n);
  });
});
