/**
 * What to submit next (pure): per source not yet built, how many blocked sources become ready the
 * moment it is built (*unblocks now*: those whose only missing builds are this one), how many wait
 * for it at all (*blocks in all*: directly or through other blocked sources), and whether it sits on
 * a cycle of the blocked-by graph. "Submit next" is the ready sources, most unblocked now first.
 */
import { reverseReachCounts, stronglyConnected } from '../graph/index.js';
import { blockedByGraph } from './blockers.js';
import type { ReadinessStatus } from './types.js';

/** What the ranking reads of each package (a {@link PackageReadiness} or a JSON report's package). */
export interface RankablePackage {
  /** Source name. */
  name: string;
  /** Its status. */
  status: ReadinessStatus;
  /** Blocked: the sources it waits for. */
  blockedBy: readonly string[];
}

/** One source not yet built, ranked. */
export interface SourceRank {
  /** Source name. */
  name: string;
  /** Its status; `external` for a blocker outside the target. */
  status: ReadinessStatus | 'external';
  /** Blocked sources that wait for this one only: they become ready when it is built. */
  unblocksNow: number;
  /** Blocked sources that wait for it, directly or through other blocked sources. */
  blocksInAll: number;
  /** True when it sits on a cycle of the blocked-by graph (or blocks itself). */
  onCycle: boolean;
}

/** The ranking of a readiness report. */
export interface Ranking {
  /** Every source not yet built that blocks something or is ready, best first (see {@link compareRanks}). */
  sources: SourceRank[];
  /** The ready sources, best first: submit these in this order. */
  submitNext: SourceRank[];
}

/** Most unblocked now first, then most blocked in all, then by name (code point order). */
export function compareRanks(a: SourceRank, b: SourceRank): number {
  return b.unblocksNow - a.unblocksNow || b.blocksInAll - a.blocksInAll || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Ranks the sources of a readiness report (pure, deterministic). */
export function rankSources(packages: readonly RankablePackage[]): Ranking {
  const status = new Map<string, ReadinessStatus>(packages.map((p) => [p.name, p.status]));
  const blocked = packages.filter((p) => p.status === 'blocked');
  const blockers = new Set<string>();
  for (const p of blocked) for (const b of p.blockedBy) blockers.add(b);
  const names = [...new Set([...packages.map((p) => p.name), ...blockers])].sort();
  const waits = blocked.map((p) => [p.name, [...new Set(p.blockedBy)]] as const);
  const { graph, selfLoop: self, index } = blockedByGraph(names, waits);
  const now = new Int32Array(names.length);
  for (const [name, w] of waits) if (w.length === 1 && w[0] !== name) now[index.get(w[0])!]++;
  const comps = stronglyConnected(graph);
  const ranked = names.filter((n) => blockers.has(n) || status.get(n) === 'ready').filter((n) => status.get(n) !== 'built');
  const nodes = ranked.map((n) => index.get(n)!);
  const reach = reverseReachCounts(graph, nodes, comps);
  const sources = ranked.map((name, k): SourceRank => {
    const v = nodes[k];
    const onCycle = self[v] === 1 || comps.members[comps.componentOf[v]].length > 1;
    return { name, status: status.get(name) ?? 'external', unblocksNow: now[v], blocksInAll: reach[k], onCycle };
  });
  sources.sort(compareRanks);
  return { sources, submitNext: sources.filter((s) => s.status === 'ready') };
}
