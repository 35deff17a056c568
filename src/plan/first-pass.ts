/**
 * The first build of every source: which sources are rebuilt (a feedback vertex set of each
 * dependency cycle's must-needs), and waves in which every source not rebuilt finds all its
 * must-needs built in earlier waves. See docs/plan.md.
 */
import { layerWaves, packDigraph, restoreWhatFits, stronglyConnected } from '../graph/index.js';
import { exactChoice } from './exact.js';
import { greedyRebuilds, improveRebuilds, mustRows, pruneRebuilds } from './fvs.js';
import { localNeeds, type LocalNeeds } from './local.js';
import type { PlanNeeds } from './needs.js';

/** The first pass: a wave per source and the choices that made it. */
export interface FirstPass {
  /** Wave of each planned source's first build, from 0 (-1 for sources not planned). */
  waveOf: Int32Array;
  /** Number of waves. */
  waves: number;
  /** 1 when the component solve chose the source's bootstrap variant as its first build. */
  variant: Uint8Array;
  /** Members of cycles chosen exactly. */
  exact: number;
  /** Members of cycles chosen by the heuristic (greedy feedback vertex set, pruned to minimal). */
  heuristic: number;
}

/**
 * The needs a first build may keep, on local ids: a member not rebuilt keeps its must-needs
 * (fixed) and may keep its other strong ones; a member rebuilt may keep its strong needs (of its
 * variant when it is first built as that). `row` is each edge's PlanNeeds row (`~row` for a
 * variant row).
 */
function candidateEdges(L: LocalNeeds, rebuild: Uint8Array, variant: Uint8Array) {
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const fixed: number[] = [];
  const row: number[] = [];
  for (let v = 0; v < L.k; v++) {
    if (rebuild[v] && variant[v]) {
      for (let r = L.variant.start[v]; r < L.variant.start[v + 1]; r++) {
        if (!L.variant.strong[r]) continue;
        from.push(v), to.push(L.variant.to[r]), cost.push(L.variant.weight[r]), fixed.push(0), row.push(~L.variant.row[r]);
      }
      continue;
    }
    for (let r = L.start[v]; r < L.start[v + 1]; r++) {
      if (!L.strong[r] && (rebuild[v] || !L.must[r])) continue;
      from.push(v), to.push(L.to[r]), cost.push(L.weight[r]), fixed.push(rebuild[v] ? 0 : L.must[r]), row.push(L.row[r]);
    }
  }
  // Rows come sorted by (from, to) and without repeats: packed as they are, ids follow this order.
  return { graph: packDigraph(L.k, Int32Array.from(from), Int32Array.from(to), Float64Array.from(cost)), fixed, row };
}

/** A build order (needs first) in which every fixed edge points back. */
function fixedOrder(k: number, from: Int32Array, to: Int32Array, fixed: readonly number[]): Int32Array {
  const pending = new Int32Array(k);
  const dependents: number[][] = Array.from({ length: k }, () => []);
  fixed.forEach((f, e) => {
    if (!f) return;
    pending[from[e]]++;
    dependents[to[e]].push(from[e]);
  });
  const order: number[] = [];
  for (let v = 0; v < k; v++) if (pending[v] === 0) order.push(v);
  for (let i = 0; i < order.length; i++) for (const u of dependents[order[i]]) if (--pending[u] === 0) order.push(u);
  return Int32Array.from(order);
}

/**
 * The needs a component's first builds keep, as PlanNeeds rows (`~row` for a variant row):
 * must-needs of members not rebuilt, then as many of the others as fit without a cycle, heaviest
 * first. With `order` (an exact choice) its backward edges are kept as they are; without, only
 * the fixed ones are.
 */
function keptInside(L: LocalNeeds, rebuild: Uint8Array, variant: Uint8Array, order?: Int32Array): number[] {
  const { graph, fixed, row } = candidateEdges(L, rebuild, variant);
  const { edgeFrom: from, edgeTo: to } = graph;
  const start = order ?? fixedOrder(L.k, from, to, fixed);
  const pos = new Int32Array(L.k);
  start.forEach((v, i) => (pos[v] = i));
  const removed = new Uint8Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) if (!fixed[e] && (!order || pos[to[e]] > pos[from[e]])) removed[e] = 1;
  restoreWhatFits(graph, removed, start);
  const kept: number[] = [];
  for (let e = 0; e < graph.edgeCount; e++) if (!removed[e]) kept.push(row[e]);
  return kept;
}

/** The rows of `needs` marked in `kept`, as a graph on all sources (rows are sorted, so they pack as they are). */
function keptGraph(n: number, normal: PlanNeeds, variant: PlanNeeds | undefined, useVariant: Uint8Array, kept: Uint8Array, keptVariant: Uint8Array) {
  let m = 0;
  for (const k of kept) m += k;
  for (const k of keptVariant) m += k;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  let i = 0;
  for (let v = 0; v < n; v++) {
    const [rows, marks] = useVariant[v] && variant ? [variant, keptVariant] : [normal, kept];
    for (let r = rows.start[v]; r < rows.start[v + 1]; r++) if (marks[r]) (from[i] = v), (to[i++] = rows.to[r]);
  }
  return packDigraph(n, from.subarray(0, i), to.subarray(0, i), new Float64Array(i));
}

/**
 * The first pass over the planned sources (`planned[v]`): components of the needs, each cycle
 * solved exactly (at most `exactLimit` members) or by the heuristic, then longest-path waves
 * of what the first builds keep.
 */
export function firstPass(normal: PlanNeeds, variant: PlanNeeds | undefined, hasVariant: Uint8Array, planned: Uint8Array, exactLimit: number): FirstPass {
  const n = normal.n;
  const edgeFrom = new Int32Array(normal.to.length);
  for (let v = 0; v < n; v++) edgeFrom.fill(v, normal.start[v], normal.start[v + 1]);
  const comps = stronglyConnected(packDigraph(n, edgeFrom, normal.to, normal.weight));
  const { componentOf } = comps;
  const rank = new Int32Array(comps.count);
  comps.dependenciesFirst.forEach((c, i) => (rank[c] = i));
  const useVariant = new Uint8Array(n);
  const kept = new Uint8Array(normal.to.length);
  const keptVariant = new Uint8Array(variant?.to.length ?? 0);
  const localOf = new Int32Array(n).fill(-1);
  let exact = 0;
  let heuristic = 0;
  for (const c of comps.cyclic) {
    const L = localNeeds(Int32Array.from(comps.members[c]), normal, variant, hasVariant, localOf);
    let r: Uint8Array;
    let vr: Uint8Array;
    let order: Int32Array | undefined;
    if (L.k <= exactLimit) {
      ({ order, rebuild: r, variant: vr } = exactChoice(L));
      exact += L.k;
    } else {
      const rows = mustRows(L);
      const g = greedyRebuilds(L, rows);
      pruneRebuilds(L, g.rebuild, g.picked.reverse(), rows);
      improveRebuilds(L, g.rebuild, rows);
      r = g.rebuild;
      vr = Uint8Array.from(r, (x, i) => x & L.hasVariant[i]);
      heuristic += L.k;
    }
    L.members.forEach((v, i) => (useVariant[v] = vr[i]));
    for (const row of keptInside(L, r, vr, order)) {
      if (row >= 0) kept[row] = 1;
      else keptVariant[~row] = 1;
    }
  }
  for (let v = 0; v < n; v++) {
    if (!planned[v]) continue;
    if (comps.members[componentOf[v]].length === 1) useVariant[v] = normal.selfMust[v] & hasVariant[v];
    // Needs on earlier components always fit; a variant's may point to a later one (then broken).
    const [rows, marks] = useVariant[v] && variant ? [variant, keptVariant] : [normal, kept];
    for (let r = rows.start[v]; r < rows.start[v + 1]; r++) {
      const x = rows.to[r];
      if (componentOf[x] !== componentOf[v] && rank[componentOf[x]] < rank[componentOf[v]]) marks[r] = 1;
    }
  }
  const layering = layerWaves(keptGraph(n, normal, variant, useVariant, kept, keptVariant));
  const waveOf = Int32Array.from(layering.waveOf, (w, v) => (planned[v] ? w : -1));
  let waves = 0;
  for (const w of waveOf) waves = Math.max(waves, w + 1);
  return { waveOf, waves, variant: useVariant, exact, heuristic };
}
