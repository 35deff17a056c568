/**
 * The graph every algorithm in `src/graph` reads: dense node ids, edges deduplicated and packed
 * into compressed sparse rows (CSR) once, so the algorithms walk typed arrays instead of objects.
 */
import { GooseError } from '../errors.js';

/** One dependency: `from` needs `to` built first; `cost` is how expensive the edge is to break. */
export interface Edge {
  /** The node that needs `to` in its buildroot. */
  readonly from: number;
  /** The node that must be built before `from`. */
  readonly to: number;
  /** Higher is more expensive to break: a direct BuildRequires is high, a weak or runtime-only one low. */
  readonly cost: number;
}

/**
 * A directed dependency graph on nodes `0..nodeCount-1`, built by {@link buildDigraph}.
 *
 * Edge ids are `0..edgeCount-1`, sorted by `(from, to)`; there is at most one edge per ordered
 * pair and no self-loop (those are kept apart in `selfLoops`). The out-edges of `v` are the ids
 * `outStart[v] .. outStart[v+1]-1`; its in-edges are `inEdges[inStart[v] .. inStart[v+1]-1]`,
 * sorted by `from`.
 */
export interface Digraph {
  /** Number of nodes; ids are `0..nodeCount-1`. */
  readonly nodeCount: number;
  /** Number of distinct non-loop edges. */
  readonly edgeCount: number;
  /** `edgeFrom[e]`: the node that needs the other end of edge `e`. */
  readonly edgeFrom: Int32Array;
  /** `edgeTo[e]`: the node edge `e` needs. */
  readonly edgeTo: Int32Array;
  /** `edgeCost[e]`: the cost of breaking edge `e` (the maximum over its duplicates). */
  readonly edgeCost: Float64Array;
  /** Out-edge row starts, length `nodeCount + 1`; out-edges of `v` are ids `outStart[v]..outStart[v+1]-1`. */
  readonly outStart: Int32Array;
  /** In-edge row starts, length `nodeCount + 1`, indexing `inEdges`. */
  readonly inStart: Int32Array;
  /** Edge ids grouped by target, each group sorted by source. */
  readonly inEdges: Int32Array;
  /** Nodes that need themselves, one edge each (maximum cost), sorted by node. */
  readonly selfLoops: readonly Edge[];
}

/**
 * Packs `edges` on `nodeCount` nodes into a {@link Digraph}: parallel edges merge keeping the
 * highest cost, self-loops go to `selfLoops`.
 *
 * Throws `GRAPH_BAD_NODE` for an endpoint outside `0..nodeCount-1` and `GRAPH_BAD_COST` for a
 * cost that is negative or not finite (greedy cycle breaking relies on costs adding up).
 */
export function buildDigraph(nodeCount: number, edges: readonly Edge[]): Digraph {
  if (!Number.isInteger(nodeCount) || nodeCount < 0) {
    throw new GooseError('GRAPH_BAD_NODE', `node count must be a non-negative integer, got ${nodeCount}`);
  }
  const loopCost = new Map<number, number>();
  const keep: number[] = [];
  for (let i = 0; i < edges.length; i++) {
    const { from, to, cost } = edges[i];
    checkNode(from, nodeCount, i);
    checkNode(to, nodeCount, i);
    if (!Number.isFinite(cost) || cost < 0) {
      throw new GooseError('GRAPH_BAD_COST', `edge ${i} (${from} -> ${to}) has cost ${cost}; costs must be finite and >= 0`);
    }
    if (from === to) {
      const old = loopCost.get(from);
      if (old === undefined || cost > old) loopCost.set(from, cost);
    } else {
      keep.push(i);
    }
  }

  const n = keep.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const cost = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e = edges[keep[k]];
    from[k] = e.from;
    to[k] = e.to;
    cost[k] = e.cost;
  }
  const selfLoops = [...loopCost.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([node, c]) => ({ from: node, to: node, cost: c }));
  return digraphFromArrays(nodeCount, from, to, cost, selfLoops);
}

/**
 * Like {@link buildDigraph} for edges given as parallel arrays that are already valid and
 * loop-free (no checks): sorts by `(from, to)` and merges duplicates keeping the highest cost.
 */
export function digraphFromArrays(
  nodeCount: number,
  from: Int32Array,
  to: Int32Array,
  cost: Float64Array,
  selfLoops: readonly Edge[] = [],
): Digraph {
  // Edges of one build graph's rows usually come sorted and distinct already: packed as they are.
  let ordered = true;
  for (let k = 1; k < from.length && ordered; k++) ordered = from[k - 1] < from[k] || (from[k - 1] === from[k] && to[k - 1] < to[k]);
  if (ordered) return packDigraph(nodeCount, from, to, cost, selfLoops);
  // Counting sort by `to`, then a stable counting sort by `from`: O(n + m), gives (from, to) order.
  const byTo = countingSort(identity(from.length), nodeCount, to);
  const sorted = countingSort(byTo, nodeCount, from);
  const m = sorted.length;
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  const edgeCost = new Float64Array(m);
  let count = 0;
  for (let k = 0; k < m; k++) {
    const i = sorted[k];
    if (count > 0 && edgeFrom[count - 1] === from[i] && edgeTo[count - 1] === to[i]) {
      if (cost[i] > edgeCost[count - 1]) edgeCost[count - 1] = cost[i];
    } else {
      edgeFrom[count] = from[i];
      edgeTo[count] = to[i];
      edgeCost[count] = cost[i];
      count++;
    }
  }
  return packDigraph(
    nodeCount,
    edgeFrom.slice(0, count),
    edgeTo.slice(0, count),
    edgeCost.slice(0, count),
    selfLoops,
  );
}

/**
 * Builds the CSR rows over edge arrays already sorted by `(from, to)` without duplicates or
 * self-loops; for callers that derive one graph from another.
 */
export function packDigraph(
  nodeCount: number,
  edgeFrom: Int32Array,
  edgeTo: Int32Array,
  edgeCost: Float64Array,
  selfLoops: readonly Edge[] = [],
): Digraph {
  const m = edgeFrom.length;
  const outStart = new Int32Array(nodeCount + 1);
  const inStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < m; e++) {
    outStart[edgeFrom[e] + 1]++;
    inStart[edgeTo[e] + 1]++;
  }
  for (let v = 0; v < nodeCount; v++) {
    outStart[v + 1] += outStart[v];
    inStart[v + 1] += inStart[v];
  }
  // Edges are visited in (from, to) order, so each in-row ends up sorted by `from`.
  const inEdges = new Int32Array(m);
  const fill = inStart.slice(0, nodeCount);
  for (let e = 0; e < m; e++) inEdges[fill[edgeTo[e]]++] = e;
  return { nodeCount, edgeCount: m, edgeFrom, edgeTo, edgeCost, outStart, inStart, inEdges, selfLoops };
}

/** Edge `e` of `graph` as a plain object. */
export function edgeAt(graph: Digraph, e: number): Edge {
  return { from: graph.edgeFrom[e], to: graph.edgeTo[e], cost: graph.edgeCost[e] };
}

/** The id of the edge `from -> to`, or -1 when there is none (binary search in the out-row). */
export function findEdge(graph: Digraph, from: number, to: number): number {
  let lo = graph.outStart[from];
  let hi = graph.outStart[from + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = graph.edgeTo[mid];
    if (t === to) return mid;
    if (t < to) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function checkNode(v: number, nodeCount: number, index: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= nodeCount) {
    throw new GooseError('GRAPH_BAD_NODE', `edge ${index} names node ${v}, outside 0..${nodeCount - 1}`);
  }
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Stable counting sort of the indices `items` by `key[i]`, a value in `0..buckets-1`. */
function countingSort(items: Int32Array, buckets: number, key: Int32Array): Int32Array {
  const start = new Int32Array(buckets + 1);
  for (let k = 0; k < items.length; k++) start[key[items[k]] + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const out = new Int32Array(items.length);
  for (let k = 0; k < items.length; k++) out[start[key[items[k]]]++] = items[k];
  return out;
}
