/**
 * What a change affects, read off the build graph: the sources whose buildroot holds a binary
 * built from a changed source (or a changed binary itself), then the sources that need those, level
 * by level. Pure: the graph in, source indexes with their level out. `order --affected-by` orders
 * them; `rdeps` lists them as the build side of its answer. The walk itself is
 * {@link affectedLevels} over the graph's reverse lists (need-index.ts).
 */
import type { BuildGraph } from './need-edges.js';
import { affectedLevels, needIndexColumns, needIndexOf } from './need-index.js';

/** Where a change starts: changed source packages and changed binary packages, by name. */
export interface ChangeSeeds {
  /** Source names: every binary built from them counts as changed. */
  sources?: readonly string[];
  /** Binary names. */
  binaries?: readonly string[];
}

/** The seeds as indexes: source names into `sources`, binary names into `binaries` (names neither holds are dropped). */
export function seedIndexes(graph: Pick<BuildGraph, 'sources' | 'binaries'>, seeds: ChangeSeeds): { sources: number[]; binaries: number[] } {
  const wantS = new Set(seeds.sources ?? []);
  const wantB = new Set(seeds.binaries ?? []);
  const sources: number[] = [];
  const binaries: number[] = [];
  graph.sources.forEach((s, i) => wantS.has(s.name) && sources.push(i));
  graph.binaries.forEach((b, i) => wantB.has(b) && binaries.push(i));
  return { sources, binaries };
}

/**
 * The sources affected by `seeds`: level 1 are those whose buildroot holds a changed binary (a
 * binary of a seed source, or a seed binary), level k+1 those whose buildroot holds a binary of
 * a level-k source through a BuildRequires or its runtime closure (not through the build group
 * alone); up to `depth` levels (default: all). Returns source index -> level, in
 * ascending index order.
 */
export function affectedSources(graph: BuildGraph, seeds: ChangeSeeds, depth = Infinity): Map<number, number> {
  const s = seedIndexes(graph, seeds);
  return affectedLevels(needIndexOf(needIndexColumns(graph)), s.sources, s.binaries, depth);
}
