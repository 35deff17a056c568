/**
 * The blocked-by graph's analysis: root causes, cycles, and what each blocker holds up (pure).
 * The graph and its strongly connected components are built once ({@link blockedByOf}) and read by
 * both the root causes here and the ranking (ranking.ts); see {@link blockersAndRanking}.
 */
import { digraphFromArrays, reverseReachCounts, stronglyConnected, type Components, type Digraph } from '../graph/index.js';
import type { ReadinessStatus, RootCause } from './types.js';

/** The blocked-by graph of a report with its components: what root causes, cycles and ranking all read. */
export interface BlockedBy {
  /** Every package and every blocker, sorted (code point order): the graph's nodes. */
  names: string[];
  /** Node of each name. */
  index: Map<string, number>;
  /** The statuses of the packages (blockers outside them have none). */
  statuses: ReadonlyMap<string, ReadinessStatus>;
  /** An edge from each blocked package to each source it waits for (duplicates merged). */
  graph: Digraph;
  /** 1 for a node that waits for itself. */
  selfLoop: Uint8Array;
  /** The strongly connected components of `graph`. */
  comps: Components;
  /** Per component: 1 when it is a cycle (several members, or one waiting for itself). */
  cyclic: Uint8Array;
}

/**
 * Builds the blocked-by graph once: `blockedBy` maps a blocked package to the sources it waits for.
 * Nodes are every package and blocker, sorted; a package waiting for itself is a self-loop, kept
 * apart. Each edge costs one lookup: blockers outside the packages (rare) get provisional nodes
 * after them, renumbered into sorted order at the end.
 */
export function blockedByOf(statuses: ReadonlyMap<string, ReadinessStatus>, blockedBy: Iterable<readonly [string, readonly string[]]>): BlockedBy {
  let names = [...statuses.keys()];
  // A report's packages come sorted: then the names are already the nodes' order.
  let sorted = true;
  for (let k = 1; k < names.length && sorted; k++) sorted = names[k - 1] < names[k];
  if (!sorted) names.sort();
  const index = new Map(names.map((n, i) => [n, i] as const));
  const node = (n: string) => index.get(n) ?? (index.set(n, names.length), names.push(n), names.length - 1);
  // Edges straight into typed arrays, grown by doubling: a distribution's graph has ~700k.
  let from: Int32Array = new Int32Array(1024);
  let to: Int32Array = new Int32Array(1024);
  let m = 0;
  const loops: number[] = [];
  for (const [a, bs] of blockedBy) {
    const i = node(a);
    for (const b of bs) {
      const j = node(b);
      if (i === j) loops.push(i);
      else {
        if (m === from.length) {
          from = grown(from);
          to = grown(to);
        }
        from[m] = i;
        to[m++] = j;
      }
    }
  }
  const extra = names.length - statuses.size;
  if (extra) {
    // Renumber: the provisional nodes go to their sorted places.
    const order = names.map((_, i) => i).sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
    const renum = new Int32Array(names.length);
    order.forEach((old, i) => (renum[old] = i));
    names = order.map((i) => names[i]);
    for (let e = 0; e < m; e++) {
      from[e] = renum[from[e]];
      to[e] = renum[to[e]];
    }
    for (let k = 0; k < loops.length; k++) loops[k] = renum[loops[k]];
    index.clear();
    names.forEach((n, i) => index.set(n, i));
  }
  const selfLoop = new Uint8Array(names.length);
  for (const v of loops) selfLoop[v] = 1;
  const graph = digraphFromArrays(names.length, from.slice(0, m), to.slice(0, m), new Float64Array(m).fill(1));
  const comps = stronglyConnected(graph);
  const cyclic = new Uint8Array(comps.count);
  comps.members.forEach((mem, c) => (cyclic[c] = mem.length > 1 || selfLoop[mem[0]] ? 1 : 0));
  return { names, index, statuses, graph, selfLoop, comps, cyclic };
}

/** `a` copied into an array twice its length. */
function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(2 * a.length);
  b.set(a);
  return b;
}

/** Root causes, cycles and the packages on a cycle (what {@link analyseBlockers} returns). */
export interface BlockerAnalysis {
  /** Blockers not blocked by anything outside them, most blocking first. */
  rootCauses: RootCause[];
  /** Cycles of the graph (members sorted), largest first. */
  cycles: string[][];
  /** The packages on a cycle. */
  inCycle: Set<string>;
}

/** The root components of `b` (waiting for nothing outside themselves, yet blocking something), with how many nodes need each directly. */
export function rootComponents(b: BlockedBy): { roots: number[]; blocks: Int32Array } {
  const { graph, comps } = b;
  // Components with an edge leaving them wait for something else; the others are roots if they block.
  const leaves = new Uint8Array(comps.count);
  const blocks = new Int32Array(comps.count); // component -> nodes outside it that need it directly
  const lastFrom = new Int32Array(comps.count).fill(-1); // counts each node once per component it needs
  for (let v = 0; v < b.names.length; v++) {
    const ca = comps.componentOf[v];
    for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) {
      const cb = comps.componentOf[graph.edgeTo[e]];
      if (ca === cb) continue;
      leaves[ca] = 1;
      if (lastFrom[cb] !== v) {
        lastFrom[cb] = v;
        blocks[cb]++;
      }
    }
  }
  const roots: number[] = [];
  for (let c = 0; c < comps.count; c++) if (!leaves[c] && (blocks[c] || b.cyclic[c])) roots.push(c);
  return { roots, blocks };
}

/**
 * Root causes and cycles of `b` from its root components and, per root, how many nodes reach it
 * (reverseReachCounts of the root's first member).
 */
export function blockerAnalysis(b: BlockedBy, rooted: ReturnType<typeof rootComponents>, reach: readonly number[]): BlockerAnalysis {
  const { names, comps, cyclic } = b;
  const inCycle = new Set<string>();
  const cycles: string[][] = [];
  comps.members.forEach((m, c) => {
    if (!cyclic[c]) return;
    const ms = m.map((v) => names[v]);
    ms.forEach((n) => inCycle.add(n));
    cycles.push(ms);
  });
  const rootCauses = rooted.roots.map((c, k): RootCause => {
    const members = comps.members[c].map((v) => names[v]);
    const status = cyclic[c] ? 'cycle' : (b.statuses.get(members[0]) ?? 'external');
    return { members, status, blocks: rooted.blocks[c], blocksTransitively: reach[k] - (members.length - 1) };
  });
  rootCauses.sort((x, y) => y.blocksTransitively - x.blocksTransitively || y.blocks - x.blocks || (x.members[0] < y.members[0] ? -1 : 1));
  cycles.sort((x, y) => y.length - x.length || (x[0] < y[0] ? -1 : 1));
  return { rootCauses, cycles, inCycle };
}

/**
 * Ranks the blockers of a blocked-by graph (pure). `blockedBy` maps a blocked package to the
 * sources it waits for. Roots are the components of the graph that wait for nothing outside
 * themselves yet block something: an unblocked package, or a cycle of blocked packages.
 */
export function analyseBlockers(statuses: ReadonlyMap<string, ReadinessStatus>, blockedBy: ReadonlyMap<string, readonly string[]>): BlockerAnalysis {
  const b = blockedByOf(statuses, blockedBy);
  const rooted = rootComponents(b);
  return blockerAnalysis(b, rooted, reverseReachCounts(b.graph, rooted.roots.map((c) => b.comps.members[c][0]), b.comps));
}
