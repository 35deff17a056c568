/**
 * What to submit next (pure): per source not yet built, how many blocked sources become ready the
 * moment it is built (*unblocks now*: those whose only missing builds are this one), how many wait
 * for it at all (*blocks in all*: directly or through other blocked sources), and whether it sits on
 * a cycle of the blocked-by graph. "Submit next" is the ready sources, most unblocked now first.
 */
import { reverseReachCounts } from '../graph/index.js';
import { blockedByOf, blockerAnalysis, rootComponents, type BlockedBy, type BlockerAnalysis } from './blockers.js';
import type { Ranking, ReadinessStatus, SourceRank } from './types.js';

export type { Ranking, SourceRank } from './types.js';

/** What the ranking reads of each package (a {@link PackageReadiness} or a JSON report's package). */
export interface RankablePackage {
  /** Source name. */
  name: string;
  /** Its status. */
  status: ReadinessStatus;
  /** Blocked: the sources it waits for. */
  blockedBy: readonly string[];
}

/** Most unblocked now first, then most blocked in all, then by name (code point order). */
export function compareRanks(a: SourceRank, b: SourceRank): number {
  return b.unblocksNow - a.unblocksNow || b.blocksInAll - a.blocksInAll || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The blocked-by graph of `packages` (each blocked package to the sources it waits for). */
export function blockedByOfPackages(packages: readonly RankablePackage[]): BlockedBy {
  const statuses = new Map<string, ReadinessStatus>(packages.map((p) => [p.name, p.status]));
  return blockedByOf(statuses, packages.filter((p) => p.status === 'blocked').map((p) => [p.name, p.blockedBy] as const));
}

/** The nodes the ranking lists: every source not built that blocks something or is ready. */
function rankedNodes(b: BlockedBy): number[] {
  const blockers = new Uint8Array(b.names.length);
  for (let e = 0; e < b.graph.edgeCount; e++) blockers[b.graph.edgeTo[e]] = 1;
  const nodes: number[] = [];
  b.names.forEach((n, v) => {
    const st = b.statuses.get(n);
    if ((blockers[v] || b.selfLoop[v] || st === 'ready') && st !== 'built') nodes.push(v);
  });
  return nodes;
}

/** The ranking of `nodes` of `b`, given how many nodes reach each (reverseReachCounts). */
function rankingOf(b: BlockedBy, nodes: readonly number[], reach: readonly number[]): Ranking {
  const { graph, comps, names } = b;
  // Unblocks now: blocked packages whose only blocker (not themselves) is this node.
  const now = new Int32Array(names.length);
  for (let v = 0; v < names.length; v++) {
    if (b.statuses.get(names[v]) !== 'blocked' || b.selfLoop[v] || graph.outStart[v + 1] - graph.outStart[v] !== 1) continue;
    now[graph.edgeTo[graph.outStart[v]]]++;
  }
  const sources = nodes.map((v, k): SourceRank => {
    const onCycle = b.selfLoop[v] === 1 || comps.members[comps.componentOf[v]].length > 1;
    return { name: names[v], status: b.statuses.get(names[v]) ?? 'external', unblocksNow: now[v], blocksInAll: reach[k], onCycle };
  });
  sources.sort(compareRanks);
  return { sources, submitNext: sources.filter((s) => s.status === 'ready') };
}

/** Ranks the sources of a readiness report (pure, deterministic). */
export function rankSources(packages: readonly RankablePackage[]): Ranking {
  const b = blockedByOfPackages(packages);
  const nodes = rankedNodes(b);
  return rankingOf(b, nodes, reverseReachCounts(b.graph, nodes, b.comps));
}

/**
 * Root causes, cycles and the ranking of a readiness report from one blocked-by graph: one graph,
 * one pass of strongly connected components, one reach count over the roots and the ranked
 * sources together. Equal to {@link analyseBlockers} and {@link rankSources} called apart.
 */
export function blockersAndRanking(packages: readonly RankablePackage[]): BlockerAnalysis & { ranking: Ranking } {
  const b = blockedByOfPackages(packages);
  const rooted = rootComponents(b);
  const nodes = rankedNodes(b);
  const reach = reverseReachCounts(b.graph, [...rooted.roots.map((c) => b.comps.members[c][0]), ...nodes], b.comps);
  const k = rooted.roots.length;
  return { ...blockerAnalysis(b, rooted, reach.slice(0, k)), ranking: rankingOf(b, nodes, reach.slice(k)) };
}
