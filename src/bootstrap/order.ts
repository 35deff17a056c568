/**
 * The build order of a mass rebuild, computed from a BuildGraph: pure data in, data out.
 *
 * Phased by default, as a real rebuild runs: first the sources of the build group's own
 * buildroot (built against the upstream buildroot; their cycles broken), then everything else
 * against the rebuilt group. A need of a first-phase source on a later one is a break of kind
 * `upstream`: it is built against the upstream binary first. See docs/build-order.md.
 */
import { buildDigraph, orderGraph, type Edge } from '../graph/index.js';
import { findNeed, needEdge, NEED_KINDS, type BuildGraph, type NeedKind, type Via } from './build-graph.js';
import { needWeights } from '../order/weights.js';

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
  /** Sources whose buildroot does not resolve, with the solver's problem texts. */
  unresolvable: { name: string; problems: string[] }[];
  /** Every need, when asked for: `{from, needs, via, kind}`. */
  edges?: { from: string; needs: string; via: Via[]; kind: NeedKind }[];
}

/** Options of {@link buildOrder}. */
export interface BuildOrderOptions {
  /** Order everything as one graph, build-group edges included (no phases). */
  flat?: boolean;
  /** Leave the build group's closure out of the edges, as OBS does (no phases). */
  excludeBase?: boolean;
  /** Include every edge in the result. */
  edges?: boolean;
}

/** Orders the sources of `graph` into waves, breaking cycles; deterministic. */
export function buildOrder(graph: BuildGraph, options: BuildOrderOptions = {}): BuildOrderResult {
  const names = graph.sources.map((s) => s.name);
  const unresolvable = new Set(graph.unresolvable.map((u) => u.source));
  const phased = !options.flat && !options.excludeBase;
  const phaseOf = (i: number) => (phased && graph.sources[i].inGroupBuildroot ? 1 : 2);

  const upstream: Break[] = [];
  const selfNeeds: BuildOrderResult['selfNeeds'] = [];
  const phaseEdges: [Edge[], Edge[]] = [[], []];
  const E = graph.edges;
  // Cost of breaking each need: by kind and by what its binaries put into the result (weights.ts).
  const { weight, content } = needWeights(graph);
  for (let row = 0; row < E.count; row++) {
    const from = E.from[row];
    const needs = E.needs[row];
    const kind = NEED_KINDS[E.kind[row]];
    if (unresolvable.has(from) || unresolvable.has(needs)) continue;
    if (from === needs) {
      // Needing your own binary only through the build group is what every group member does;
      // a bootstrap problem is a BuildRequires (or its runtime closure) on the package itself.
      if (kind !== 'group') selfNeeds.push({ name: names[from], via: needEdge(graph, row).via });
      continue;
    }
    if (options.excludeBase && kind === 'group') continue;
    const pf = phaseOf(from);
    const pn = phaseOf(needs);
    if (pf === 1 && pn === 2) {
      upstream.push({ from: names[from], needs: names[needs], via: needEdge(graph, row).via, need: kind, kind: 'upstream' });
      continue;
    }
    if (pf === 2 && pn === 1) continue; // the first phase is built before all of the second
    // Inside the first phase, a tool that only the build group pulls in is in the upstream
    // buildroot the phase is built in; content it pulls in (glibc's headers, libgcc) ends up in
    // what is built, so those needs order the phase too: glibc before gcc.
    if (pf === 1 && kind === 'group' && !content[row]) continue;
    phaseEdges[pf - 1].push({ from, to: needs, cost: weight[row] });
  }

  const waves: string[][] = [];
  const cycles: CycleReport[] = [];
  let phaseOneWaves = 0;
  for (const phase of [1, 2] as const) {
    const members = names.map((_, i) => i).filter((i) => !unresolvable.has(i) && phaseOf(i) === phase);
    if (!members.length) continue;
    // Dense ids for this phase's graph.
    const local = new Map(members.map((g, l) => [g, l] as const));
    const edges = phaseEdges[phase - 1].map((e) => ({ from: local.get(e.from)!, to: local.get(e.to)!, cost: e.cost }));
    const order = orderGraph(buildDigraph(members.length, edges));
    for (const w of order.waves) waves.push(w.map((l) => names[members[l]]).sort());
    if (phase === 1) phaseOneWaves = order.waves.length;
    for (const c of order.cycles) {
      cycles.push({
        members: c.members.map((l) => names[members[l]]).sort(),
        breaks: c.breaks.map((b) => {
          const e = needEdge(graph, findNeed(graph, members[b.from], members[b.to]));
          return { from: names[e.from], needs: names[e.needs], via: e.via, need: e.kind, kind: 'cycle' as const };
        }),
      });
    }
  }
  cycles.sort((a, b) => b.members.length - a.members.length || (a.members[0] < b.members[0] ? -1 : 1));
  upstream.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.needs < b.needs ? -1 : 1));

  const result: BuildOrderResult = {
    waves,
    phaseOneWaves,
    cycles,
    upstream,
    selfNeeds,
    unresolvable: graph.unresolvable.map((u) => ({ name: names[u.source], problems: u.problems.map((p) => p.text) })),
  };
  if (options.edges) {
    result.edges = [];
    for (let row = 0; row < E.count; row++) {
      const e = needEdge(graph, row);
      result.edges.push({ from: names[e.from], needs: names[e.needs], via: e.via, kind: e.kind });
    }
  }
  return result;
}
