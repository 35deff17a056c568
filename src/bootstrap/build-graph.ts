/**
 * The build graph: which source packages need which others built first.
 *
 * For each source package, its BuildRequires are resolved together with the build group into
 * an installable buildroot, exactly as mock/koji would (one libsolv solve, weak dependencies off
 * as in mock's dnf.conf); every binary in that buildroot maps back to its source package. Source A
 * needs source B when a binary built from B is in A's buildroot. Why is kept: the BuildRequires,
 * the binary that satisfied it, and whether it came directly or through runtime dependencies.
 */
import { constants as C, installProvides, type Job, type Pool, type Problem, type Repo, type Solver } from '../solv/index.js';
import { GooseError } from '../errors.js';

/** How a source comes to need another. */
export type NeedKind = 'direct' | 'indirect' | 'group';

/** One reason for an edge: a binary in the buildroot, and the BuildRequires it satisfied, if any. */
export interface Via {
  /** The binary package (name) in the buildroot. */
  binary: string;
  /** The BuildRequires it satisfies directly; absent when it came in through runtime dependencies. */
  buildRequires?: string;
}

/** Source `from` needs source `needs` built first. */
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
  /** Every need between sources (self-needs included, `from === needs`), sorted by (from, needs). */
  edges: NeedEdge[];
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

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /** Install weak dependencies (Recommends) into buildroots; mock does not. */
  weak?: boolean;
  /** Only these source names (default: every source in the source repos). */
  only?: string[];
  /** Called after each source is resolved. */
  onProgress?: (done: number, total: number) => void;
}

/** The build group as solver jobs: install each named package (what koji and mock do with the group). */
export function groupJobs(pool: Pool, group: readonly string[]): Job[] {
  return group.map((name) => ({ how: C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_NAME, what: pool.str2id(name) }));
}

/** The solver jobs of one source's buildroot: its BuildRequires, the group, and its BuildConflicts kept out. */
export function buildrootJobs(buildRequires: Int32Array, buildConflicts: Int32Array, group: Job[]): Job[] {
  const jobs: Job[] = [...group];
  for (const d of buildRequires) jobs.push(installProvides(d));
  for (const d of buildConflicts) jobs.push({ how: C.SOLVER_ERASE | C.SOLVER_SOLVABLE_PROVIDES, what: d });
  return jobs;
}

/** A solver configured as mock's dnf is for buildroots. */
export function buildrootSolver(pool: Pool, weak: boolean): Solver {
  const solver = pool.createSolver();
  solver.setFlag('ignoreRecommended', !weak);
  return solver;
}

const isRpmlib = (s: string) => s.startsWith('rpmlib(');

/**
 * Builds the graph from a finished pool (see finishPool): `binaryRepos` provide buildroots,
 * `sourceRepos` the source packages (arch `src`; their requires are their BuildRequires).
 * The newest version of each source name is used.
 */
export function buildGraph(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], options: BuildGraphOptions = {}): BuildGraph {
  const t0 = performance.now();
  if (!sourceRepos.length) throw new GooseError('NO_SOURCES', 'no source repository given (use --srcrepo)');
  const table = pool.solvableTable();
  const binaryRepoIds = new Set(binaryRepos.map((r) => r.id));
  const sourceRepoIds = new Set(sourceRepos.map((r) => r.id));
  const srcArch = pool.str2id('src');
  const nosrcArch = pool.str2id('nosrc');

  // The newest source solvable of each name.
  const newest = new Map<string, number>();
  for (let p = 2; p < table.repo.length; p++) {
    if (!sourceRepoIds.has(table.repo[p])) continue;
    if (table.arch[p] !== srcArch && table.arch[p] !== nosrcArch) continue;
    const name = pool.id2str(table.name[p]);
    const prev = newest.get(name);
    if (prev === undefined || pool.evrcmp(pool.id2str(table.evr[p]), pool.id2str(table.evr[prev])) > 0) newest.set(name, p);
  }
  let names = [...newest.keys()].sort();
  if (options.only) {
    const missing = options.only.filter((n) => !newest.has(n));
    if (missing.length) throw new GooseError('UNKNOWN_SOURCE', `no source package named ${missing.map((n) => `'${n}'`).join(', ')} in the source repositories`);
    const only = new Set(options.only);
    names = names.filter((n) => only.has(n));
  }
  const allNames = [...newest.keys()].sort();
  const index = new Map(allNames.map((n, i) => [n, i] as const));

  // Binary -> source index, through SOLVABLE_SOURCENAME.
  const sourceName = pool.sourceNameTable();
  const sourceOf = (p: number): number | undefined => {
    const id = sourceName[p] || table.name[p];
    return index.get(pool.id2str(id));
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
    const p = newest.get(name)!;
    return { name, evr: pool.id2str(table.evr[p]), buildRequires: [], inGroupBuildroot: inGroup.has(i) };
  });

  const edges: NeedEdge[] = [];
  const unresolvable: Unresolvable[] = [];
  const external = new Set<string>();
  let solveSeconds = 0;
  let done = 0;
  for (const name of names) {
    const i = index.get(name)!;
    const p = newest.get(name)!;
    const src = pool.solvable(p);
    const brIds = src.depIds('requires').filter((d) => !isRpmlib(pool.dep2str(d)));
    sources[i].buildRequires = [...brIds].map((d) => pool.dep2str(d));
    const jobs = buildrootJobs(brIds, src.depIds('conflicts'), gjobs);
    const ts = performance.now();
    const count = solver.solveCount(jobs);
    solveSeconds += (performance.now() - ts) / 1000;
    if (count > 0) {
      const problems: Problem[] = [];
      for (let k = 1; k <= count; k++) problems.push(solver.problem(k));
      unresolvable.push({ source: i, problems });
    } else {
      const installed = solver.decidedInstalls();
      const inRoot = new Set(installed);
      // Which binaries satisfy a BuildRequires directly.
      const direct = new Map<number, string>();
      for (const d of brIds) {
        for (const q of pool.whatProvidesIds(d)) if (inRoot.has(q) && !direct.has(q)) direct.set(q, pool.dep2str(d));
      }
      const bySource = new Map<number, { via: Via[]; direct: boolean; group: boolean }>();
      for (const q of installed) {
        if (!binaryRepoIds.has(table.repo[q])) continue;
        const t = sourceOf(q);
        const binary = pool.id2str(table.name[q]);
        if (t === undefined) {
          external.add(binary);
          continue;
        }
        let e = bySource.get(t);
        if (!e) bySource.set(t, (e = { via: [], direct: false, group: true }));
        const br = direct.get(q);
        e.via.push(br ? { binary, buildRequires: br } : { binary });
        if (br) e.direct = true;
        if (!groupSet.has(q) || br) e.group = false;
      }
      for (const [t, e] of bySource) {
        e.via.sort((a, b) => (a.binary < b.binary ? -1 : a.binary > b.binary ? 1 : 0));
        edges.push({ from: i, needs: t, kind: e.direct ? 'direct' : e.group ? 'group' : 'indirect', via: e.via });
      }
    }
    options.onProgress?.(++done, names.length);
  }
  solver.free();
  edges.sort((a, b) => a.from - b.from || a.needs - b.needs);
  unresolvable.sort((a, b) => a.source - b.source);
  return {
    sources,
    edges,
    unresolvable,
    groupBuildroot,
    groupProblems,
    externalBinaries: [...external].sort(),
    timings: { solve: solveSeconds, total: (performance.now() - t0) / 1000 },
  };
}
