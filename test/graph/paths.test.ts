import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { allReachable, buildDigraph, findEdge, reverseReachCounts, shortestPath, type Edge } from '../../src/graph/index.js';
import { SEED, closure, randomGraph } from './arbitraries.js';

/** Breadth-first distances from `from` by a plain adjacency scan. */
function distances(n: number, edges: readonly Edge[], from: number): number[] {
  const dist = new Array<number>(n).fill(Infinity);
  dist[from] = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of edges) {
      if (dist[e.from] + 1 < dist[e.to]) {
        dist[e.to] = dist[e.from] + 1;
        changed = true;
      }
    }
  }
  return dist;
}

describe('shortestPath', () => {
  it('explains why a needs d through the shortest chain', () => {
    const g = buildDigraph(5, [
      { from: 0, to: 1, cost: 1 },
      { from: 1, to: 2, cost: 1 },
      { from: 2, to: 3, cost: 1 },
      { from: 0, to: 4, cost: 2 },
      { from: 4, to: 3, cost: 3 },
    ]);
    expect(shortestPath(g, 0, 3)).toEqual({
      nodes: [0, 4, 3],
      edges: [
        { from: 0, to: 4, cost: 2 },
        { from: 4, to: 3, cost: 3 },
      ],
    });
    expect(shortestPath(g, 3, 0)).toBeUndefined();
    expect(shortestPath(g, 2, 2)).toEqual({ nodes: [2], edges: [] });
    expect(() => shortestPath(g, 0, 5)).toThrow(GooseError);
  });

  it('finds a chain of real edges exactly as long as the shortest one, whenever one exists', () => {
    fc.assert(
      fc.property(randomGraph(12, 0.2), ({ graph, edges }) => {
        const plain = edges.filter((e) => e.from !== e.to);
        for (let from = 0; from < graph.nodeCount; from++) {
          const dist = distances(graph.nodeCount, plain, from);
          for (let to = 0; to < graph.nodeCount; to++) {
            const path = shortestPath(graph, from, to);
            if (dist[to] === Infinity) {
              expect(path).toBeUndefined();
              continue;
            }
            expect(path!.edges.length).toBe(dist[to]);
            expect(path!.nodes[0]).toBe(from);
            expect(path!.nodes[path!.nodes.length - 1]).toBe(to);
            path!.edges.forEach((e, i) => {
              expect(findEdge(graph, e.from, e.to)).toBeGreaterThanOrEqual(0);
              expect([e.from, e.to]).toEqual([path!.nodes[i], path!.nodes[i + 1]]);
            });
          }
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('allReachable', () => {
  it('matches the transitive closure in both directions and for several starts', () => {
    fc.assert(
      fc.property(randomGraph(14, 0.15), fc.array(fc.nat(13), { minLength: 1, maxLength: 3 }), ({ graph }, picks) => {
        const reach = closure(graph);
        const starts = [...new Set(picks.map((p) => p % graph.nodeCount))];
        const all = Array.from({ length: graph.nodeCount }, (_, v) => v);
        expect(allReachable(graph, starts)).toEqual(all.filter((v) => starts.some((s) => reach[s][v])));
        expect(allReachable(graph, starts, 'neededBy')).toEqual(all.filter((v) => starts.some((s) => reach[v][s])));
        expect(allReachable(graph, starts[0])).toEqual(all.filter((v) => reach[starts[0]][v]));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('reverseReachCounts', () => {
  it('counts every other node that transitively needs each root', () => {
    fc.assert(
      fc.property(randomGraph(16, 0.12), fc.array(fc.nat(15), { maxLength: 20 }), ({ graph }, picks) => {
        const reach = closure(graph);
        const roots = picks.map((p) => p % graph.nodeCount);
        const expected = roots.map((r) => reach.filter((row, u) => u !== r && row[r]).length);
        expect(reverseReachCounts(graph, roots)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('stays exact past one sweep of 2048 roots', () => {
    const n = 5000;
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const edges: Edge[] = [];
    for (let i = 0; i < 15000; i++) {
      const from = Math.floor(random() * n);
      // Mostly downhill, with some uphill edges so that cycles form.
      const to = random() < 0.97 ? Math.floor(random() * (from + 1)) : Math.floor(random() * n);
      edges.push({ from, to, cost: 1 });
    }
    const g = buildDigraph(n, edges);
    const roots = Array.from({ length: n }, (_, v) => v);
    const counts = reverseReachCounts(g, roots);
    const expected = roots.map((r) => allReachable(g, r, 'neededBy').filter((v) => v !== r).length);
    expect(counts).toEqual(expected);
    expect(Math.max(...counts)).toBeGreaterThan(100);
  });
});
