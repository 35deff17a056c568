/**
 * The build graph: which source packages need which others built first.
 *
 * For each source package, its BuildRequires are resolved together with the build group into
 * an installable buildroot, exactly as mock/koji would (one libsolv solve, weak dependencies off
 * as in mock's dnf.conf); every binary in that buildroot maps back to its source package. Source A
 * needs source B when a binary built from B is in A's buildroot. Why is kept: the BuildRequires,
 * the binary that satisfied it, and whether it came directly or through runtime dependencies.
 *
 * Steps: pick the sources (newest of each name), solve the build group alone (the first phase),
 * one request per distinct buildroot request, solve them all on every core, then turn each
 * buildroot into rows of need columns.
 */
import type { Pool, Repo, SolvableTable } from '../solv/index.js';
import { GooseError } from '../errors.js';
import { BuildrootResolver, buildrootRequest, GROUP_REQUEST, newestSources, RequestSet, selectSources, SolveService, type BuildrootOutcome, type BuildrootRequest, type BuildrootStoreOptions } from '../buildroots/index.js';
import { classifyBinaries } from './need-class.js';
import { IntVector } from './int-vector.js';
import type { BuildGraph, NeedEdges, SourceNode, Unresolvable } from './need-edges.js';

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
  /** Read and fill the buildroot store (see SolveServiceOptions.store); undefined: solve everything. */
  store?: BuildrootStoreOptions;
  /**
   * Bootstrap variants (`rpmbuild -bs --with bootstrap`, same names): resolve only these source
   * repos' packages, with their BuildRequires, as needs on the sources of `sourceRepos`.
   */
  variants?: Repo[];
}

/** What the steps share: the pool, its tables, and the sources by index. */
interface GraphState {
  pool: Pool;
  table: SolvableTable;
  binaryRepoIds: Set<number>;
  /** Every source name, sorted; a source's index in the graph is its place here. */
  allNames: string[];
  /** The source names to resolve (all, or `only`). */
  names: string[];
  index: Map<string, number>;
  newest: Map<string, number>;
  /** The solvable built for a source name: its bootstrap variant when variants are resolved, else the newest source. */
  built: (name: string) => number;
  /** Source index of a binary, or undefined when its source is not among the sources. */
  sourceOf: (p: number) => number | undefined;
}

/**
 * Builds the graph from a finished pool (see finishPool): `binaryRepos` provide buildroots,
 * `sourceRepos` the source packages (arch `src`; their requires are their BuildRequires).
 * The newest version of each source name is used. Sources with the same buildroot request
 * share one solve; the solves run on every core.
 */
export async function buildGraph(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], options: BuildGraphOptions = {}): Promise<BuildGraph> {
  const t0 = performance.now();
  if (!sourceRepos.length) throw new GooseError('NO_SOURCES', 'no source repository given (use --srcrepo)');
  const st = graphState(pool, binaryRepos, sourceRepos, options.only, options.variants);
  const resolver = new BuildrootResolver(pool, group, options.weak ?? false);
  try {
    const g = groupBuildroot(st, resolver);
    const sources = sourceNodes(st, g.inGroup);
    const { set, sourceRequest } = sourceRequests(st, sources);
    const ts = performance.now();
    const outcomes = await solveAll(pool, binaryRepos, group, set.requests, options);
    const solveSeconds = (performance.now() - ts) / 1000;
    const needs = new NeedColumns(st, g.groupSet);
    const unresolvable: Unresolvable[] = [];
    for (const name of st.names) {
      const i = st.index.get(name)!;
      const r = sourceRequest.get(i)!;
      // Rare: solve again here for the structured explanation.
      if (!outcomes[r].ok) unresolvable.push({ source: i, problems: resolver.problems(set.requests[r]).problems });
      else needs.add(i, set.requests[r].requires, outcomes[r]);
    }
    unresolvable.sort((a, b) => a.source - b.source);
    const columns = needs.finish();
    return {
      sources,
      ...columns,
      unresolvable,
      groupBuildroot: g.names,
      groupProblems: g.problems,
      binaryClass: classifyBinaries(pool, binaryRepos, columns.binaries),
      timings: { solve: solveSeconds, total: (performance.now() - t0) / 1000 },
    };
  } finally {
    resolver.free();
  }
}

/** The sources (newest of each name), their indexes, and the binary -> source map. */
function graphState(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], only: readonly string[] | undefined, variantRepos: Repo[] | undefined): GraphState {
  const table = pool.solvableTable();
  const newest = newestSources(pool, sourceRepos, table);
  // Bootstrap variants: the same source names (and indices), their own BuildRequires.
  const variants = variantRepos && newestSources(pool, variantRepos, table);
  const allNames = [...newest.keys()].sort();
  const index = new Map(allNames.map((n, i) => [n, i] as const));
  // Binary -> source index, through SOLVABLE_SOURCENAME, memoised per solvable: a distribution's
  // buildroots hold millions of binaries between them.
  const sourceName = pool.sourceNameTable();
  const memo = new Int32Array(table.repo.length).fill(-2);
  const sourceOf = (p: number): number | undefined => {
    if (memo[p] === -2) memo[p] = index.get(pool.id2str(sourceName[p] || table.name[p])) ?? -1;
    return memo[p] >= 0 ? memo[p] : undefined;
  };
  return { pool, table, binaryRepoIds: new Set(binaryRepos.map((r) => r.id)), allNames, names: selectSources(newest, only ?? (variants && [...variants.keys()])), index, newest, built: (name) => variants?.get(name) ?? newest.get(name)!, sourceOf };
}

/** The build group's own buildroot: its binaries, their names, the sources they come from, or its problems. */
function groupBuildroot(st: GraphState, resolver: BuildrootResolver) {
  const o = resolver.resolve(GROUP_REQUEST);
  const problems = o.ok ? [] : resolver.problems(GROUP_REQUEST).problems;
  const groupSet = new Set<number>(o.installed);
  const inGroup = new Set<number>();
  for (const p of groupSet) {
    const s = st.sourceOf(p);
    if (s !== undefined) inGroup.add(s);
  }
  return { groupSet, inGroup, problems, names: [...groupSet].map((p) => st.pool.id2str(st.table.name[p])).sort() };
}

/** One node per source; BuildRequires in their text order (display only: solves use the request). */
function sourceNodes(st: GraphState, inGroup: Set<number>): SourceNode[] {
  return st.allNames.map((name, i) => {
    const p = st.built(name);
    return { name, evr: st.pool.id2str(st.table.evr[p]), buildRequires: [], inGroupBuildroot: inGroup.has(i) };
  });
}

/** One request per distinct buildroot request of the sources to resolve; which request each source has. */
function sourceRequests(st: GraphState, sources: SourceNode[]): { set: RequestSet; sourceRequest: Map<number, number> } {
  const set = new RequestSet();
  const sourceRequest = new Map<number, number>();
  for (const name of st.names) {
    const i = st.index.get(name)!;
    const p = st.built(name);
    sources[i].buildRequires = st.pool.solvable(p).deps('requires').filter((d) => !d.startsWith('rpmlib('));
    sourceRequest.set(i, set.add(buildrootRequest(st.pool, p)));
  }
  return { set, sourceRequest };
}

/** Every request solved by a solve service started for just these requests. */
async function solveAll(pool: Pool, binaryRepos: Repo[], group: readonly string[], requests: BuildrootRequest[], options: BuildGraphOptions): Promise<BuildrootOutcome[]> {
  const service = await SolveService.start(pool, binaryRepos, group, { weak: options.weak, workers: options.workers, universe: requests, store: options.store });
  try {
    return await service.solve(requests, { onProgress: options.onProgress });
  } finally {
    await service.close();
  }
}

/** The need columns, filled one source's buildroot at a time, with binary and BuildRequires names interned. */
class NeedColumns {
  readonly #st: GraphState;
  readonly #col = { from: new IntVector(), needs: new IntVector(), kind: new IntVector(), viaStart: new IntVector(), viaBinary: new IntVector(), viaRequire: new IntVector() };
  readonly #binaries: string[] = [];
  readonly #requires: string[] = [];
  readonly #requireIndex = new Map<string, number>(); // BuildRequires text -> index
  readonly #external = new Set<string>();
  // Per solvable and per name id rather than Sets and Maps: a distribution's buildroots hold
  // millions of binaries between them, and these lookups are the graph build's inner loop.
  readonly #inGroup: Uint8Array; // solvable -> 1 when in the group's own buildroot
  readonly #inBinaryRepo: Uint8Array; // solvable -> 1 when from a binary repository
  readonly #binaryIndex: Int32Array; // name id -> index in #binaries, or -1
  readonly #nameRank: Int32Array; // name id -> place of the name among the binary names, sorted as strings

  constructor(st: GraphState, groupSet: Set<number>) {
    this.#st = st;
    const { table, pool, binaryRepoIds } = st;
    const n = table.repo.length;
    this.#inGroup = new Uint8Array(n);
    for (const p of groupSet) this.#inGroup[p] = 1;
    this.#inBinaryRepo = new Uint8Array(n);
    let maxName = 0;
    const names: number[] = [];
    for (let p = 0; p < n; p++) {
      if (!binaryRepoIds.has(table.repo[p])) continue;
      this.#inBinaryRepo[p] = 1;
      if (table.name[p] > maxName) maxName = table.name[p];
      names.push(table.name[p]);
    }
    this.#binaryIndex = new Int32Array(maxName + 1).fill(-1);
    this.#nameRank = new Int32Array(maxName + 1);
    const text = new Map<number, string>();
    for (const id of names) if (!text.has(id)) text.set(id, pool.id2str(id));
    const sorted = [...text.keys()].sort((x, y) => (text.get(x)! < text.get(y)! ? -1 : text.get(x)! > text.get(y)! ? 1 : 0));
    sorted.forEach((id, k) => (this.#nameRank[id] = k));
  }

  /** The rows of source `i`, whose buildroot is `outcome` for BuildRequires `requires`. */
  add(i: number, requires: readonly string[], outcome: BuildrootOutcome): void {
    const name = this.#st.table.name;
    const rank = this.#nameRank;
    const direct = new Map<number, number>();
    for (let k = 0; k < outcome.direct.length; k += 2) direct.set(outcome.direct[k], outcome.direct[k + 1]);
    const bySource = this.#bySource(outcome.installed, direct);
    const col = this.#col;
    for (const t of [...bySource.keys()].sort((x, y) => x - y)) {
      const e = bySource.get(t)!;
      col.from.push(i);
      col.needs.push(t);
      col.kind.push(e.direct ? 0 : e.group ? 2 : 1);
      col.viaStart.push(col.viaBinary.length);
      for (const q of e.bins) this.#binary(name[q]); // interned in buildroot order, as the names' indexes always were
      e.bins.sort((x, y) => rank[name[x]] - rank[name[y]]); // by name; stable, as sorting by the strings was
      for (const q of e.bins) {
        col.viaBinary.push(this.#binaryIndex[name[q]]);
        const d = direct.get(q);
        col.viaRequire.push(d === undefined ? -1 : intern(this.#requireIndex, this.#requires, requires[d], () => requires[d]));
      }
    }
  }

  /** The index of binary name `id`, interned on first sight. */
  #binary(id: number): number {
    let b = this.#binaryIndex[id];
    if (b < 0) {
      b = this.#binaryIndex[id] = this.#binaries.length;
      this.#binaries.push(this.#st.pool.id2str(id));
    }
    return b;
  }

  /** The buildroot's binaries grouped by their source: direct when one satisfies a BuildRequires, group when all come with the group only. */
  #bySource(installed: Int32Array, direct: Map<number, number>) {
    const { pool, table, sourceOf } = this.#st;
    const bySource = new Map<number, { bins: number[]; direct: boolean; group: boolean }>();
    for (const q of installed) {
      if (this.#inBinaryRepo[q] === 0) continue;
      const t = sourceOf(q);
      if (t === undefined) {
        this.#external.add(pool.id2str(table.name[q]));
        continue;
      }
      let e = bySource.get(t);
      if (!e) bySource.set(t, (e = { bins: [], direct: false, group: true }));
      e.bins.push(q);
      const isDirect = direct.has(q);
      if (isDirect) e.direct = true;
      if (this.#inGroup[q] === 0 || isDirect) e.group = false;
    }
    return bySource;
  }

  /** The columns, the interned names and the binaries of no known source. */
  finish(): Pick<BuildGraph, 'edges' | 'binaries' | 'requires' | 'externalBinaries'> {
    const col = this.#col;
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
    return { edges, binaries: this.#binaries, requires: this.#requires, externalBinaries: [...this.#external].sort() };
  }
}

/** The index of `key` in `list`, appending `text()` when new. */
function intern<K>(map: Map<K, number>, list: string[], key: K, text: () => string): number {
  let i = map.get(key);
  if (i === undefined) {
    map.set(key, (i = list.length));
    list.push(text());
  }
  return i;
}
