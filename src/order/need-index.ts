/**
 * The build graph read backwards, for what a change affects: who needs each source (with whether
 * only through the build group), and which sources hold each binary in their buildroot. Pure:
 * computed from the graph's columns by counting sorts ({@link needIndexOf}); the graph store keeps
 * the same lists on disk so `rdeps` and `order --affected-by` read only the lists they follow.
 */
import { NEED_KINDS, type BuildGraph } from './need-edges.js';

/**
 * The reverse lists of a build graph. An entry of `neededBy(t)` is `from * 2 + g`: source `from`
 * has `t`'s binaries in its buildroot, `g` = 1 when only through the build group.
 */
export interface NeedIndex {
  /** Number of sources (indexes into the graph's sources). */
  readonly sourceCount: number;
  /** Who needs source `t`: entries `from * 2 + (group only ? 1 : 0)`, ascending. */
  neededBy(t: number): Int32Array;
  /** The sources whose buildroot holds binary `b` (index into the graph's binaries), ascending. */
  holders(b: number): Int32Array;
}

/** The reverse lists as CSR columns (what {@link needIndexOf} wraps and the graph store writes). */
export interface NeedIndexColumns {
  /** Rows of `neededBy`: entries of source t are `revStart[t] .. revStart[t+1]-1`. */
  revStart: Int32Array;
  /** Entries `from * 2 + group`, grouped by needed source, each group ascending. */
  rev: Int32Array;
  /** Rows of `holders`: entries of binary b are `binStart[b] .. binStart[b+1]-1`. */
  binStart: Int32Array;
  /** Holding sources, grouped by binary, each group ascending and distinct. */
  bin: Int32Array;
}

/** The reverse lists of `graph`'s columns: O(rows + via entries). */
export function needIndexColumns(graph: Pick<BuildGraph, 'edges' | 'sources' | 'binaries'>): NeedIndexColumns {
  const E = graph.edges;
  const n = graph.sources.length;
  const revStart = new Int32Array(n + 1);
  for (let r = 0; r < E.count; r++) revStart[E.needs[r] + 1]++;
  for (let t = 0; t < n; t++) revStart[t + 1] += revStart[t];
  const rev = new Int32Array(E.count);
  const fill = revStart.slice(0, n);
  const GROUP = NEED_KINDS.indexOf('group');
  // Rows are sorted by from, so each needed source's entries come out ascending.
  for (let r = 0; r < E.count; r++) rev[fill[E.needs[r]]++] = E.from[r] * 2 + (E.kind[r] === GROUP ? 1 : 0);
  const nb = graph.binaries.length;
  // A binary appears at most once per row and rows of one source are contiguous: count distinct (binary, from).
  const last = new Int32Array(nb).fill(-1);
  const binStart = new Int32Array(nb + 1);
  for (let r = 0; r < E.count; r++) {
    for (let v = E.viaStart[r]; v < E.viaStart[r + 1]; v++) {
      const b = E.viaBinary[v];
      if (last[b] !== E.from[r]) {
        last[b] = E.from[r];
        binStart[b + 1]++;
      }
    }
  }
  for (let b = 0; b < nb; b++) binStart[b + 1] += binStart[b];
  const bin = new Int32Array(binStart[nb]);
  const bfill = binStart.slice(0, nb);
  last.fill(-1);
  for (let r = 0; r < E.count; r++) {
    for (let v = E.viaStart[r]; v < E.viaStart[r + 1]; v++) {
      const b = E.viaBinary[v];
      if (last[b] !== E.from[r]) {
        last[b] = E.from[r];
        bin[bfill[b]++] = E.from[r];
      }
    }
  }
  return { revStart, rev, binStart, bin };
}

/** A {@link NeedIndex} over columns held in memory. */
export function needIndexOf(columns: NeedIndexColumns): NeedIndex {
  const { revStart, rev, binStart, bin } = columns;
  return {
    sourceCount: revStart.length - 1,
    neededBy: (t) => rev.subarray(revStart[t], revStart[t + 1]),
    holders: (b) => bin.subarray(binStart[b], binStart[b + 1]),
  };
}

/**
 * The sources a change affects, by level: level 1 are the sources whose buildroot holds a changed
 * binary (a binary of a seed source, through any need, the build group's and its own included;
 * or a seed binary); level k+1 those whose buildroot holds a binary of a level-k source through a
 * BuildRequires or its runtime closure (not through the build group alone: every source has the
 * group's binaries, so a changed group member would make everything affected); up to `depth`
 * levels. Returns source index -> level, in ascending index order.
 */
export function affectedLevels(index: NeedIndex, seedSources: Iterable<number>, seedBinaries: Iterable<number>, depth = Infinity): Map<number, number> {
  const level = new Int32Array(index.sourceCount); // 0: not reached
  if (depth < 1) return new Map();
  let frontier: number[] = [];
  const reach = (from: number, lvl: number, next: number[]) => {
    if (level[from] === 0) {
      level[from] = lvl;
      next.push(from);
    }
  };
  for (const t of seedSources) for (const e of index.neededBy(t)) reach(e >> 1, 1, frontier);
  for (const b of seedBinaries) for (const from of index.holders(b)) reach(from, 1, frontier);
  for (let lvl = 2; lvl <= depth && frontier.length; lvl++) {
    const next: number[] = [];
    for (const s of frontier) {
      const list = index.neededBy(s);
      for (let k = 0; k < list.length; k++) {
        const e = list[k];
        if ((e & 1) === 0 && e >> 1 !== s) reach(e >> 1, lvl, next);
      }
    }
    frontier = next;
  }
  const out = new Map<number, number>();
  for (let i = 0; i < level.length; i++) if (level[i] !== 0) out.set(i, level[i]);
  return out;
}
