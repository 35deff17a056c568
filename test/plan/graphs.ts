/** Hand-made build graphs for the plan tests, and a slow, obviously correct reading of a plan. */
import fc from 'fast-check';
import { packNeedEdges, type BuildGraph, type NeedEdge, type NeedKind } from '../../src/order/index.js';
import type { CleanMode, Plan } from '../../src/plan/index.js';

/** One need: `[from, needs, kind, content]`; a content need's binary is named `<source>-devel`. */
export type Need = [number, number, NeedKind, boolean];

/** A build graph on sources `names` (sorted by the caller) with the given needs; `unresolvable` indices have no buildroot. */
export function graphOf(names: readonly string[], needs: readonly Need[], unresolvable: readonly number[] = []): BuildGraph {
  const rows: NeedEdge[] = needs.map(([from, to, kind, content]) => ({
    from,
    needs: to,
    kind,
    via: [kind === 'direct' ? { binary: content ? `${names[to]}-devel` : names[to], buildRequires: content ? `${names[to]}-devel` : names[to] } : { binary: content ? `${names[to]}-devel` : names[to] }],
  }));
  return {
    sources: names.map((name) => ({ name, evr: '1-1', buildRequires: [], inGroupBuildroot: false })),
    ...packNeedEdges(rows),
    unresolvable: unresolvable.map((source) => ({ source, problems: [] })),
    groupBuildroot: [],
    groupProblems: [],
    externalBinaries: [],
    timings: { solve: 0, total: 0 },
  };
}

/** Random needs on 1..`max` sources: every kind, content or not, self-needs included. */
export function randomNeeds(max: number): fc.Arbitrary<{ n: number; needs: Need[] }> {
  return fc.integer({ min: 1, max }).chain((n) =>
    fc
      .uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom<NeedKind>('direct', 'indirect', 'group'), fc.boolean()), {
        maxLength: n * 3,
        selector: (t) => `${t[0]},${t[1]}`,
      })
      .map((needs) => ({ n, needs })),
  );
}

/** Source names s00, s01, ... */
export const namesOf = (n: number) => Array.from({ length: n }, (_, i) => `s${String(i).padStart(2, '0')}`);

/** True when a final build must take this need from the plan. */
const isMust = (need: Need, clean: CleanMode) => clean === 'strict' || need[3];

/**
 * Reads `plan` naively: for every step, the needs whose source has no step in an earlier wave
 * (its own included); then whether each last build is clean, and each rebuild needed.
 */
export function readPlan(names: readonly string[], needs: readonly Need[], clean: CleanMode, plan: Plan, variantNeeds: readonly Need[] = []) {
  const index = new Map(names.map((s, i) => [s, i]));
  const steps = plan.steps.map((s) => ({ ...s, v: index.get(s.source)! }));
  const earliest = (v: number) => Math.min(...steps.filter((s) => s.v === v).map((s) => s.wave));
  const planned = new Set(steps.map((s) => s.v));
  const upstream = (s: (typeof steps)[number]) =>
    (s.variant ? variantNeeds : needs).filter(([from, to]) => from === s.v && planned.has(to) && !(earliest(to) < s.wave));
  const last = new Map<number, (typeof steps)[number]>();
  for (const s of steps) if (!last.has(s.v) || last.get(s.v)!.wave < s.wave) last.set(s.v, s);
  const unclean = [...last.values()].filter((s) => s.variant || upstream(s).some((n) => isMust(n, clean))).map((s) => s.source);
  const unneeded: string[] = [];
  for (const v of planned) {
    const mine = steps.filter((s) => s.v === v).sort((a, b) => a.wave - b.wave);
    if (mine.length < 2) continue;
    const before = mine[mine.length - 2];
    if (!before.variant && !upstream(before).some((n) => isMust(n, clean))) unneeded.push(names[v]);
  }
  return { steps, upstream, unclean, unneeded };
}

/** The fewest rebuilds any plan needs: the smallest set meeting every cycle (and self-need) of must-needs, by brute force. */
export function minimumRebuilds(n: number, needs: readonly Need[], clean: CleanMode, skip: ReadonlySet<number> = new Set()): number {
  const must = needs.filter((x) => isMust(x, clean) && !skip.has(x[0]) && !skip.has(x[1]));
  const forced = new Set(must.filter(([a, b]) => a === b).map(([a]) => a));
  let best = Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    const rebuilt = (v: number) => ((mask >> v) & 1) === 1;
    if ([...forced].some((v) => !rebuilt(v))) continue;
    let size = 0;
    for (let v = 0; v < n; v++) if (rebuilt(v)) size++;
    if (size >= best) continue;
    if (acyclic(n, must.filter(([a, b]) => a !== b && !rebuilt(a)))) best = size;
  }
  return best;
}

/** Kahn's algorithm: true when the needs have no cycle. */
export function acyclic(n: number, needs: readonly Need[]): boolean {
  const pending = new Array<number>(n).fill(0);
  for (const [a] of needs) pending[a]++;
  const queue = [...Array(n).keys()].filter((v) => pending[v] === 0);
  for (let i = 0; i < queue.length; i++) for (const [a, b] of needs) if (b === queue[i] && --pending[a] === 0) queue.push(a);
  return queue.length === n;
}
