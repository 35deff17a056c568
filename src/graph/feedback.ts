/**
 * Feedback arc sets: which dependency edges to build against an old binary so that a cycle of
 * source packages can be built in some order at all.
 *
 * Finding a minimum-cost feedback arc set is NP-hard, so a component is ordered by a heuristic
 * and the edges that order breaks are then pruned until none can be restored:
 * 1. small components (at most `exactLimit` members) get an optimal order by dynamic programming
 *    over subsets; larger ones the weighted greedy order of Eades, Lin and Smyth, improved by
 *    sifting (move one node at a time to its cheapest position while that lowers the cost);
 * 2. the edges the order breaks are restored one by one, most expensive first, whenever the
 *    restored edge does not close a cycle.
 * The result is acyclic after removal and minimal with respect to inclusion: restoring any single
 * break closes a cycle. For small components its cost is the minimum.
 */
import { packDigraph, type Digraph } from './digraph.js';

/** Tuning of {@link feedbackArcSet}. */
export interface FeedbackOptions {
  /** Largest node set ordered exactly (O(2^k k^2) time, 2^k memory); default 12, at most 20. */
  readonly exactLimit?: number;
  /** Most sifting passes per local search; default 8, 0 turns sifting and kicks off. */
  readonly siftPasses?: number;
  /** Random restarts (kicks) of the local search from the best order so far; default 64, fewer (down to 4) past ~1,700 nodes. */
  readonly kicks?: number;
}

/** Default of {@link FeedbackOptions.exactLimit}. */
export const DEFAULT_EXACT_LIMIT = 12;
const MAX_EXACT_LIMIT = 20;
const DEFAULT_SIFT_PASSES = 8;
const DEFAULT_KICKS = 64;
const MIN_KICKS = 4;
const KICK_WORK = 2e8;

/**
 * A small set of edge ids of `graph`, all between nodes of `members`, whose removal leaves the
 * subgraph induced by `members` acyclic, preferring cheap edges; sorted ascending (by `(from, to)`).
 * `members` is usually one strongly connected component and must not repeat a node.
 */
export function feedbackArcSet(graph: Digraph, members: readonly number[], options: FeedbackOptions = {}): number[] {
  const exactLimit = Math.min(options.exactLimit ?? DEFAULT_EXACT_LIMIT, MAX_EXACT_LIMIT);
  const siftPasses = options.siftPasses ?? DEFAULT_SIFT_PASSES;
  const { local, globalEdge } = induce(graph, members);
  if (local.edgeCount === 0) return [];

  let removed: Uint8Array;
  if (local.nodeCount <= exactLimit) {
    removed = brokenBy(local, exactOrder(local));
    restoreWhatFits(local, removed);
  } else {
    // Each kick costs about k^2 + m; past a few thousand nodes fewer kicks keep this to ~1 s.
    const budget = Math.floor(KICK_WORK / (local.nodeCount * local.nodeCount + local.edgeCount));
    const kicks = options.kicks ?? Math.max(MIN_KICKS, Math.min(DEFAULT_KICKS, budget));
    removed = improve(local, greedyOrder(local), siftPasses, kicks);
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
  const sorted = [...members].sort((a, b) => a - b);
  const localOf = new Map<number, number>();
  sorted.forEach((v, i) => localOf.set(v, i));
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const globalEdge: number[] = [];
  // Sorted members and sorted out-rows give local edges already sorted by (from, to).
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) {
      const j = localOf.get(graph.edgeTo[e]);
      if (j === undefined) continue;
      from.push(i);
      to.push(j);
      cost.push(graph.edgeCost[e]);
      globalEdge.push(e);
    }
  }
  const local = packDigraph(sorted.length, Int32Array.from(from), Int32Array.from(to), Float64Array.from(cost));
  return { local, globalEdge: Int32Array.from(globalEdge) };
}

/**
 * A build order of minimum total broken cost, by dynamic programming over the set of nodes
 * already built: adding `v` after the set `S` breaks the edges from members of `S` to `v`.
 */
function exactOrder(g: Digraph): Int32Array {
  const k = g.nodeCount;
  const full = (1 << k) - 1;
  // inCost[v * k + u]: cost of u -> v (u needs v), 0 when absent.
  const inCost = new Float64Array(k * k);
  const inMask = new Int32Array(k);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = g.edgeFrom[e];
    const v = g.edgeTo[e];
    inCost[v * k + u] = g.edgeCost[e];
    inMask[v] |= 1 << u;
  }
  const best = new Float64Array(full + 1).fill(Infinity);
  const last = new Int8Array(full + 1).fill(-1);
  best[0] = 0;
  for (let s = 0; s < full; s++) {
    const base = best[s];
    if (base === Infinity) continue;
    for (let v = 0; v < k; v++) {
      const bit = 1 << v;
      if ((s & bit) !== 0) continue;
      let add = 0;
      let m = inMask[v] & s;
      while (m !== 0) {
        const low = m & -m;
        add += inCost[v * k + (31 - Math.clz32(low))];
        m ^= low;
      }
      const t = s | bit;
      if (base + add < best[t]) {
        best[t] = base + add;
        last[t] = v;
      }
    }
  }
  const order = new Int32Array(k);
  for (let s = full, i = k - 1; i >= 0; i--) {
    order[i] = last[s];
    s &= ~(1 << last[s]);
  }
  return order;
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
  let moved = false;
  const sequence = Array.from(order);
  const evRank: number[] = [];
  const evDelta: number[] = [];
  const idx: number[] = [];
  for (const v of sequence) {
    const p = pos[v];
    const rank = (x: number): number => (pos[x] < p ? pos[x] : pos[x] - 1);
    // Slot q puts v before the node of rank q among the others. Passing a node it needs repairs
    // that edge; passing a node that needs it breaks that one.
    evRank.length = evDelta.length = idx.length = 0;
    let cost0 = 0;
    for (let e = outStart[v]; e < outStart[v + 1]; e++) {
      cost0 += edgeCost[e];
      evRank.push(rank(edgeTo[e]));
      evDelta.push(-edgeCost[e]);
    }
    for (let i = inStart[v]; i < inStart[v + 1]; i++) {
      const e = inEdges[i];
      evRank.push(rank(edgeFrom[e]));
      evDelta.push(edgeCost[e]);
    }
    for (let i = 0; i < evRank.length; i++) idx.push(i);
    idx.sort((a, b) => evRank[a] - evRank[b]);
    let cost = cost0;
    let bestSlot = 0;
    let bestCost = cost0;
    let currentCost = cost0; // holds when p comes before the first event
    for (let j = 0; j < idx.length; ) {
      const r = evRank[idx[j]];
      while (j < idx.length && evRank[idx[j]] === r) cost += evDelta[idx[j++]];
      // Slots r+1 .. (next event rank) all cost `cost`; the current slot may lie in that range.
      const nextR = j < idx.length ? evRank[idx[j]] : k - 1;
      if (p >= r + 1 && p <= nextR) currentCost = cost;
      if (cost < bestCost) {
        bestCost = cost;
        bestSlot = r + 1;
      }
    }
    if (!(bestCost < currentCost - 1e-9 * Math.max(1, Math.abs(currentCost)))) continue;
    // Move v from p to bestSlot, shifting the nodes in between.
    if (bestSlot > p) {
      for (let i = p; i < bestSlot; i++) {
        order[i] = order[i + 1];
        pos[order[i]] = i;
      }
    } else {
      for (let i = p; i > bestSlot; i--) {
        order[i] = order[i - 1];
        pos[order[i]] = i;
      }
    }
    order[bestSlot] = v;
    pos[v] = bestSlot;
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
  restoreWhatFits(g, removed);
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

/** A small seeded PRNG (mulberry32): deterministic kicks without `Math.random`. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
 * Restores removed edges, most expensive first, whenever the edge's target cannot already reach
 * its source through kept edges. Each restore keeps the graph acyclic; an edge left removed
 * closes a cycle at its turn and still does after later restores, since those only add edges.
 */
function restoreWhatFits(g: Digraph, removed: Uint8Array): void {
  const candidates: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) if (removed[e] !== 0) candidates.push(e);
  candidates.sort((a, b) => g.edgeCost[b] - g.edgeCost[a] || a - b);
  const seen = new Int32Array(g.nodeCount);
  const queue = new Int32Array(g.nodeCount);
  let stamp = 0;
  for (const e of candidates) {
    stamp++;
    const target = g.edgeFrom[e];
    let head = 0;
    let tail = 0;
    queue[tail++] = g.edgeTo[e];
    seen[g.edgeTo[e]] = stamp;
    let closes = false;
    while (head < tail && !closes) {
      const v = queue[head++];
      for (let f = g.outStart[v]; f < g.outStart[v + 1]; f++) {
        if (removed[f] !== 0) continue;
        const w = g.edgeTo[f];
        if (w === target) {
          closes = true;
          break;
        }
        if (seen[w] !== stamp) {
          seen[w] = stamp;
          queue[tail++] = w;
        }
      }
    }
    if (!closes) removed[e] = 0;
  }
}
