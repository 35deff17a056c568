/**
 * The cycle breaks of large components, kept by a hash of the subgraph each was computed on (a
 * {@link FeedbackMemo} for orderGraph). Breaking the cycles of bookworm's largest component is
 * most of an order's time; `order --affected-by` of a widely used package orders nearly every
 * source and meets the same component again, so the graph store keeps these answers beside the
 * orders and a later order of another subset reads them instead of searching again. Exact: the
 * key covers the whole induced subgraph (node count, edges, costs) and the search's tuning.
 */
import { createHash } from 'node:crypto';
import type { Digraph, FeedbackMemo } from '../graph/index.js';

/** Breaks by subgraph key: local edge ids, ascending. */
export type CycleBreaks = Map<string, Int32Array>;

/** The key of the component `local` under `tuning`: a sha256 of its node count, edges and costs. */
export function cycleKey(local: Digraph, tuning: string): string {
  const h = createHash('sha256').update(`${tuning}\n${local.nodeCount}\n${local.edgeCount}\n`);
  for (const a of [local.edgeFrom, local.edgeTo, local.edgeCost]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 40);
}

/** A memo over `known` (read from the store), recording what is added so the store can keep it. */
export class CycleMemo implements FeedbackMemo {
  readonly known: CycleBreaks;
  /** True once a break set was computed that `known` did not hold. */
  added = false;

  constructor(known: CycleBreaks = new Map()) {
    this.known = known;
  }

  recall(local: Digraph, tuning: string): Int32Array | undefined {
    return this.known.get(cycleKey(local, tuning));
  }

  keep(local: Digraph, tuning: string, removed: Int32Array): void {
    this.known.set(cycleKey(local, tuning), removed);
    this.added = true;
  }
}
