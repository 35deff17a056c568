import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { buildDigraph, edgeAt, findEdge } from '../../src/graph/index.js';
import { SEED, randomGraph } from './arbitraries.js';

describe('buildDigraph', () => {
  it('merges parallel edges keeping the highest cost and keeps self-loops apart', () => {
    const g = buildDigraph(3, [
      { from: 2, to: 0, cost: 1 },
      { from: 0, to: 1, cost: 3 },
      { from: 2, to: 0, cost: 7 },
      { from: 1, to: 1, cost: 2 },
      { from: 1, to: 1, cost: 5 },
      { from: 0, to: 1, cost: 2 },
    ]);
    expect(g.edgeCount).toBe(2);
    expect([0, 1].map((e) => edgeAt(g, e))).toEqual([
      { from: 0, to: 1, cost: 3 },
      { from: 2, to: 0, cost: 7 },
    ]);
    expect(g.selfLoops).toEqual([{ from: 1, to: 1, cost: 5 }]);
    expect(findEdge(g, 2, 0)).toBe(1);
    expect(findEdge(g, 0, 2)).toBe(-1);
  });

  it('rejects nodes out of range and bad costs with typed errors', () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const bad = thrown(() => buildDigraph(2, [{ from: 0, to: 2, cost: 1 }]));
    expect(bad).toBeInstanceOf(GooseError);
    expect((bad as GooseError).code).toBe('GRAPH_BAD_NODE');
    expect((thrown(() => buildDigraph(2, [{ from: 0, to: 1, cost: -1 }])) as GooseError).code).toBe('GRAPH_BAD_COST');
    expect((thrown(() => buildDigraph(2, [{ from: 0, to: 1, cost: NaN }])) as GooseError).code).toBe('GRAPH_BAD_COST');
    expect((thrown(() => buildDigraph(1.5, [])) as GooseError).code).toBe('GRAPH_BAD_NODE');
  });

  it('packs every distinct edge once into consistent out- and in-rows', () => {
    fc.assert(
      fc.property(randomGraph(12), ({ graph, edges }) => {
        const expected = new Map<string, number>();
        for (const e of edges) {
          if (e.from === e.to) continue;
          const key = `${e.from}>${e.to}`;
          expected.set(key, Math.max(expected.get(key) ?? -1, e.cost));
        }
        const actual = new Map<string, number>();
        for (let v = 0; v < graph.nodeCount; v++) {
          for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) {
            expect(graph.edgeFrom[e]).toBe(v);
            if (e > graph.outStart[v]) expect(graph.edgeTo[e]).toBeGreaterThan(graph.edgeTo[e - 1]);
            actual.set(`${v}>${graph.edgeTo[e]}`, graph.edgeCost[e]);
          }
          for (let i = graph.inStart[v]; i < graph.inStart[v + 1]; i++) {
            expect(graph.edgeTo[graph.inEdges[i]]).toBe(v);
            if (i > graph.inStart[v]) expect(graph.edgeFrom[graph.inEdges[i]]).toBeGreaterThan(graph.edgeFrom[graph.inEdges[i - 1]]);
          }
        }
        expect(actual).toEqual(expected);
        expect(graph.inStart[graph.nodeCount]).toBe(graph.edgeCount);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
