/**
 * The build graph as data: source packages and the needs between them, stored as columns (a
 * whole distribution has millions of needs), with helpers to read one row as an object and to
 * pack objects into columns. buildGraph (build-graph.ts) computes it.
 */
import type { Problem } from '../solv/index.js';

/** How a source comes to need another. */
export type NeedKind = 'direct' | 'indirect' | 'group';

/** One reason for an edge: a binary in the buildroot, and the BuildRequires it satisfied, if any. */
export interface Via {
  /** The binary package (name) in the buildroot. */
  binary: string;
  /** The BuildRequires it satisfies directly; absent when it came in through runtime dependencies. */
  buildRequires?: string;
}

/** Source `from` needs source `needs` built first (a materialised row of {@link NeedEdges}). */
export interface NeedEdge {
  /** Index of the needing source in `BuildGraph.sources`. */
  from: number;
  /** Index of the needed source. */
  needs: number;
  /** `direct`: a BuildRequires names a binary of `needs`; `group`: only the build group pulls it in; else `indirect`. */
  kind: NeedKind;
  /** The binaries of `needs` in the buildroot of `from`, sorted by name. */
  via: Via[];
}

/** Edge kinds as stored in {@link NeedEdges.kind}. */
export const NEED_KINDS: readonly NeedKind[] = ['direct', 'indirect', 'group'];

/**
 * Every need between sources, as columns: a whole distribution has millions of them, too many
 * for one object each. Row `e` is source `from[e]` needing `needs[e]`; its via entries are
 * `viaStart[e] .. viaStart[e+1]-1`, each a binary (index into `binaries`) and the BuildRequires
 * it satisfies (index into `requires`, or -1 when it came through runtime dependencies).
 * Rows are sorted by (from, needs); self-needs (`from === needs`) are included.
 */
export interface NeedEdges {
  /** Number of rows. */
  count: number;
  /** Needing source, per row. */
  from: Int32Array;
  /** Needed source, per row. */
  needs: Int32Array;
  /** Index into NEED_KINDS, per row. */
  kind: Uint8Array;
  /** Start of each row's via entries; length count + 1. */
  viaStart: Int32Array;
  /** Binary of each via entry (index into BuildGraph.binaries). */
  viaBinary: Int32Array;
  /** BuildRequires of each via entry (index into BuildGraph.requires), or -1. */
  viaRequire: Int32Array;
}

/** A source package of the graph. */
export interface SourceNode {
  /** Source package name. */
  name: string;
  /** Its epoch:version-release. */
  evr: string;
  /** Its BuildRequires as text. */
  buildRequires: string[];
  /** True when it is in the first phase: the source of a binary in the build group's own buildroot. */
  inGroupBuildroot: boolean;
}

/** A source whose buildroot cannot be installed, with the solver's explanation. */
export interface Unresolvable {
  /** Index in `BuildGraph.sources`. */
  source: number;
  /** The problems, structured. */
  problems: Problem[];
}

/** The whole graph, as data. */
export interface BuildGraph {
  /** Source packages, sorted by name. */
  sources: SourceNode[];
  /** Every need between sources, as columns (see {@link needEdge} for one row as an object). */
  edges: NeedEdges;
  /** Binary package names the edges refer to. */
  binaries: string[];
  /** Content or tool, per binary (a NEED_CLASS value of src/order/weights.ts); absent in hand-made graphs (then by name). */
  binaryClass?: Uint8Array;
  /** BuildRequires texts the edges refer to. */
  requires: string[];
  /** Sources whose buildroot does not resolve. */
  unresolvable: Unresolvable[];
  /** The binaries of the build group's own buildroot, sorted. */
  groupBuildroot: string[];
  /** Problems of the build group itself (empty when it installs). */
  groupProblems: Problem[];
  /** Binaries in some buildroot whose source package is not among the sources, sorted. */
  externalBinaries: string[];
  /** Seconds spent: resolving buildroots, and in total. */
  timings: { solve: number; total: number };
}

/** Row `e` of the graph's edges as an object. */
export function needEdge(g: BuildGraph, e: number): NeedEdge {
  const E = g.edges;
  const via: Via[] = [];
  for (let k = E.viaStart[e]; k < E.viaStart[e + 1]; k++) {
    const binary = g.binaries[E.viaBinary[k]];
    via.push(E.viaRequire[k] >= 0 ? { binary, buildRequires: g.requires[E.viaRequire[k]] } : { binary });
  }
  return { from: E.from[e], needs: E.needs[e], kind: NEED_KINDS[E.kind[e]], via };
}

/** The row of (from, needs) in `g`, or -1 (see {@link findRow}). */
export function findNeed(g: BuildGraph, from: number, needs: number): number {
  return findRow(g.edges, from, needs);
}

/** The row of (from, needs) in columns sorted by (from, needs), or -1: binary search. */
export function findRow(rows: { readonly count: number; readonly from: Int32Array; readonly needs: Int32Array }, from: number, needs: number): number {
  let lo = 0;
  let hi = rows.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = rows.from[mid] - from || rows.needs[mid] - needs;
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Packs edge objects into columns (for tests and for callers that build graphs by hand). */
export function packNeedEdges(rows: readonly NeedEdge[]): Pick<BuildGraph, 'edges' | 'binaries' | 'requires'> {
  const sorted = [...rows].sort((a, b) => a.from - b.from || a.needs - b.needs);
  const binaries: string[] = [];
  const requires: string[] = [];
  const bi = new Map<string, number>();
  const ri = new Map<string, number>();
  const idx = (m: Map<string, number>, l: string[], s: string) => m.get(s) ?? (m.set(s, l.length), l.push(s), l.length - 1);
  const viaStart = new Int32Array(sorted.length + 1);
  const viaBinary: number[] = [];
  const viaRequire: number[] = [];
  sorted.forEach((r, e) => {
    viaStart[e] = viaBinary.length;
    for (const v of r.via) {
      viaBinary.push(idx(bi, binaries, v.binary));
      viaRequire.push(v.buildRequires === undefined ? -1 : idx(ri, requires, v.buildRequires));
    }
  });
  viaStart[sorted.length] = viaBinary.length;
  return {
    edges: {
      count: sorted.length,
      from: Int32Array.from(sorted.map((r) => r.from)),
      needs: Int32Array.from(sorted.map((r) => r.needs)),
      kind: Uint8Array.from(sorted.map((r) => NEED_KINDS.indexOf(r.kind))),
      viaStart,
      viaBinary: Int32Array.from(viaBinary),
      viaRequire: Int32Array.from(viaRequire),
    },
    binaries,
    requires,
  };
}
