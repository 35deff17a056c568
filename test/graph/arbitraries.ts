/** Random graphs for the property tests, and slow obviously-correct reference algorithms. */
import fc from 'fast-check';
import { buildDigraph, type Digraph, type Edge } from '../../src/graph/index.js';

/** Fixed seed so a failure reproduces; fast-check prints the counterexample and path. */
export const SEED = 20240611;

/** A random edge list on `n` nodes with costs 0..10, from sparse to dense (duplicates and loops included). */
export function edgesOn(n: number, maxEdges = n * n): fc.Arbitrary<Edge[]> {
  return fc.array(
    fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), cost: fc.integer({ min: 0, max: 10 }) }),
    { maxLength: maxEdges },
  );
}

/** A random graph with 1..`maxNodes` nodes, returned with its raw edges. */
export function randomGraph(maxNodes: number, density = 1): fc.Arbitrary<{ graph: Digraph; edges: Edge[] }> {
  return fc
    .integer({ min: 1, max: maxNodes })
    .chain((n) => edgesOn(n, Math.max(1, Math.round(n * n * density))).map((edges) => ({ n, edges })))
    .map(({ n, edges }) => ({ graph: buildDigraph(n, edges), edges }));
}

/** A random DAG: every edge goes from a higher id to a lower one. */
export function randomDag(maxNodes: number): fc.Arbitrary<Digraph> {
  return fc
    .integer({ min: 1, max: maxNodes })
    .chain((n) => edgesOn(n).map((edges) => ({ n, edges })))
    .map(({ n, edges }) =>
      buildDigraph(
        n,
        edges.filter((e) => e.from !== e.to).map((e) => ({ from: Math.max(e.from, e.to), to: Math.min(e.from, e.to), cost: e.cost })),
      ),
    );
}

/** `reach[u][v]`: u reaches v by one or more edges not in `removed` (naive closure). */
export function closure(graph: Digraph, removed?: Uint8Array): boolean[][] {
  const n = graph.nodeCount;
  const reach = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (let e = 0; e < graph.edgeCount; e++) {
    if (removed === undefined || removed[e] === 0) reach[graph.edgeFrom[e]][graph.edgeTo[e]] = true;
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (reach[i][k]) for (let j = 0; j < n; j++) if (reach[k][j]) reach[i][j] = true;
  return reach;
}

/** True when the graph without `removed` edges (and without self-loops) has no cycle. */
export function isAcyclic(graph: Digraph, removed?: Uint8Array): boolean {
  const reach = closure(graph, removed);
  return reach.every((row, v) => !row[v]);
}

/** Mask of edge ids for an edge list that names edges of `graph` by endpoints. */
export function maskOf(graph: Digraph, edges: readonly Edge[]): Uint8Array {
  const mask = new Uint8Array(graph.edgeCount);
  for (const b of edges) {
    for (let e = graph.outStart[b.from]; e < graph.outStart[b.from + 1]; e++) if (graph.edgeTo[e] === b.to) mask[e] = 1;
  }
  return mask;
}

/** The graph with node `v` renamed `perm[v]`. */
export function relabel(graph: Digraph, perm: readonly number[]): Digraph {
  const edges: Edge[] = [];
  for (let e = 0; e < graph.edgeCount; e++) {
    edges.push({ from: perm[graph.edgeFrom[e]], to: perm[graph.edgeTo[e]], cost: graph.edgeCost[e] });
  }
  for (const l of graph.selfLoops) edges.push({ from: perm[l.from], to: perm[l.to], cost: l.cost });
  return buildDigraph(graph.nodeCount, edges);
}

/** A random permutation of 0..n-1. */
export function permutation(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) =>
    keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i),
  );
}

/** A strongly connected graph: the ring 0 -> 1 -> ... -> n-1 -> 0 plus up to `extra * n` random edges. */
export function cyclicGraph(minNodes: number, maxNodes: number, extra = 1): fc.Arbitrary<Digraph> {
  return fc
    .integer({ min: minNodes, max: maxNodes })
    .chain((n) =>
      fc
        .tuple(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n, maxLength: n }), edgesOn(n, Math.round(extra * n)))
        .map(([ringCosts, edges]) => ({ n, ringCosts, edges })),
    )
    .map(({ n, ringCosts, edges }) =>
      buildDigraph(n, [...ringCosts.map((cost, v) => ({ from: v, to: (v + 1) % n, cost })), ...edges]),
    );
}
