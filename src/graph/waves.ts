/**
 * Condensation and wave layering: which components can be built in parallel, and in what order.
 */
import { GooseError } from '../errors.js';
import { digraphFromArrays, type Digraph } from './digraph.js';
import type { Components } from './scc.js';

/** A layering of an acyclic graph: `waves[k]` can be built once every earlier wave is. */
export interface Layering {
  /** `waves[k]`: the nodes of wave `k`, ascending. */
  readonly waves: readonly (readonly number[])[];
  /** `waveOf[v]`: the wave of node `v`. */
  readonly waveOf: Int32Array;
}

/**
 * The condensation of `graph`: one node per component of `components`, an edge `c -> d` when
 * some member of `c` needs some member of `d` (cost: the highest such edge's). Always acyclic.
 */
export function condense(graph: Digraph, components: Components): Digraph {
  const { componentOf } = components;
  // Straight into typed arrays of the largest size, cut once: a readiness graph has a million edges.
  const from = new Int32Array(graph.edgeCount);
  const to = new Int32Array(graph.edgeCount);
  const cost = new Float64Array(graph.edgeCount);
  let m = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const c = componentOf[graph.edgeFrom[e]];
    const d = componentOf[graph.edgeTo[e]];
    if (c === d) continue;
    from[m] = c;
    to[m] = d;
    cost[m++] = graph.edgeCost[e];
  }
  return digraphFromArrays(components.count, from.slice(0, m), to.slice(0, m), cost.slice(0, m));
}

/**
 * Longest-path layering of `graph` without the edge ids marked in `removed`: wave 0 holds the
 * nodes that need nothing, wave k the nodes whose needs all lie in waves below k with one in
 * wave k-1. Every kept edge goes from a later wave to a strictly earlier one, so a wave never
 * contains an edge, and the number of waves is the length of the longest chain. Self-loops are
 * ignored. Throws `GRAPH_CYCLIC` when the kept edges contain a cycle. Time O(n + m).
 */
export function layerWaves(graph: Digraph, removed?: Uint8Array): Layering {
  const n = graph.nodeCount;
  const { inStart, inEdges, edgeFrom } = graph;
  const pending = new Int32Array(n); // kept out-edges whose target has no wave yet
  for (let e = 0; e < graph.edgeCount; e++) {
    if (removed === undefined || removed[e] === 0) pending[edgeFrom[e]]++;
  }
  const waveOf = new Int32Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (pending[v] === 0) queue[tail++] = v;
  // Kahn's algorithm over reversed edges: a node's wave is final once all its needs are placed.
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    const next = waveOf[v] + 1;
    for (let i = inStart[v]; i < inStart[v + 1]; i++) {
      const e = inEdges[i];
      if (removed !== undefined && removed[e] !== 0) continue;
      const u = edgeFrom[e];
      if (waveOf[u] < next) waveOf[u] = next;
      if (--pending[u] === 0) queue[tail++] = u;
    }
  }
  if (tail < n) {
    const stuck: number[] = [];
    for (let v = 0; v < n && stuck.length < 5; v++) if (pending[v] > 0) stuck.push(v);
    throw new GooseError('GRAPH_CYCLIC', `cannot layer a cyclic graph: ${n - tail} nodes are on or behind a cycle, e.g. ${stuck.join(', ')}`);
  }
  return { waves: groupByWave(waveOf), waveOf };
}

/** The waves of the condensation: component ids per wave, ascending. */
export function componentWaves(graph: Digraph, components: Components): Layering {
  return layerWaves(condense(graph, components));
}

/** Groups nodes by `waveOf`, each group ascending. */
export function groupByWave(waveOf: Int32Array): number[][] {
  let count = 0;
  for (let v = 0; v < waveOf.length; v++) if (waveOf[v] + 1 > count) count = waveOf[v] + 1;
  const waves: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < waveOf.length; v++) waves[waveOf[v]].push(v);
  return waves;
}
