/**
 * The build order of a mass rebuild, computed from a BuildGraph: pure data in, data out.
 *
 * Phased by default, as a real rebuild runs: first the sources of the build group's own
 * buildroot (built against the upstream buildroot; their cycles broken), then everything else
 * against the rebuilt group. A need of a first-phase source on a later one is a break of kind
 * `upstream`: it is built against the upstream binary first. See docs/build-order.md.
 */
import { digraphFromArrays, orderGraph, type FeedbackMemo } from '../graph/index.js';
import { findRow, needEdge, NEED_KINDS, type BuildGraph, type NeedKind, type Via } from './need-edges.js';
import { needWeights } from './weights.js';

/** Why an edge is not followed: a cycle break, or a first-phase source needing a later one. */
export type BreakKind = 'cycle' | 'upstream';

/** An edge the order does not honour: `from` is built against the existing binary of `needs`. */
export interface Break {
  /** Source built first. */
  from: string;
  /** Source whose existing (upstream) binary `from` uses. */
  needs: string;
  /** The binaries of `needs` in `from`'s buildroot, and the BuildRequires they satisfy. */
  via: Via[];
  /** How `from` needs it. */
  need: NeedKind;
  /** Why the edge is broken. */
  kind: BreakKind;
}

/**
 * How the order treats one need: `order` it follows (the needed source is in an earlier wave, or
 * in the first phase while `from` is in the second), `cycle` and `upstream` breaks, `ignored` (a
 * build-group need the order does not follow: inside the first phase, or with `excludeBase`),
 * `self` (a source needing its own binaries), `unresolvable` (one end does not resolve).
 */
export type EdgeRole = 'order' | 'cycle' | 'upstream' | 'ignored' | 'self' | 'unresolvable';

/** One need of the order's result, with the role the order gave it. */
export interface OrderEdge {
  /** The needing source. */
  from: string;
  /** The needed source. */
  needs: string;
  /** The binaries of `needs` in the buildroot of `from`. */
  via: Via[];
  /** How `from` needs it. */
  kind: NeedKind;
  /** What the order did with it. */
  role: EdgeRole;
}

/** A dependency cycle among sources and where to break it. */
export interface CycleReport {
  /** The sources in the cycle, sorted. */
  members: string[];
  /** The suggested breaks inside it. */
  breaks: Break[];
}

/** A complete build order. */
export interface BuildOrderResult {
  /** Waves of source names; each wave needs only earlier ones and can be built in parallel. */
  waves: string[][];
  /** Number of leading waves that make up the first phase (the build group's own sources). */
  phaseOneWaves: number;
  /** Cycles with their suggested breaks. */
  cycles: CycleReport[];
  /** First-phase sources that need a later source (built against its upstream binary). */
  upstream: Break[];
  /** Sources that need their own binaries to build: bootstrap problems no order solves. */
  selfNeeds: { name: string; via: Via[] }[];
  /** Sources whose buildroot does not resolve, with the solver's problem texts (each once; the build group's left out). */
  unresolvable: { name: string; problems: string[] }[];
  /** Every need, when asked for: `{from, needs, via, kind, role}`. */
  edges?: OrderEdge[];
}

/** Options of {@link buildOrder}. */
export interface BuildOrderOptions {
  /** Order everything as one graph, build-group edges included (no phases). */
  flat?: boolean;
  /** Leave the build group's closure out of the edges, as OBS does (no phases). */
  excludeBase?: boolean;
  /** Include every edge in the result. */
  edges?: boolean;
  /** Order only these sources (indexes into the graph's sources): needs on others are left out, as built already. */
  only?: ReadonlySet<number>;
  /** Cycle breaks computed before (see src/order/cycle-memo.ts): an answer is the same with or without it. */
  cycleMemo?: FeedbackMemo;
}

/**
 * A source's own problems: each text once, in the solver's order, without the build group's
 * problems (every buildroot holds the group, so a broken group repeats in every source; it is
 * reported once, as `groupProblems`).
 */
export function ownProblemTexts(problems: readonly { text: string }[], groupTexts: ReadonlySet<string>): string[] {
  return [...new Set(problems.map((p) => p.text))].filter((t) => !groupTexts.has(t));
}

/** Orders the sources of `graph` into waves, breaking cycles; deterministic. */
export function buildOrder(graph: BuildGraph, options: BuildOrderOptions = {}): BuildOrderResult {
  const { result, roles } = orderWithRoles(graph, options);
  if (options.edges) result.edges = orderEdges(graph, roles, options.only);
  return result;
}

/** An order without its edges, and the role of every row of the graph (an index into {@link EDGE_ROLES}; rows out of scope 0). */
export interface OrderWithRoles {
  /** The order ({@link BuildOrderResult.edges} left out). */
  result: BuildOrderResult;
  /** Per row of `graph.edges`. */
  roles: Uint8Array;
}

/** Edge roles as stored per row while ordering (see {@link OrderWithRoles.roles}). */
export const EDGE_ROLES: readonly EdgeRole[] = ['order', 'cycle', 'upstream', 'ignored', 'self', 'unresolvable'];
const ROLE = { order: 0, cycle: 1, upstream: 2, ignored: 3, self: 4, unresolvable: 5 } as const;

/**
 * What ordering reads of each need row of a graph (rows sorted by (from, needs), as in
 * {@link BuildGraph.edges}): its ends, kind, weight and whether it brings content; the via list
 * only of the rows it reports (breaks and self-needs). The graph store gives these without
 * reading every via list (graph-store.ts); {@link orderRowsOf} computes them from a graph.
 */
export interface OrderRows {
  /** Number of rows. */
  readonly count: number;
  /** Needing source, per row. */
  readonly from: Int32Array;
  /** Needed source, per row. */
  readonly needs: Int32Array;
  /** Index into NEED_KINDS, per row. */
  readonly kind: Uint8Array;
  /** Cost of breaking the row (weights.ts). */
  readonly weight: Float64Array;
  /** 1 when the row brings a content binary. */
  readonly content: Uint8Array;
  /** The via list of row `row`. */
  via(row: number): Via[];
}

/** The {@link OrderRows} of `graph`'s rows. */
export function orderRowsOf(graph: BuildGraph): OrderRows {
  const { weight, content } = needWeights(graph);
  const E = graph.edges;
  return { count: E.count, from: E.from, needs: E.needs, kind: E.kind, weight, content, via: (row) => needEdge(graph, row).via };
}

/** {@link buildOrder} without materialising the edges: the roles per row instead (the graph store keeps them). */
export function orderWithRoles(graph: BuildGraph, options: BuildOrderOptions = {}): OrderWithRoles {
  return orderRowsWithRoles(graph, orderRowsOf(graph), options);
}

/**
 * {@link orderWithRoles} over rows given as {@link OrderRows} (the roles index them): the same
 * answer as over the graph the rows come from; `graph` gives the sources and problems.
 */
export function orderRowsWithRoles(graph: Pick<BuildGraph, 'sources' | 'unresolvable' | 'groupProblems'>, R: OrderRows, options: BuildOrderOptions = {}): OrderWithRoles {
  const names = graph.sources.map((s) => s.name);
  const n = names.length;
  // Per source, as bytes (millions of rows ask): unresolvable, in scope, phase.
  const unresolvable = new Uint8Array(n);
  for (const u of graph.unresolvable) unresolvable[u.source] = 1;
  const phased = !options.flat && !options.excludeBase;
  const phase = new Uint8Array(n);
  for (let i = 0; i < n; i++) phase[i] = phased && graph.sources[i].inGroupBuildroot ? 1 : 2;
  const only = options.only;
  const scope = new Uint8Array(n).fill(only ? 0 : 1);
  if (only) for (const i of only) if (i >= 0 && i < n) scope[i] = 1;
  const inScope = (i: number) => scope[i] === 1;
  const GROUP = NEED_KINDS.indexOf('group');

  const upstream: Break[] = [];
  const selfNeeds: BuildOrderResult['selfNeeds'] = [];
  // Each phase's members (in scope, resolvable) with dense ids, so that the row loop fills both
  // phases' graphs as it goes: the first phase's few rows in growing lists, the second's in columns
  // sized for every row (the pages past its last edge are never touched).
  const members: [number[], number[]] = [[], []];
  const local = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (unresolvable[i] === 1 || scope[i] === 0) continue;
    const list = members[phase[i] - 1];
    local[i] = list.length;
    list.push(i);
  }
  const first = { from: [] as number[], to: [] as number[], cost: [] as number[] };
  const second = { m: 0, from: new Int32Array(R.count), to: new Int32Array(R.count), cost: new Float64Array(R.count) };
  const roles = new Uint8Array(R.count); // index into EDGE_ROLES, per row
  // Cost of breaking each need: by kind and by what its binaries put into the result (weights.ts).
  const { weight, content } = R;
  for (let row = 0; row < R.count; row++) {
    const from = R.from[row];
    const needs = R.needs[row];
    if (scope[from] === 0 || scope[needs] === 0) continue;
    const k = R.kind[row];
    if (unresolvable[from] === 1 || unresolvable[needs] === 1) {
      roles[row] = ROLE.unresolvable;
      continue;
    }
    if (from === needs) {
      roles[row] = ROLE.self;
      // Needing your own binary only through the build group is what every group member does;
      // a bootstrap problem is a BuildRequires (or its runtime closure) on the package itself.
      if (k !== GROUP) selfNeeds.push({ name: names[from], via: R.via(row) });
      continue;
    }
    roles[row] = ROLE.ignored;
    if (options.excludeBase && k === GROUP) continue;
    const pf = phase[from];
    const pn = phase[needs];
    if (pf === 1 && pn === 2) {
      roles[row] = ROLE.upstream;
      upstream.push({ from: names[from], needs: names[needs], via: R.via(row), need: NEED_KINDS[k], kind: 'upstream' });
      continue;
    }
    // Inside the first phase, a tool that only the build group pulls in is in the upstream
    // buildroot the phase is built in; content it pulls in (glibc's headers, libgcc) ends up in
    // what is built, so those needs order the phase too: glibc before gcc.
    if (pf === 1 && k === GROUP && !content[row]) continue;
    roles[row] = ROLE.order;
    if (pf === 2 && pn === 1) continue; // the first phase is built before all of the second
    // Rows are distinct (from, needs) pairs, never loops, in (from, needs) order.
    if (pf === 1) {
      first.from.push(local[from]);
      first.to.push(local[needs]);
      first.cost.push(weight[row]);
    } else {
      second.from[second.m] = local[from];
      second.to[second.m] = local[needs];
      second.cost[second.m++] = weight[row];
    }
  }

  const waves: string[][] = [];
  const cycles: CycleReport[] = [];
  let phaseOneWaves = 0;
  for (const ph of [1, 2] as const) {
    const inPhase = members[ph - 1];
    if (!inPhase.length) continue;
    const graphOf =
      ph === 1
        ? digraphFromArrays(inPhase.length, Int32Array.from(first.from), Int32Array.from(first.to), Float64Array.from(first.cost))
        : digraphFromArrays(inPhase.length, second.from.subarray(0, second.m), second.to.subarray(0, second.m), second.cost.subarray(0, second.m));
    const order = orderGraph(graphOf, { memo: options.cycleMemo });
    for (const w of order.waves) waves.push(w.map((l) => names[inPhase[l]]).sort());
    if (ph === 1) phaseOneWaves = order.waves.length;
    for (const c of order.cycles) {
      cycles.push({
        members: c.members.map((l) => names[inPhase[l]]).sort(),
        breaks: c.breaks.map((b) => {
          const row = findRow(R, inPhase[b.from], inPhase[b.to]);
          roles[row] = ROLE.cycle;
          return { from: names[R.from[row]], needs: names[R.needs[row]], via: R.via(row), need: NEED_KINDS[R.kind[row]], kind: 'cycle' as const };
        }),
      });
    }
  }
  cycles.sort((a, b) => b.members.length - a.members.length || (a.members[0] < b.members[0] ? -1 : 1));
  upstream.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.needs < b.needs ? -1 : 1));

  const groupTexts = new Set(graph.groupProblems.map((p) => p.text));
  const result: BuildOrderResult = {
    waves,
    phaseOneWaves,
    cycles,
    upstream,
    selfNeeds,
    unresolvable: graph.unresolvable.filter((u) => inScope(u.source)).map((u) => ({ name: names[u.source], problems: ownProblemTexts(u.problems, groupTexts) })),
  };
  return { result, roles };
}

/** Every need in scope (both ends in `only`, when given) with the role `roles` gives its row. */
export function orderEdges(graph: BuildGraph, roles: Uint8Array, only?: ReadonlySet<number>): OrderEdge[] {
  const E = graph.edges;
  const names = graph.sources.map((s) => s.name);
  const edges: OrderEdge[] = [];
  for (let row = 0; row < E.count; row++) {
    if (only && (!only.has(E.from[row]) || !only.has(E.needs[row]))) continue;
    const e = needEdge(graph, row);
    edges.push({ from: names[e.from], needs: names[e.needs], via: e.via, kind: e.kind, role: EDGE_ROLES[roles[row]] });
  }
  return edges;
}
