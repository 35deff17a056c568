import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { buildDigraph, componentWaves, condense, layerWaves, stronglyConnected } from '../../src/graph/index.js';
import { SEED, isAcyclic, permutation, randomDag, randomGraph, relabel } from './arbitraries.js';

describe('layerWaves', () => {
  it('puts nodes that need nothing in wave 0 and layers by longest chain', () => {
    // 3 needs 1 and 2; 2 needs 0; 1 needs nothing; 0 needs nothing.
    const g = buildDigraph(4, [
      { from: 3, to: 1, cost: 1 },
      { from: 3, to: 2, cost: 1 },
      { from: 2, to: 0, cost: 1 },
    ]);
    const { waves, waveOf } = layerWaves(g);
    expect(waves).toEqual([[0, 1], [2], [3]]);
    expect(Array.from(waveOf)).toEqual([0, 0, 1, 2]);
  });

  it('rejects a cycle with GRAPH_CYCLIC unless its edges are removed', () => {
    const g = buildDigraph(2, [
      { from: 0, to: 1, cost: 1 },
      { from: 1, to: 0, cost: 1 },
    ]);
    expect(() => layerWaves(g)).toThrow(GooseError);
    try {
      layerWaves(g);
    } catch (e) {
      expect((e as GooseError).code).toBe('GRAPH_CYCLIC');
    }
    expect(layerWaves(g, Uint8Array.of(1, 0)).waves).toEqual([[0], [1]]);
  });

  it('sends every edge of a DAG to a strictly earlier wave, with each wave justified', () => {
    fc.assert(
      fc.property(randomDag(20), (g) => {
        const { waves, waveOf } = layerWaves(g);
        expect(waves.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: g.nodeCount }, (_, i) => i));
        for (let e = 0; e < g.edgeCount; e++) expect(waveOf[g.edgeFrom[e]]).toBeGreaterThan(waveOf[g.edgeTo[e]]);
        // Longest path: a node in wave k > 0 needs something in wave k - 1.
        for (let v = 0; v < g.nodeCount; v++) {
          if (waveOf[v] === 0) continue;
          let justified = false;
          for (let e = g.outStart[v]; e < g.outStart[v + 1]; e++) justified ||= waveOf[g.edgeTo[e]] === waveOf[v] - 1;
          expect(justified).toBe(true);
        }
        waves.forEach((w) => expect(w).toEqual([...w].sort((a, b) => a - b)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('gives each node the same wave under relabelling', () => {
    fc.assert(
      fc.property(
        randomDag(15).chain((g) => permutation(g.nodeCount).map((perm) => ({ g, perm }))),
        ({ g, perm }) => {
          const a = layerWaves(g).waveOf;
          const b = layerWaves(relabel(g, perm)).waveOf;
          for (let v = 0; v < g.nodeCount; v++) expect(b[perm[v]]).toBe(a[v]);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('condense', () => {
  it('is acyclic and joins components exactly where members are joined', () => {
    fc.assert(
      fc.property(randomGraph(14, 0.3), ({ graph }) => {
        const s = stronglyConnected(graph);
        const dag = condense(graph, s);
        expect(isAcyclic(dag)).toBe(true);
        const expected = new Set<string>();
        for (let e = 0; e < graph.edgeCount; e++) {
          const c = s.componentOf[graph.edgeFrom[e]];
          const d = s.componentOf[graph.edgeTo[e]];
          if (c !== d) expected.add(`${c}>${d}`);
        }
        const actual = new Set<string>();
        for (let e = 0; e < dag.edgeCount; e++) actual.add(`${dag.edgeFrom[e]}>${dag.edgeTo[e]}`);
        expect(actual).toEqual(expected);
        const { waveOf } = componentWaves(graph, s);
        for (let e = 0; e < dag.edgeCount; e++) expect(waveOf[dag.edgeFrom[e]]).toBeGreaterThan(waveOf[dag.edgeTo[e]]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
