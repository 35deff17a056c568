/**
 * What a change affects, read off the build graph: the sources whose buildroot holds a binary
 * built from a changed source (or a changed binary itself), then the sources that need those, level
 * by level. Pure: the graph in, source indexes with their level out. `order --affected-by` orders
 * them; `rdeps` lists them as the build side of its answer.
 */
import { NEED_KINDS, type BuildGraph } from './need-edges.js';

/** Where a change starts: changed source packages and changed binary packages, by name. */
export interface ChangeSeeds {
  /** Source names: every binary built from them counts as changed. */
  sources?: readonly string[];
  /** Binary names. */
  binaries?: readonly string[];
}

/**
 * The sources affected by `seeds`: level 1 are those whose buildroot holds a changed binary (a
 * binary of a seed source, or a seed binary), level k+1 those whose buildroot holds a binary of
 * a level-k source through a BuildRequires or its runtime closure (not through the build group
 * alone); up to `depth` levels (default: all). Returns source index -> level, in
 * ascending index order.
 */
export function affectedSources(graph: BuildGraph, seeds: ChangeSeeds, depth = Infinity): Map<number, number> {
  const E = graph.edges;
  const index = new Map(graph.sources.map((s, i) => [s.name, i] as const));
  const seedSources = new Set((seeds.sources ?? []).map((n) => index.get(n)).filter((i): i is number => i !== undefined));
  const seedBinaryNames = new Set(seeds.binaries ?? []);
  const seedBinaries = new Set<number>();
  graph.binaries.forEach((b, k) => seedBinaryNames.has(b) && seedBinaries.add(k));
  // Who needs each source (rows are sorted by from; collect by needs).
  const neededBy = new Map<number, number[]>();
  const level = new Map<number, number>();
  let frontier: number[] = [];
  const reach = (from: number, lvl: number, next: number[]) => {
    if (!level.has(from)) {
      level.set(from, lvl);
      next.push(from);
    }
  };
  for (let row = 0; row < E.count; row++) {
    const from = E.from[row];
    const needs = E.needs[row];
    // Past level 1, a need only through the build group is not followed: every source has the
    // group's binaries in its buildroot, so a changed group member would make everything affected.
    if (from !== needs && NEED_KINDS[E.kind[row]] !== 'group') (neededBy.get(needs) ?? neededBy.set(needs, []).get(needs)!).push(from);
    if (depth < 1) continue;
    let hit = seedSources.has(needs);
    for (let v = E.viaStart[row]; !hit && v < E.viaStart[row + 1]; v++) hit = seedBinaries.has(E.viaBinary[v]);
    if (hit) reach(from, 1, frontier);
  }
  for (let lvl = 2; lvl <= depth && frontier.length; lvl++) {
    const next: number[] = [];
    for (const s of frontier) for (const from of neededBy.get(s) ?? []) reach(from, lvl, next);
    frontier = next;
  }
  return new Map([...level].sort((a, b) => a[0] - b[0]));
}
