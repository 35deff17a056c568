/**
 * The needs a plan works with: per planned source, the sources it needs (compressed rows over
 * source indices), each with its weight, whether it is content, and whether the clean mode
 * requires it to come from the plan in a final build ("must").
 */
import type { BuildGraph } from '../order/index.js';
import { binaryClasses, needWeights } from '../order/weights.js';
import type { CleanMode } from './types.js';

/** Needs as rows per node (a source, or a member of a component). */
export interface NeedRows {
  /** Rows of node `v`: `start[v] .. start[v+1]-1`, sorted by `to`. */
  readonly start: Int32Array;
  /** Needed source, per row. */
  readonly to: Int32Array;
  /** Cost of building without it (src/order/weights.ts), per row. */
  readonly weight: Float64Array;
  /** 1 when the need brings a content binary, per row. */
  readonly content: Uint8Array;
  /** 1 when a final build must take it from the plan (every need under `strict`, content ones under `content`). */
  readonly must: Uint8Array;
  /**
   * 1 when the need is content or named by a BuildRequires: the needs a bootstrap build keeps
   * where it can, and the rebuilds are ordered by. A tool only the build group or a runtime
   * dependency brings is in every buildroot alike; ordering by it would serialise the group.
   */
  readonly strong: Uint8Array;
  /** The row it came from, per row: of the build graph (PlanNeeds), of the PlanNeeds (a component's LocalNeeds). */
  readonly row: Int32Array;
}

/** Needs between planned sources, as rows per source; see {@link planNeeds}. */
export interface PlanNeeds extends NeedRows {
  /** Number of sources (indices of the normal graph). */
  readonly n: number;
  /** Per source: the build graph row of its need on itself, or -1. */
  readonly selfRow: Int32Array;
  /** Per source: 1 when its need on itself is a must (it can never be clean on its first build). */
  readonly selfMust: Uint8Array;
  /** Per source: the weight of its need on itself (0 when none). */
  readonly selfWeight: Float64Array;
  /** The graph the rows index, its weights and content flags per graph row. */
  readonly graph: BuildGraph;
  /** Weight per graph row. */
  readonly rowWeight: Float64Array;
  /** Content flag per graph row. */
  readonly rowContent: Uint8Array;
  /** Per graph row: the binary (index into graph.binaries) that decides its weight. */
  readonly rowHeaviest: Int32Array;
  /** Class of each of the graph's binaries. */
  readonly classes: Uint8Array;
}

/**
 * The needs of `graph` among planned sources. `indexOf[s]` maps the graph's source `s` to the
 * plan's source index (or -1: not in this graph's plan view); `planned[v]` says whether the plan
 * builds source `v`. A need on an unplanned source (already built, unresolvable) is left out:
 * it is satisfied, or foreign.
 */
export function planNeeds(graph: BuildGraph, n: number, indexOf: Int32Array, planned: Uint8Array, clean: CleanMode): PlanNeeds {
  const classes = binaryClasses(graph);
  const { weight: rowWeight, content: rowContent, heaviest: rowHeaviest } = needWeights(graph, classes);
  const E = graph.edges;
  const selfRow = new Int32Array(n).fill(-1);
  const selfMust = new Uint8Array(n);
  const selfWeight = new Float64Array(n);
  const rowsOf: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < E.count; e++) {
    const v = indexOf[E.from[e]];
    const x = indexOf[E.needs[e]];
    if (v < 0 || x < 0 || !planned[v] || !planned[x]) continue;
    const must = clean === 'strict' || rowContent[e] === 1;
    if (v === x) {
      selfRow[v] = e;
      selfMust[v] = must ? 1 : 0;
      selfWeight[v] = rowWeight[e];
    } else rowsOf[v].push(e);
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v] + rowsOf[v].length;
  const m = start[n];
  const to = new Int32Array(m);
  const weight = new Float64Array(m);
  const content = new Uint8Array(m);
  const must = new Uint8Array(m);
  const strong = new Uint8Array(m);
  const row = new Int32Array(m);
  for (let v = 0; v < n; v++) {
    const rows = rowsOf[v].sort((a, b) => indexOf[E.needs[a]] - indexOf[E.needs[b]]);
    rows.forEach((e, i) => {
      const k = start[v] + i;
      to[k] = indexOf[E.needs[e]];
      weight[k] = rowWeight[e];
      content[k] = rowContent[e];
      must[k] = clean === 'strict' || rowContent[e] === 1 ? 1 : 0;
      strong[k] = rowContent[e] === 1 || E.kind[e] === 0 ? 1 : 0; // NEED_KINDS[0] is direct
      row[k] = e;
    });
  }
  return { n, start, to, weight, content, must, strong, row, selfRow, selfMust, selfWeight, graph, rowWeight, rowContent, rowHeaviest, classes };
}
