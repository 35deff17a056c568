/**
 * Feedback arc sets: which dependency edges to build against an old binary so that a cycle of
 * source packages can be built in some order at all.
 *
 * Finding a minimum-cost feedback arc set is NP-hard, so a component is ordered by a heuristic
 * and the edges that order breaks are then pruned until none can be restored:
 * 1. small components (at most `exactLimit` members) get an optimal order by dynamic programming
 *    over subsets; larger ones the weighted greedy order of Eades, Lin and Smyth, improved by
 *    sifting (move one node at a time to its cheapest position while that lowers the cost) and
 *    seeded random kicks (iterated local search);
 * 2. the edges the order breaks are restored one by one, most expensive first, whenever the
 *    restored edge does not close a cycle (checked within a dynamic topological order).
 * See docs/build-order.md for a worked example.
 * The result is acyclic after removal and minimal with respect to inclusion: restoring any single
 * break closes a cycle. For small components its cost is the minimum.
 */
import { GooseError } from '../errors.js';
import { packDigraph, type Digraph } from './digraph.js';
import { mulberry32 } from './random.js';
import { cheapestOrder, sumBits } from './subsets.js';

/** Tuning of {@link feedbackArcSet}. */
export interface FeedbackOptions {
  /** Largest node set ordered exactly (O(2^k k^2) time, 2^k memory); default 12, at most 20. */
  readonly exactLimit?: number;
  /** Most sifting passes per local search; default 8, 0 turns sifting and kicks off. */
  readonly siftPasses?: number;
  /** Random restarts (kicks) of the local search from the best order so far; default 64 up to about 1,000 nodes, then fewer (none past about 8,000). */
  readonly kicks?: number;
  /** Answers of earlier calls, by induced subgraph (see {@link FeedbackMemo}); none by default. */
  readonly memo?: FeedbackMemo;
}

/**
 * Feedback arc sets computed before. The answer for a component is a pure function of the
 * subgraph it induces (nodes renumbered by rank, edges sorted, costs) and of the tuning, so a
 * caller may keep answers by a hash of both: a later order of a subset of the same graph meets
 * the same large cycles again (what a change of boost affects holds nearly every source).
 */
export interface FeedbackMemo {
  /** The local edge ids removed for `local` under `tuning`, ascending, or undefined when not known. */
  recall(local: Digraph, tuning: string): Int32Array | undefined;
  /** Keeps the local edge ids `removed` computed for `local` under `tuning`. */
  keep(local: Digraph, tuning: string, removed: Int32Array): void;
}

/** Default of {@link FeedbackOptions.exactLimit}. */
export const DEFAULT_EXACT_LIMIT = 12;
const MAX_EXACT_LIMIT = 20;
const DEFAULT_SIFT_PASSES = 8;
const DEFAULT_KICKS = 64;
/** Work units allowed for kicks; one kick is about k^2 + 16 m units (see feedbackArcSet). */
const KICK_WORK = 6.4e7;
/** Sift events pack (rank, index) into one float; no node has this many edges. */
const EVENT_SCALE = 2 ** 24;

/**
 * A small set of edge ids of `graph`, all between nodes of `members`, whose removal leaves the
 * subgraph induced by `members` acyclic, preferring cheap edges; sorted ascending (by `(from, to)`).
 * `members` is usually one strongly connected component; repeats are ignored, and a node
 * outside the graph throws `GRAPH_BAD_NODE`.
 */
export function feedbackArcSet(graph: Digraph, members: readonly number[], options: FeedbackOptions = {}): number[] {
  const exactLimit = Math.min(options.exactLimit ?? DEFAULT_EXACT_LIMIT, MAX_EXACT_LIMIT);
  const siftPasses = options.siftPasses ?? DEFAULT_SIFT_PASSES;
  const { local, globalEdge } = induce(graph, members);
  if (local.edgeCount === 0) return [];

  let removed: Uint8Array;
  if (local.nodeCount <= exactLimit) {
    const order = exactOrder(local);
    removed = brokenBy(local, order);
    restoreWhatFits(local, removed, order);
  } else {
    // A kick re-sifts: node moves cost about k^2, event sorting about m log(degree). Components of
    // thousands of nodes get fewer kicks, so one component stays within a few seconds.
    const k = local.nodeCount;
    const budget = Math.floor(KICK_WORK / (k * k + 16 * local.edgeCount));
    const kicks = options.kicks ?? Math.min(DEFAULT_KICKS, budget);
    // The search is the slow part; an answer kept for the same subgraph and tuning is used instead.
    const tuning = `${siftPasses}/${kicks}`;
    const known = options.memo?.recall(local, tuning);
    if (known && known.every((e, i) => e >= 0 && e < local.edgeCount && (i === 0 || known[i - 1] < e))) {
      removed = new Uint8Array(local.edgeCount);
      for (const e of known) removed[e] = 1;
    } else {
      removed = improve(local, greedyOrder(local), siftPasses, kicks);
      if (options.memo) {
        const ids: number[] = [];
        for (let e = 0; e < local.edgeCount; e++) if (removed[e] !== 0) ids.push(e);
        options.memo.keep(local, tuning, Int32Array.from(ids));
      }
    }
  }
  const out: number[] = [];
  for (let e = 0; e < local.edgeCount; e++) if (removed[e] !== 0) out.push(globalEdge[e]);
  return out.sort((a, b) => a - b);
}

/** Total cost of the edge ids `edges` of `graph`. */
export function breakCost(graph: Digraph, edges: readonly number[]): number {
  let sum = 0;
  for (const e of edges) sum += graph.edgeCost[e];
  return sum;
}

/** The subgraph induced by `members` on local ids `0..k-1` (in the order of `members`, sorted). */
function induce(graph: Digraph, members: readonly number[]): { local: Digraph; globalEdge: Int32Array } {
  const sorted = [...new Set(members)].sort((a, b) => a - b);
  for (const v of sorted) {
    if (!Number.isInteger(v) || v < 0 || v >= graph.nodeCount) {
      throw new GooseError('GRAPH_BAD_NODE', `member ${v} is outside 0..${graph.nodeCount - 1}`);
    }
  }
  // A dense table for large components (tens of thousands of members), a map for the many small ones.
  let localOf: (v: number) => number;
  if (sorted.length > 256) {
    const table = new Int32Array(graph.nodeCount).fill(-1);
    sorted.forEach((v, i) => (table[v] = i));
    localOf = (v) => table[v];
  } else {
    const map = new Map<number, number>();
    sorted.forEach((v, i) => map.set(v, i));
    localOf = (v) => map.get(v) ?? -1;
  }
  let m = 0;
  for (const v of sorted) for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) if (localOf(graph.edgeTo[e]) >= 0) m++;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const cost = new Float64Array(m);
  const globalEdge = new Int32Array(m);
  // Sorted members and sorted out-rows give local edges already sorted by (from, to).
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) {
      const j = localOf(graph.edgeTo[e]);
      if (j < 0) continue;
      from[k] = i;
      to[k] = j;
      cost[k] = graph.edgeCost[e];
      globalEdge[k++] = e;
    }
  }
  return { local: packDigraph(sorted.length, from, to, cost), globalEdge };
}

/**
 * A build order of minimum total broken cost, by dynamic programming over the set of nodes
 * already built: adding `v` after the set `S` breaks the edges from members of `S` to `v`.
 */
function exactOrder(g: Digraph): Int32Array {
  const k = g.nodeCount;
  // inCost[v * k + u]: cost of u -> v (u needs v), 0 when absent.
  const inCost = new Float64Array(k * k);
  const inMask = new Int32Array(k);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = g.edgeFrom[e];
    const v = g.edgeTo[e];
    inCost[v * k + u] = g.edgeCost[e];
    inMask[v] |= 1 << u;
  }
  return cheapestOrder(k, (v, built) => sumBits(inCost, v * k, inMask[v] & built));
}

/**
 * The greedy order of Eades, Lin and Smyth (1993) with edge costs, written for build order:
 * nodes that need nothing left go first, nodes nothing left needs go last, and otherwise the node
 * whose remaining dependents outweigh its remaining needs by the most goes first (its needs are
 * what gets broken). Ties go to the smallest id. O(k^2 + m) time for k nodes.
 */
function greedyOrder(g: Digraph): Int32Array {
  const k = g.nodeCount;
  const { outStart, inStart, inEdges, edgeFrom, edgeTo, edgeCost } = g;
  const outDeg = new Int32Array(k);
  const inDeg = new Int32Array(k);
  const outW = new Float64Array(k);
  const inW = new Float64Array(k);
  for (let e = 0; e < g.edgeCount; e++) {
    outDeg[edgeFrom[e]]++;
    outW[edgeFrom[e]] += edgeCost[e];
    inDeg[edgeTo[e]]++;
    inW[edgeTo[e]] += edgeCost[e];
  }
  const done = new Uint8Array(k);
  const front: number[] = [];
  const back: number[] = [];
  const needNothing: number[] = [];
  const neededByNone: number[] = [];
  for (let v = k - 1; v >= 0; v--) {
    if (outDeg[v] === 0) needNothing.push(v);
    if (inDeg[v] === 0) neededByNone.push(v);
  }

  const place = (v: number): void => {
    done[v] = 1;
    for (let e = outStart[v]; e < outStart[v + 1]; e++) {
      const w = edgeTo[e];
      if (done[w] !== 0) continue;
      inW[w] -= edgeCost[e];
      if (--inDeg[w] === 0) neededByNone.push(w);
    }
    for (let i = inStart[v]; i < inStart[v + 1]; i++) {
      const e = inEdges[i];
      const u = edgeFrom[e];
      if (done[u] !== 0) continue;
      outW[u] -= edgeCost[e];
      if (--outDeg[u] === 0) needNothing.push(u);
    }
  };

  let left = k;
  while (left > 0) {
    let progress = true;
    while (progress) {
      progress = false;
      while (needNothing.length > 0) {
        const v = needNothing.pop()!;
        if (done[v] !== 0) continue;
        place(v);
        front.push(v);
        left--;
        progress = true;
      }
      while (neededByNone.length > 0) {
        const v = neededByNone.pop()!;
        if (done[v] !== 0) continue;
        place(v);
        back.push(v);
        left--;
        progress = true;
      }
    }
    if (left === 0) break;
    let pick = -1;
    let pickScore = -Infinity;
    for (let v = 0; v < k; v++) {
      if (done[v] !== 0) continue;
      const score = inW[v] - outW[v];
      if (score > pickScore) {
        pick = v;
        pickScore = score;
      }
    }
    place(pick);
    front.push(pick);
    left--;
  }
  const order = new Int32Array(k);
  let i = 0;
  for (const v of front) order[i++] = v;
  for (let j = back.length - 1; j >= 0; j--) order[i++] = back[j];
  return order;
}

/**
 * One sifting pass over `order` (changed in place): each node in turn moves to the position where
 * its broken edges cost least, if that is strictly cheaper. Returns whether anything moved.
 */
function siftOnce(g: Digraph, order: Int32Array): boolean {
  const k = g.nodeCount;
  const { outStart, inStart, inEdges, edgeFrom, edgeTo, edgeCost } = g;
  const pos = new Int32Array(k);
  for (let i = 0; i < k; i++) pos[order[i]] = i;
  let maxDegree = 0;
  for (let v = 0; v < k; v++) {
    const d = outStart[v + 1] - outStart[v] + inStart[v + 1] - inStart[v];
    if (d > maxDegree) maxDegree = d;
  }
  // Events sort natively as one float each: rank * EVENT_SCALE + event index.
  const keys = new Float64Array(maxDegree);
  const deltas = new Float64Array(maxDegree);
  let moved = false;
  for (const v of Array.from(order)) {
    const p = pos[v];
    // Slot q puts v before the node of rank q among the others. Passing a node it needs repairs
    // that edge; passing a node that needs it breaks that one.
    let count = 0;
    let cost0 = 0;
    for (let e = outStart[v]; e < outStart[v + 1]; e++) {
      const x = pos[edgeTo[e]];
      cost0 += edgeCost[e];
      deltas[count] = -edgeCost[e];
      keys[count] = (x < p ? x : x - 1) * EVENT_SCALE + count;
      count++;
    }
    for (let i = inStart[v]; i < inStart[v + 1]; i++) {
      const e = inEdges[i];
      const x = pos[edgeFrom[e]];
      deltas[count] = edgeCost[e];
      keys[count] = (x < p ? x : x - 1) * EVENT_SCALE + count;
      count++;
    }
    const events = keys.subarray(0, count).sort();
    let cost = cost0;
    let bestSlot = 0;
    let bestCost = cost0;
    let currentCost = cost0; // holds when p comes before the first event
    for (let j = 0; j < count; ) {
      const r = Math.floor(events[j] / EVENT_SCALE);
      let next = k - 1;
      for (; j < count; j++) {
        const rank = Math.floor(events[j] / EVENT_SCALE);
        if (rank !== r) {
          next = rank;
          break;
        }
        cost += deltas[events[j] - rank * EVENT_SCALE];
      }
      // Slots r+1 .. next all cost `cost`; the current slot may lie in that range.
      if (p >= r + 1 && p <= next) currentCost = cost;
      if (cost < bestCost) {
        bestCost = cost;
        bestSlot = r + 1;
      }
    }
    if (!(bestCost < currentCost - 1e-9 * Math.max(1, Math.abs(currentCost)))) continue;
    // Move v from p to bestSlot, shifting the nodes in between.
    moveTo(order, p, bestSlot);
    const lo = Math.min(p, bestSlot);
    const hi = Math.max(p, bestSlot);
    for (let i = lo; i <= hi; i++) pos[order[i]] = i;
    moved = true;
  }
  return moved;
}

/**
 * Iterated local search from `start`: sift to a local optimum, then repeatedly kick the best
 * order (move a few nodes to random places), sift again and keep the result when it costs no
 * more. The random choices come from a fixed seed, so the outcome is deterministic. Returns the
 * edges the best order breaks, pruned by {@link restoreWhatFits}.
 */
function improve(g: Digraph, start: Int32Array, siftPasses: number, kicks: number): Uint8Array {
  const k = g.nodeCount;
  const settle = (order: Int32Array): number => {
    for (let pass = 0; pass < siftPasses; pass++) if (!siftOnce(g, order)) break;
    return orderCost(g, order);
  };
  let best = start.slice();
  let bestCost = settle(best);
  const random = mulberry32(0x9e3779b9 ^ k);
  const moves = Math.max(2, Math.round(k / 32));
  for (let kick = 0; kick < kicks && bestCost > 0 && siftPasses > 0; kick++) {
    const trial = best.slice();
    for (let i = 0; i < moves; i++) moveTo(trial, Math.floor(random() * k), Math.floor(random() * k));
    const cost = settle(trial);
    if (cost <= bestCost) {
      best = trial;
      bestCost = cost;
    }
  }
  const removed = brokenBy(g, best);
  restoreWhatFits(g, removed, best);
  return removed;
}

/** Total cost of the edges `order` breaks. */
function orderCost(g: Digraph, order: Int32Array): number {
  const pos = new Int32Array(g.nodeCount);
  for (let i = 0; i < order.length; i++) pos[order[i]] = i;
  let cost = 0;
  for (let e = 0; e < g.edgeCount; e++) if (pos[g.edgeFrom[e]] < pos[g.edgeTo[e]]) cost += g.edgeCost[e];
  return cost;
}

/** Moves the entry at index `from` of `order` to index `to`, shifting those in between. */
function moveTo(order: Int32Array, from: number, to: number): void {
  const v = order[from];
  if (to > from) order.copyWithin(from, from + 1, to + 1);
  else order.copyWithin(to + 1, to, from);
  order[to] = v;
}


/** Marks the edges `order` breaks: `u -> v` where `u` comes before `v` (u would be built first). */
function brokenBy(g: Digraph, order: Int32Array): Uint8Array {
  const pos = new Int32Array(g.nodeCount);
  for (let i = 0; i < order.length; i++) pos[order[i]] = i;
  const removed = new Uint8Array(g.edgeCount);
  for (let e = 0; e < g.edgeCount; e++) if (pos[g.edgeFrom[e]] < pos[g.edgeTo[e]]) removed[e] = 1;
  return removed;
}

/**
 * Restores removed edges, most expensive first, whenever the edge does not close a cycle through
 * kept edges. Each restore keeps the graph acyclic; an edge left removed closes a cycle at its
 * turn and still does after later restores, since those only add edges.
 *
 * `order` is a build order in which every kept edge points back (needs come first); it is kept
 * that way with the dynamic topological ordering of Pearce and Kelly (2006), so a check searches
 * only the nodes placed between the edge's ends instead of the whole component.
 */
export function restoreWhatFits(g: Digraph, removed: Uint8Array, order: Int32Array): void {
  const k = g.nodeCount;
  const { outStart, inStart, inEdges, edgeFrom, edgeTo, edgeCost } = g;
  const candidates: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) if (removed[e] !== 0) candidates.push(e);
  candidates.sort((a, b) => edgeCost[b] - edgeCost[a] || a - b);
  const pos = new Int32Array(k);
  for (let i = 0; i < k; i++) pos[order[i]] = i;
  const seen = new Int32Array(k);
  const stack = new Int32Array(k);
  const dependents: number[] = []; // nodes that need `from`, placed up to `to`
  const needs: number[] = []; // nodes `to` needs, placed from `from` on
  let stamp = 0;
  for (const e of candidates) {
    const from = edgeFrom[e];
    const to = edgeTo[e];
    const low = pos[from];
    const high = pos[to];
    if (high < low) {
      removed[e] = 0; // already satisfied by the order: no cycle possible
      continue;
    }
    // A cycle exists iff `to` transitively needs `from`; kept edges point back in the order, so
    // such a chain stays between the two positions. Search it from `from`'s side.
    stamp++;
    dependents.length = 0;
    let closes = false;
    let sp = 0;
    stack[sp++] = from;
    seen[from] = stamp;
    while (sp > 0 && !closes) {
      const v = stack[--sp];
      dependents.push(v);
      for (let i = inStart[v]; i < inStart[v + 1]; i++) {
        const f = inEdges[i];
        if (removed[f] !== 0) continue;
        const w = edgeFrom[f];
        if (w === to) {
          closes = true;
          break;
        }
        if (seen[w] !== stamp && pos[w] < high) {
          seen[w] = stamp;
          stack[sp++] = w;
        }
      }
    }
    if (closes) continue;
    removed[e] = 0;
    // Collect what `to` needs from `low` on, then place those first and the dependents after,
    // reusing the same positions (Pearce-Kelly's reorder).
    stamp++;
    needs.length = 0;
    sp = 0;
    stack[sp++] = to;
    seen[to] = stamp;
    while (sp > 0) {
      const v = stack[--sp];
      needs.push(v);
      for (let f = outStart[v]; f < outStart[v + 1]; f++) {
        if (removed[f] !== 0) continue;
        const w = edgeTo[f];
        if (seen[w] !== stamp && pos[w] > low) {
          seen[w] = stamp;
          stack[sp++] = w;
        }
      }
    }
    const byPos = (a: number, b: number): number => pos[a] - pos[b];
    needs.sort(byPos);
    dependents.sort(byPos);
    const slots = [...needs, ...dependents].map((v) => pos[v]).sort((a, b) => a - b);
    let i = 0;
    for (const v of needs) pos[v] = slots[i++];
    for (const v of dependents) pos[v] = slots[i++];
  }
}
