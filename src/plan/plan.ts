/**
 * `buildPlan`: every build, in order, from the upstream binaries to a distribution built only
 * from itself. Pure: a BuildGraph (and the bootstrap variants' graph) in, a Plan out.
 *
 * 1. Needs between planned sources, weighted (src/order/weights.ts); under `strict` every need
 *    of a final build must come from the plan, under `content` only content needs.
 * 2. The first pass (first-pass.ts): per dependency cycle a small set of sources to rebuild
 *    (exact on small cycles, a pruned greedy feedback vertex set on large ones) and waves in which
 *    every other source finds its must-needs built earlier.
 * 3. What each first build takes from upstream, from the waves alone: a source is rebuilt
 *    exactly when its first build took a must-need from upstream; its first build is its
 *    bootstrap variant when that takes less.
 * 4. The rebuilds, after every first build, ordered among themselves by their content needs.
 * See docs/plan.md for the model and a worked example.
 */
import type { BuildGraph } from '../order/index.js';
import { GooseError } from '../errors.js';
import { buildDigraph, orderGraph } from '../graph/index.js';
import { checkSteps, upstreamOf, type CheckedStep } from './check.js';
import { firstPass } from './first-pass.js';
import { planNeeds, type PlanNeeds } from './needs.js';
import { firstReason, rebuildReason, upstreamUses } from './reasons.js';
import type { ForeignBinary, Plan, PlanOptions, PlanStep } from './types.js';

/** Default of {@link PlanOptions.exactLimit}. */
export const DEFAULT_PLAN_EXACT_LIMIT = 16;
const MAX_PLAN_EXACT_LIMIT = 20;

/** Which sources the plan builds: not unresolvable, not already built (`--built`; unknown names throw UNKNOWN_SOURCE). */
function plannedSources(graph: BuildGraph, built: readonly string[]): { planned: Uint8Array; builtCount: number } {
  const index = new Map(graph.sources.map((s, i) => [s.name, i] as const));
  const planned = new Uint8Array(graph.sources.length).fill(1);
  for (const u of graph.unresolvable) planned[u.source] = 0;
  const unknown = built.filter((b) => !index.has(b));
  if (unknown.length) throw new GooseError('UNKNOWN_SOURCE', `--built names ${unknown.map((b) => `'${b}'`).join(', ')}, not a source package of the source repositories`);
  const builtSet = new Set(built);
  for (const b of builtSet) planned[index.get(b)!] = 0;
  return { planned, builtCount: builtSet.size };
}

/** The bootstrap variants' needs on the plan's source indices, and which planned sources have a usable variant. */
function variantNeeds(graph: BuildGraph, options: PlanOptions, planned: Uint8Array, clean: NonNullable<PlanOptions['clean']>) {
  const n = graph.sources.length;
  const hasVariant = new Uint8Array(n);
  const b = options.bootstrap;
  if (!b) return { hasVariant, variant: undefined, evr: new Map<number, string>() };
  const index = new Map(graph.sources.map((s, i) => [s.name, i] as const));
  const indexOf = Int32Array.from(b.graph.sources, (s) => index.get(s.name) ?? -1);
  const evr = new Map<number, string>();
  const broken = new Set(b.graph.unresolvable.map((u) => b.graph.sources[u.source].name));
  const byName = new Map(b.graph.sources.map((s) => [s.name, s] as const));
  for (const name of b.sources) {
    const v = index.get(name);
    if (v === undefined || !planned[v] || broken.has(name) || !byName.has(name)) continue;
    hasVariant[v] = 1;
    evr.set(v, byName.get(name)!.evr);
  }
  return { hasVariant, variant: planNeeds(b.graph, n, indexOf, planned, clean), evr };
}

/** Waves of the rebuilds (from 0), ordered among themselves by their strong needs (cycles broken as `order` breaks them). */
function rebuildWaves(normal: PlanNeeds, rebuilt: readonly number[]): Map<number, number> {
  const local = new Map(rebuilt.map((v, i) => [v, i] as const));
  const edges: { from: number; to: number; cost: number }[] = [];
  for (const v of rebuilt) {
    for (let r = normal.start[v]; r < normal.start[v + 1]; r++) {
      const x = local.get(normal.to[r]);
      if (x !== undefined && normal.strong[r]) edges.push({ from: local.get(v)!, to: x, cost: normal.weight[r] });
    }
  }
  const order = orderGraph(buildDigraph(rebuilt.length, edges));
  return new Map(rebuilt.map((v, i) => [v, order.waveOf[i]] as const));
}

/** Binaries of sources outside the plan that planned builds use: no source at all, or an unresolvable one. */
function foreignBinaries(graph: BuildGraph, planned: Uint8Array): ForeignBinary[] {
  const out = new Map<string, string | undefined>(graph.externalBinaries.map((b) => [b, undefined]));
  const unresolvable = new Set(graph.unresolvable.map((u) => u.source));
  const E = graph.edges;
  for (let e = 0; e < E.count; e++) {
    if (!planned[E.from[e]] || !unresolvable.has(E.needs[e])) continue;
    for (let k = E.viaStart[e]; k < E.viaStart[e + 1]; k++) out.set(graph.binaries[E.viaBinary[k]], graph.sources[E.needs[e]].name);
  }
  return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([binary, source]) => (source === undefined ? { binary } : { binary, source }));
}

const nvr = (name: string, evr: string) => `${name}-${evr.replace(/^\d+:/, '')}`;

/** The plan for `graph`; see the file comment and docs/plan.md. Deterministic. */
export function buildPlan(graph: BuildGraph, options: PlanOptions = {}): Plan {
  const clean = options.clean ?? 'strict';
  const exactLimit = Math.min(options.exactLimit ?? DEFAULT_PLAN_EXACT_LIMIT, MAX_PLAN_EXACT_LIMIT);
  const names = graph.sources.map((s) => s.name);
  const n = names.length;
  const { planned, builtCount } = plannedSources(graph, options.built ?? []);
  const normal = planNeeds(graph, n, Int32Array.from(names, (_, i) => i), planned, clean);
  const { hasVariant, variant, evr: variantEvr } = variantNeeds(graph, options, planned, clean);
  const first = firstPass(normal, variant, hasVariant, planned, exactLimit);

  // What each first build takes from upstream, from the waves alone.
  const earliest = Int32Array.from(first.waveOf, (w) => (w < 0 ? 1 << 30 : w));
  const steps: (PlanStep & { index: number })[] = [];
  const firstUses = new Map<number, { uses: PlanStep['upstream']; variant: boolean }>();
  const rebuilt: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!planned[v]) continue;
    const wave = first.waveOf[v];
    const up = upstreamOf(normal, v, wave, earliest);
    const useVariant = up.must && variant !== undefined && hasVariant[v] === 1 && upstreamOf(variant, v, wave, earliest).weight < up.weight;
    const chosen = useVariant ? upstreamOf(variant!, v, wave, earliest) : up;
    const uses = upstreamUses(useVariant ? variant! : normal, v, chosen, names);
    if (up.must) rebuilt.push(v);
    firstUses.set(v, { uses, variant: useVariant });
    steps.push({
      index: v,
      source: names[v],
      nvr: nvr(names[v], useVariant ? variantEvr.get(v)! : graph.sources[v].evr),
      wave: wave + 1,
      pass: 1,
      bootstrap: useVariant || uses.length > 0,
      variant: useVariant,
      reason: firstReason(uses, useVariant, uses.length === 1 && chosen.self),
      upstream: uses,
    });
  }
  const later = rebuildWaves(normal, rebuilt);
  for (const v of rebuilt) {
    const f = firstUses.get(v)!;
    steps.push({
      index: v,
      source: names[v],
      nvr: nvr(names[v], graph.sources[v].evr),
      wave: first.waves + later.get(v)! + 1,
      pass: 2,
      bootstrap: false,
      variant: false,
      reason: rebuildReason(f.uses, f.variant, names[v]),
      upstream: [],
    });
  }
  steps.sort((a, b) => a.wave - b.wave || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.pass - b.pass));

  const checked: CheckedStep[] = steps.map((s) => ({ source: s.index, wave: s.wave, variant: s.variant }));
  const check = checkSteps(normal, checked);
  const foreign = foreignBinaries(graph, planned);
  const waves = steps.reduce((w, s) => Math.max(w, s.wave), 0);
  return {
    steps: steps.map(({ index: _index, ...s }) => s),
    built: [...new Set(options.built ?? [])].sort(),
    unresolvable: graph.unresolvable.map((u) => ({ name: names[u.source], problems: u.problems.map((p) => p.text) })),
    foreign,
    summary: {
      clean,
      sources: planned.reduce((a, b) => a + b, 0),
      builds: steps.length,
      rebuilds: rebuilt.length,
      bootstrapBuilds: steps.filter((s) => s.bootstrap).length,
      bootstrapVariants: steps.filter((s) => s.variant).length,
      waves,
      built: builtCount,
      unresolvable: graph.unresolvable.length,
      foreign: foreign.length,
      isClean: check.unclean.length === 0,
      unclean: check.unclean.map((v) => names[v]),
      cycles: { exact: first.exact, heuristic: first.heuristic },
      rebuildsNeeded: { checked: check.checked, unneeded: check.unneeded.map((v) => names[v]) },
    },
  };
}
