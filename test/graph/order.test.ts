import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDigraph, findEdge, orderGraph, stronglyConnected, type BuildOrder, type Digraph, type Edge } from '../../src/graph/index.js';
import { SEED, isAcyclic, maskOf, permutation, randomDag, randomGraph, relabel } from './arbitraries.js';

/** The worked example of docs/build-order.md. */
const NAMES = ['autoconf', 'gcc', 'glibc', 'hello', 'make', 'perl', 'python3', 'sphinx'];
function example(): Digraph {
  const id = (name: string): number => NAMES.indexOf(name);
  const needs = (from: string, to: string, cost: number): Edge => ({ from: id(from), to: id(to), cost });
  return buildDigraph(NAMES.length, [
    needs('gcc', 'glibc', 10),
    needs('glibc', 'gcc', 10),
    needs('glibc', 'make', 10),
    needs('glibc', 'python3', 1),
    needs('make', 'gcc', 10),
    needs('python3', 'gcc', 10),
    needs('python3', 'sphinx', 1),
    needs('sphinx', 'python3', 10),
    needs('perl', 'gcc', 10),
    needs('perl', 'make', 10),
    needs('autoconf', 'perl', 10),
    needs('autoconf', 'autoconf', 10),
    needs('hello', 'gcc', 10),
    needs('hello', 'make', 10),
    needs('hello', 'autoconf', 1),
  ]);
}

/** Checks every guarantee orderGraph documents. */
function expectValidOrder(graph: Digraph, order: BuildOrder): void {
  const n = graph.nodeCount;
  expect(order.waves.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, v) => v));
  order.waves.forEach((wave, k) => {
    expect(wave.length).toBeGreaterThan(0);
    wave.forEach((v) => expect(order.waveOf[v]).toBe(k));
    expect(wave).toEqual([...wave].sort((a, b) => a - b));
  });
  const removed = maskOf(graph, order.breaks);
  for (let e = 0; e < graph.edgeCount; e++) {
    if (removed[e] === 0) expect(order.waveOf[graph.edgeFrom[e]]).toBeGreaterThan(order.waveOf[graph.edgeTo[e]]);
  }
  expect(stronglyConnected(graph, removed).cyclic).toEqual([]);
  expect(order.selfLoops).toEqual(graph.selfLoops.map((e) => e.from));
  // Cycles are the strongly connected components; their breaks lie inside and add up to `breaks`.
  const scc = stronglyConnected(graph);
  expect(order.cycles.map((c) => c.members)).toEqual(scc.cyclic.map((c) => scc.members[c]));
  for (const cycle of order.cycles) {
    const inside = new Set(cycle.members);
    for (const b of cycle.breaks) expect(inside.has(b.from) && inside.has(b.to)).toBe(true);
  }
  const fromCycles = order.cycles.flatMap((c) => c.breaks).sort((a, b) => a.from - b.from || a.to - b.to);
  expect(fromCycles).toEqual(order.breaks);
}

describe('orderGraph', () => {
  it('orders the worked example of docs/build-order.md', () => {
    const graph = example();
    for (const options of [{}, { exactLimit: 0 }]) {
      const order = orderGraph(graph, options);
      const named = (ids: readonly number[]) => ids.map((v) => NAMES[v]);
      expect(order.waves.map(named)).toEqual([['gcc'], ['make', 'python3'], ['glibc', 'perl', 'sphinx'], ['autoconf'], ['hello']]);
      expect(order.breaks.map((e) => `${NAMES[e.from]} -> ${NAMES[e.to]}`)).toEqual(['gcc -> glibc', 'python3 -> sphinx']);
      expect(order.cycles.map((c) => named(c.members))).toEqual([['gcc', 'glibc', 'make', 'python3', 'sphinx']]);
      expect(named(order.selfLoops)).toEqual(['autoconf']);
      expectValidOrder(graph, order);
    }
  });

  it('keeps every guarantee on random graphs, sparse to dense', () => {
    fc.assert(
      fc.property(fc.oneof(randomGraph(12, 0.1), randomGraph(16, 0.3), randomGraph(30, 0.08)), ({ graph }) => {
        expectValidOrder(graph, orderGraph(graph));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never leaves a break that could be restored alone', () => {
    fc.assert(
      fc.property(randomGraph(20, 0.25), fc.constantFrom(0, 12), ({ graph }, exactLimit) => {
        const order = orderGraph(graph, { exactLimit });
        const removed = maskOf(graph, order.breaks);
        expect(isAcyclic(graph, removed)).toBe(true);
        for (const b of order.breaks) {
          const restored = removed.slice();
          restored[findEdge(graph, b.from, b.to)] = 0;
          expect(isAcyclic(graph, restored)).toBe(false);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('gives identical results on repeated runs', () => {
    fc.assert(
      fc.property(randomGraph(30, 0.1), ({ graph }) => {
        const a = orderGraph(graph);
        const b = orderGraph(graph);
        expect({ ...b, waveOf: Array.from(b.waveOf) }).toEqual({ ...a, waveOf: Array.from(a.waveOf) });
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('moves with the nodes under relabelling: waves of acyclic graphs, cycles and self-loops of any', () => {
    fc.assert(
      fc.property(randomDag(16).chain((g) => permutation(g.nodeCount).map((perm) => ({ g, perm }))), ({ g, perm }) => {
        const a = orderGraph(g);
        const b = orderGraph(relabel(g, perm));
        for (let v = 0; v < g.nodeCount; v++) expect(b.waveOf[perm[v]]).toBe(a.waveOf[v]);
        expect(b.breaks).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
    fc.assert(
      fc.property(
        randomGraph(14, 0.2).chain(({ graph }) => permutation(graph.nodeCount).map((perm) => ({ graph, perm }))),
        ({ graph, perm }) => {
          const a = orderGraph(graph);
          const b = orderGraph(relabel(graph, perm));
          const moved = a.cycles.map((c) => c.members.map((v) => perm[v]).sort((x, y) => x - y)).sort((x, y) => x[0] - y[0]);
          expect(b.cycles.map((c) => c.members)).toEqual(moved);
          expect(b.selfLoops).toEqual(a.selfLoops.map((v) => perm[v]).sort((x, y) => x - y));
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('completes on a 35,000-node, 300,000-edge graph with a 500-node cycle (timings: bench/graph.ts)', () => {
    const n = 35_000;
    let seed = 11;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const edges: Edge[] = [];
    const block = 1000;
    for (let i = 0; i < 500; i++) edges.push({ from: block + i, to: block + ((i + 1) % 500), cost: 10 });
    for (let i = 0; i < 4000; i++) {
      edges.push({ from: block + Math.floor(random() * 500), to: block + Math.floor(random() * 500), cost: random() < 0.2 ? 1 : 10 });
    }
    while (edges.length < 300_000) {
      const from = 1 + Math.floor(random() * (n - 1));
      edges.push({ from, to: Math.floor(from * random() ** 3), cost: random() < 0.2 ? 1 : 10 });
    }
    const graph = buildDigraph(n, edges);
    const order = orderGraph(graph);
    expect(order.cycles.map((c) => c.members.length)).toContain(500);
    const removed = maskOf(graph, order.breaks);
    let violations = 0;
    for (let e = 0; e < graph.edgeCount; e++) {
      if (removed[e] === 0 && order.waveOf[graph.edgeFrom[e]] <= order.waveOf[graph.edgeTo[e]]) violations++;
    }
    expect(violations).toBe(0);
    expect(order.waves.reduce((sum, w) => sum + w.length, 0)).toBe(n);
  });
});
