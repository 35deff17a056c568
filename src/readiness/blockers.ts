/** The blocked-by graph's analysis: root causes, cycles, and what each blocker holds up (pure). */
import { digraphFromArrays, reverseReachCounts, stronglyConnected, type Digraph } from '../graph/index.js';
import type { ReadinessStatus, RootCause } from './types.js';

/**
 * The blocked-by graph over `names` (sorted; every package and blocker): an edge from each blocked
 * package to each source it waits for; a package waiting for itself is a self-loop, kept apart.
 */
export function blockedByGraph(names: readonly string[], blockedBy: Iterable<readonly [string, Iterable<string>]>): { graph: Digraph; selfLoop: Uint8Array; index: Map<string, number> } {
  const index = new Map(names.map((n, i) => [n, i] as const));
  const from: number[] = [];
  const to: number[] = [];
  const selfLoop = new Uint8Array(names.length);
  for (const [a, bs] of blockedBy) {
    const i = index.get(a)!;
    for (const b of bs) {
      const j = index.get(b)!;
      if (i === j) selfLoop[i] = 1;
      else {
        from.push(i);
        to.push(j);
      }
    }
  }
  return { graph: digraphFromArrays(names.length, Int32Array.from(from), Int32Array.from(to), new Float64Array(from.length).fill(1)), selfLoop, index };
}

/**
 * Ranks the blockers of a blocked-by graph (pure). `blockedBy` maps a blocked package to the
 * sources it waits for. Roots are the components of the graph that wait for nothing outside
 * themselves yet block something: an unblocked package, or a cycle of blocked packages.
 */
export function analyseBlockers(
  statuses: ReadonlyMap<string, ReadinessStatus>,
  blockedBy: ReadonlyMap<string, readonly string[]>,
): { rootCauses: RootCause[]; cycles: string[][]; inCycle: Set<string> } {
  const names = [...new Set([...statuses.keys(), ...[...blockedBy.values()].flat()])].sort();
  const { graph, selfLoop } = blockedByGraph(names, blockedBy);
  const comps = stronglyConnected(graph);
  const inCycle = new Set<string>();
  const cycles: string[][] = [];
  const cyclic = new Uint8Array(comps.count);
  comps.members.forEach((m, c) => {
    if (m.length > 1 || selfLoop[m[0]]) {
      cyclic[c] = 1;
      const ms = m.map((v) => names[v]);
      ms.forEach((n) => inCycle.add(n));
      cycles.push(ms);
    }
  });
  // Components with an edge leaving them wait for something else; the others are roots if they block.
  const leaves = new Uint8Array(comps.count);
  const blockers = new Map<number, Set<number>>(); // component -> nodes outside it that need it directly
  for (let e = 0; e < graph.edgeCount; e++) {
    const ca = comps.componentOf[graph.edgeFrom[e]];
    const cb = comps.componentOf[graph.edgeTo[e]];
    if (ca === cb) continue;
    leaves[ca] = 1;
    let s = blockers.get(cb);
    if (!s) blockers.set(cb, (s = new Set()));
    s.add(graph.edgeFrom[e]);
  }
  const roots: number[] = [];
  for (let c = 0; c < comps.count; c++) if (!leaves[c] && (blockers.has(c) || cyclic[c])) roots.push(c);
  const reach = reverseReachCounts(graph, roots.map((c) => comps.members[c][0]), comps);
  const rootCauses = roots.map((c, k): RootCause => {
    const members = comps.members[c].map((v) => names[v]);
    const status = cyclic[c] ? 'cycle' : (statuses.get(members[0]) ?? 'external');
    return { members, status, blocks: blockers.get(c)?.size ?? 0, blocksTransitively: reach[k] - (members.length - 1) };
  });
  rootCauses.sort((a, b) => b.blocksTransitively - a.blocksTransitively || b.blocks - a.blocks || (a.members[0] < b.members[0] ? -1 : 1));
  cycles.sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
  return { rootCauses, cycles, inCycle };
}
