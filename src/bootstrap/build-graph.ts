/**
 * The build graph: which source packages need which others built first.
 *
 * For each source package, its BuildRequires are resolved together with the build group into
 * an installable buildroot, exactly as mock/koji would (one libsolv solve, weak dependencies off
 * as in mock's dnf.conf); every binary in that buildroot maps back to its source package. Source A
 * needs source B when a binary built from B is in A's buildroot. Why is kept: the BuildRequires,
 * the binary that satisfied it, and whether it came directly or through runtime dependencies.
 */
import type { Pool, Problem, Repo } from '../solv/index.js';
import { resolveAll } from './parallel.js';
import { buildrootJobs, buildrootSolver, groupJobs, type BuildrootRequest } from './resolve.js';
import { GooseError } from '../errors.js';
import { IntVector } from './int-vector.js';
import { newestSources, selectSources } from './sources.js';
import { classifyBinaries } from '../order/need-class.js';

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

/** The row of (from, needs), or -1: binary search, rows being sorted by (from, needs). */
export function findNeed(g: BuildGraph, from: number, needs: number): number {
  const E = g.edges;
  let lo = 0;
  let hi = E.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = E.from[mid] - from || E.needs[mid] - needs;
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

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /** Install weak dependencies (Recommends) into buildroots; mock does not. */
  weak?: boolean;
  /** Only these source names (default: every source in the source repos). */
  only?: string[];
  /** Worker threads for the solves (default: one per core; 0 or 1: this thread). */
  workers?: number;
  /** Called as sources are resolved. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Bootstrap variants (`rpmbuild -bs --with bootstrap`, same names): resolve only these source
   * repos' packages, with their BuildRequires, as needs on the sources of `sourceRepos`.
   */
  variants?: Repo[];
}

const isRpmlib = (s: string) => s.startsWith('rpmlib(');

/**
 * Builds the graph from a finished pool (see finishPool): `binaryRepos` provide buildroots,
 * `sourceRepos` the source packages (arch `src`; their requires are their BuildRequires).
 * The newest version of each source name is used. Sources with identical BuildRequires and
 * BuildConflicts share one solve; the solves run on every core.
 */
export async function buildGraph(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], options: BuildGraphOptions = {}): Promise<BuildGraph> {
  const t0 = performance.now();
  if (!sourceRepos.length) throw new GooseError('NO_SOURCES', 'no source repository given (use --srcrepo)');
  const table = pool.solvableTable();
  const binaryRepoIds = new Set(binaryRepos.map((r) => r.id));
  const newest = newestSources(pool, sourceRepos, table);
  // Bootstrap variants: the same source names (and indices), their own BuildRequires.
  const variants = options.variants && newestSources(pool, options.variants, table);
  const names = selectSources(newest, options.only ?? (variants && [...variants.keys()]));
  const sourceSolvable = (name: string) => variants?.get(name) ?? newest.get(name)!;
  const allNames = [...newest.keys()].sort();
  const index = new Map(allNames.map((n, i) => [n, i] as const));

  // Binary -> source index, through SOLVABLE_SOURCENAME.
  const sourceName = pool.sourceNameTable();
  // Memoised per solvable: a distribution's buildroots hold millions of binaries between them.
  const sourceMemo = new Int32Array(table.repo.length).fill(-2);
  const sourceOf = (p: number): number | undefined => {
    if (sourceMemo[p] === -2) sourceMemo[p] = index.get(pool.id2str(sourceName[p] || table.name[p])) ?? -1;
    return sourceMemo[p] >= 0 ? sourceMemo[p] : undefined;
  };

  const weak = options.weak ?? false;
  const solver = buildrootSolver(pool, weak);
  const gjobs = groupJobs(pool, group);

  const groupProblems = solver.solve(gjobs);
  const groupSet = new Set<number>(groupProblems.length ? [] : solver.decidedInstalls());
  const groupBuildroot = [...groupSet].map((p) => pool.id2str(table.name[p])).sort();
  const inGroup = new Set<number>();
  for (const p of groupSet) {
    const s = sourceOf(p);
    if (s !== undefined) inGroup.add(s);
  }

  const sources: SourceNode[] = allNames.map((name, i) => {
    const p = sourceSolvable(name);
    return { name, evr: pool.id2str(table.evr[p]), buildRequires: [], inGroupBuildroot: inGroup.has(i) };
  });

  // Interned names for the via columns.
  const binaries: string[] = [];
  const binaryIndex = new Map<number, number>(); // name id -> index
  const requires: string[] = [];
  const requireIndex = new Map<string, number>(); // BuildRequires text -> index
  const intern = <K>(map: Map<K, number>, list: string[], key: K, text: () => string) => {
    let i = map.get(key);
    if (i === undefined) {
      map.set(key, (i = list.length));
      list.push(text());
    }
    return i;
  };
  const col = { from: new IntVector(), needs: new IntVector(), kind: new IntVector(), viaStart: new IntVector(), viaBinary: new IntVector(), viaRequire: new IntVector() };
  const unresolvable: Unresolvable[] = [];
  const external = new Set<string>();

  // One request per distinct (BuildRequires, BuildConflicts): about a quarter of a distribution's
  // sources share theirs with another.
  const requestOf = new Map<string, number>();
  const requests: BuildrootRequest[] = [];
  const sourceRequest = new Map<number, number>();
  for (const name of names) {
    const i = index.get(name)!;
    const src = pool.solvable(sourceSolvable(name));
    const req: BuildrootRequest = {
      requires: [...src.depIds('requires')].map((d) => pool.dep2str(d)).filter((s) => !isRpmlib(s)),
      conflicts: [...src.depIds('conflicts')].map((d) => pool.dep2str(d)),
    };
    sources[i].buildRequires = req.requires;
    // The exact job, order included: job order can steer the solver where choices interact.
    const key = JSON.stringify([req.requires, req.conflicts]);
    let r = requestOf.get(key);
    if (r === undefined) {
      requestOf.set(key, (r = requests.length));
      requests.push(req);
    }
    sourceRequest.set(i, r);
  }
  const ts = performance.now();
  const outcomes = await resolveAll(pool, binaryRepos, group, requests, { workers: options.workers, weak: options.weak, onProgress: options.onProgress });
  const solveSeconds = (performance.now() - ts) / 1000;

  for (const name of names) {
    const i = index.get(name)!;
    const req = requests[sourceRequest.get(i)!];
    const outcome = outcomes[sourceRequest.get(i)!];
    if (!outcome.ok) {
      // Rare: solve again here for the structured explanation.
      const { jobs } = buildrootJobs(pool, req, gjobs);
      unresolvable.push({ source: i, problems: solver.solve(jobs) });
      continue;
    }
    const direct = new Map<number, number>();
    for (let k = 0; k < outcome.direct.length; k += 2) direct.set(outcome.direct[k], outcome.direct[k + 1]);
    const bySource = new Map<number, { bins: number[]; direct: boolean; group: boolean }>();
    for (const q of outcome.installed) {
      if (!binaryRepoIds.has(table.repo[q])) continue;
      const t = sourceOf(q);
      if (t === undefined) {
        external.add(pool.id2str(table.name[q]));
        continue;
      }
      let e = bySource.get(t);
      if (!e) bySource.set(t, (e = { bins: [], direct: false, group: true }));
      e.bins.push(q);
      if (direct.has(q)) e.direct = true;
      if (!groupSet.has(q) || direct.has(q)) e.group = false;
    }
    for (const t of [...bySource.keys()].sort((x, y) => x - y)) {
      const e = bySource.get(t)!;
      col.from.push(i);
      col.needs.push(t);
      col.kind.push(e.direct ? 0 : e.group ? 2 : 1);
      col.viaStart.push(col.viaBinary.length);
      const vias = e.bins.map((q) => ({ b: intern(binaryIndex, binaries, table.name[q], () => pool.id2str(table.name[q])), d: direct.get(q) }));
      vias.sort((x, y) => (binaries[x.b] < binaries[y.b] ? -1 : binaries[x.b] > binaries[y.b] ? 1 : 0));
      for (const v of vias) {
        col.viaBinary.push(v.b);
        col.viaRequire.push(v.d === undefined ? -1 : intern(requireIndex, requires, req.requires[v.d!], () => req.requires[v.d!]));
      }
    }
  }
  solver.free();
  col.viaStart.push(col.viaBinary.length);
  const from = col.from.toArray();
  const edges: NeedEdges = {
    count: from.length,
    from,
    needs: col.needs.toArray(),
    kind: Uint8Array.from(col.kind.toArray()),
    viaStart: col.viaStart.toArray(),
    viaBinary: col.viaBinary.toArray(),
    viaRequire: col.viaRequire.toArray(),
  };
  unresolvable.sort((a, b) => a.source - b.source);
  return {
    sources,
    edges,
    binaries,
    binaryClass: classifyBinaries(pool, binaryRepos, binaries),
    requires,
    unresolvable,
    groupBuildroot,
    groupProblems,
    externalBinaries: [...external].sort(),
    timings: { solve: solveSeconds, total: (performance.now() - t0) / 1000 },
  };
}
