import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakCost, buildDigraph, feedbackArcSet, stronglyConnected, type Digraph } from '../../src/graph/index.js';
import { SEED, cyclicGraph, isAcyclic, randomGraph } from './arbitraries.js';

/** Minimum break cost by trying every subset of edges (tiny graphs only). */
function bruteForceMinimum(g: Digraph): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << g.edgeCount; mask++) {
    const removed = new Uint8Array(g.edgeCount);
    let cost = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      if (mask & (1 << e)) {
        removed[e] = 1;
        cost += g.edgeCost[e];
      }
    }
    if (cost < best && isAcyclic(g, removed)) best = cost;
  }
  return best;
}

function allNodes(g: Digraph): number[] {
  return Array.from({ length: g.nodeCount }, (_, i) => i);
}

/** Checks acyclic after removal and minimal: restoring any one break closes a cycle. */
function expectAcyclicAndMinimal(g: Digraph, members: readonly number[], breaks: readonly number[]): void {
  const inside = new Set(members);
  const removed = new Uint8Array(g.edgeCount);
  for (const e of breaks) {
    expect(inside.has(g.edgeFrom[e]) && inside.has(g.edgeTo[e])).toBe(true);
    removed[e] = 1;
  }
  // Edges leaving `members` cannot be on a cycle inside it; drop them for the check.
  for (let e = 0; e < g.edgeCount; e++) if (!inside.has(g.edgeFrom[e]) || !inside.has(g.edgeTo[e])) removed[e] = 1;
  expect(isAcyclic(g, removed)).toBe(true);
  for (const e of breaks) {
    removed[e] = 0;
    expect(isAcyclic(g, removed)).toBe(false);
    removed[e] = 1;
  }
}

describe('feedbackArcSet', () => {
  it('breaks the cheap edge of a two-cycle and of a triangle', () => {
    const pair = buildDigraph(2, [
      { from: 0, to: 1, cost: 10 },
      { from: 1, to: 0, cost: 1 },
    ]);
    expect(feedbackArcSet(pair, [0, 1])).toEqual([1]);
    expect(feedbackArcSet(pair, [0, 1], { exactLimit: 0 })).toEqual([1]);
    const triangle = buildDigraph(3, [
      { from: 0, to: 1, cost: 5 },
      { from: 1, to: 2, cost: 1 },
      { from: 2, to: 0, cost: 5 },
    ]);
    expect(feedbackArcSet(triangle, [0, 1, 2])).toEqual([1]);
    expect(feedbackArcSet(triangle, [0, 1, 2], { exactLimit: 0 })).toEqual([1]);
  });

  it('prefers one shared edge to two separate ones', () => {
    // Two cycles 0->1->0 and 0->1->2->0 share 0->1: breaking it alone is cheapest.
    const g = buildDigraph(3, [
      { from: 0, to: 1, cost: 3 },
      { from: 1, to: 0, cost: 2 },
      { from: 1, to: 2, cost: 5 },
      { from: 2, to: 0, cost: 5 },
    ]);
    expect(feedbackArcSet(g, [0, 1, 2]).map((e) => [g.edgeFrom[e], g.edgeTo[e]])).toEqual([[0, 1]]);
  });

  it('is optimal on small graphs (exact search)', () => {
    fc.assert(
      fc.property(randomGraph(6, 0.5), ({ graph }) => {
        fc.pre(graph.edgeCount <= 12);
        const breaks = feedbackArcSet(graph, allNodes(graph));
        expect(breakCost(graph, breaks)).toBe(bruteForceMinimum(graph));
        expectAcyclicAndMinimal(graph, allNodes(graph), breaks);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('leaves each component acyclic and minimal with the heuristic, on dense cyclic graphs', () => {
    const variants = [{ siftPasses: 0 }, { kicks: 0 }, {}] as const;
    fc.assert(
      fc.property(randomGraph(24, 0.25), fc.constantFrom(...variants), ({ graph }, options) => {
        const s = stronglyConnected(graph);
        for (const c of s.cyclic) {
          const breaks = feedbackArcSet(graph, s.members[c], { exactLimit: 0, ...options });
          expectAcyclicAndMinimal(graph, s.members[c], breaks);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('gets close to the optimum with the heuristic on strongly connected graphs', () => {
    let heuristic = 0;
    let optimum = 0;
    fc.assert(
      fc.property(cyclicGraph(6, 12, 1.5), (graph) => {
        const exact = breakCost(graph, feedbackArcSet(graph, allNodes(graph), { exactLimit: 12 }));
        const found = feedbackArcSet(graph, allNodes(graph), { exactLimit: 0 });
        expectAcyclicAndMinimal(graph, allNodes(graph), found);
        expect(breakCost(graph, found)).toBeGreaterThanOrEqual(exact);
        heuristic += breakCost(graph, found);
        optimum += exact;
      }),
      { seed: SEED, numRuns: 150 },
    );
    // Measured 1.005 with this seed; greedy alone gives 1.41, greedy with sifting but no kicks 1.08.
    expect(heuristic).toBeLessThanOrEqual(optimum * 1.08);
  });

  it('gives the same answer on repeated runs', () => {
    fc.assert(
      fc.property(cyclicGraph(20, 60, 3), (graph) => {
        const all = allNodes(graph);
        expect(feedbackArcSet(graph, all)).toEqual(feedbackArcSet(graph, all));
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('does not depend on how members are listed', () => {
    const g = buildDigraph(4, [
      { from: 0, to: 1, cost: 1 },
      { from: 1, to: 2, cost: 1 },
      { from: 2, to: 3, cost: 1 },
      { from: 3, to: 0, cost: 1 },
      { from: 2, to: 0, cost: 1 },
    ]);
    expect(feedbackArcSet(g, [3, 1, 0, 2])).toEqual(feedbackArcSet(g, [0, 1, 2, 3]));
  });
});

describe('feedbackArcSet input', () => {
  it('ignores repeated members and rejects nodes outside the graph', () => {
    const g = buildDigraph(2, [
      { from: 0, to: 1, cost: 2 },
      { from: 1, to: 0, cost: 1 },
    ]);
    expect(feedbackArcSet(g, [1, 0, 1])).toEqual([1]);
    expect(() => feedbackArcSet(g, [0, 2])).toThrow(/outside/);
  });
});
