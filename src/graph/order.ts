/**
 * Build order for a whole distribution: break every dependency cycle cheaply, then build in
 * waves where each wave needs only earlier ones.
 */
import { edgeAt, type Digraph, type Edge } from './digraph.js';
import { feedbackArcSet, type FeedbackOptions } from './feedback.js';
import { stronglyConnected } from './scc.js';
import { layerWaves } from './waves.js';

/** Tuning of {@link orderGraph}; see {@link FeedbackOptions}. */
export type OrderOptions = FeedbackOptions;

/** One dependency cycle (a strongly connected component) and the edges chosen to break it. */
export interface Cycle {
  /** The component's nodes, ascending. */
  readonly members: readonly number[];
  /** Edges inside the component to build against an existing binary, sorted by `(from, to)`. */
  readonly breaks: readonly Edge[];
}

/** A complete build order: see {@link orderGraph}. */
export interface BuildOrder {
  /** `waves[k]`: nodes that can be built in parallel once waves `0..k-1` are built, ascending. */
  readonly waves: readonly (readonly number[])[];
  /** `waveOf[v]`: the wave of node `v`. */
  readonly waveOf: Int32Array;
  /** Every broken edge, sorted by `(from, to)`: `from` is built against an old binary of `to`. */
  readonly breaks: readonly Edge[];
  /** The cycles, ordered by smallest member, each with its breaks. */
  readonly cycles: readonly Cycle[];
  /** Nodes that need themselves (a bootstrap problem no order solves), ascending. */
  readonly selfLoops: readonly number[];
}

/**
 * Orders all nodes of `graph` into waves. Guarantees: the waves cover each node exactly once;
 * every edge that is not a break and not a self-loop goes from a node to one in a strictly
 * earlier wave; the breaks of each cycle lie inside it, leave it acyclic, and none of them can be
 * restored alone without closing a cycle again. Callers drop edges that are already satisfied
 * (for example by a bootstrap binary) before building the graph. Deterministic for a given graph.
 */
export function orderGraph(graph: Digraph, options: OrderOptions = {}): BuildOrder {
  const components = stronglyConnected(graph);
  const removed = new Uint8Array(graph.edgeCount);
  const cycles: Cycle[] = [];
  for (const c of components.cyclic) {
    const members = components.members[c];
    const broken = feedbackArcSet(graph, members, options);
    for (const e of broken) removed[e] = 1;
    cycles.push({ members, breaks: broken.map((e) => edgeAt(graph, e)) });
  }
  const { waves, waveOf } = layerWaves(graph, removed);
  const breaks: Edge[] = [];
  for (let e = 0; e < graph.edgeCount; e++) if (removed[e] !== 0) breaks.push(edgeAt(graph, e));
  return { waves, waveOf, breaks, cycles, selfLoops: graph.selfLoops.map((e) => e.from) };
}
