/**
 * Buildroot readiness during a rebuild: for each source package, is it already built, can it be
 * submitted now (its buildroot installs from the built repos alone), is it blocked (its buildroot
 * needs upstream binaries that are not rebuilt yet: which, and from which sources) or is it
 * unresolvable even with upstream binaries (and why)?
 *
 * Two pools: one with the upstream binary repos (first) and the source repos, one with the built
 * repos (first). Solves run on every core through resolveAll; one per distinct set of
 * BuildRequires:
 *   1. built: the source's name-version-release is the sourcerpm of some built binary (no solve);
 *   2. a BuildRequires or group package no built binary provides at all cannot be ready (no solve);
 *   3. otherwise solve against the built repos: success means ready;
 *   4. the others' upstream solve: success means blocked (the upstream buildroot's binaries the
 *      built repos lack, mapped to their sources), failure unresolvable.
 * 3 and 4 run at the same time, 4 for every request (in a rebuild nearly all need it), and each
 * upstream outcome is explained as it arrives, while the workers go on solving.
 * See docs/readiness.md.
 */
import type { Pool, Repo } from '../solv/index.js';
import { GooseError } from '../errors.js';
import { digraphFromArrays, reverseReachCounts, stronglyConnected } from '../graph/index.js';
import { explainProblem, type Cause, type Explanation, type Origin } from '../explain/index.js';
import { resolveAll } from './parallel.js';
import { buildrootJobs, buildrootSolver, groupJobs, type BuildrootOutcome, type BuildrootRequest } from './resolve.js';
import { newestSources, selectSources } from './sources.js';

/** Where a source package stands in the rebuild. */
export type ReadinessStatus = 'built' | 'ready' | 'blocked' | 'unresolvable';

/** The statuses, in the order reports list them. */
export const READINESS_STATUSES: readonly ReadinessStatus[] = ['built', 'ready', 'blocked', 'unresolvable'];

/** What the readiness computation reads. */
export interface ReadinessInput {
  /** Finished pool: the upstream binary repos first, then the source repos. */
  upstream: Pool;
  /** The upstream binary repos of `upstream`. */
  upstreamRepos: Repo[];
  /** The source repos of `upstream`. */
  sourceRepos: Repo[];
  /** Finished pool with the built binary repos first (other repos after them are ignored). */
  built: Pool;
  /** The built binary repos of `built`. */
  builtRepos: Repo[];
  /** Build group package names. */
  group: readonly string[];
}

/** Options of {@link computeReadiness}. */
export interface ReadinessOptions {
  /** Only these source names (default: every source). */
  only?: readonly string[];
  /** Install weak dependencies into buildroots (mock does not). */
  weak?: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Blocker sentences kept per package (default 5); blockedBy always lists all. */
  maxBlockerCauses?: number;
  /** Progress of the two solve phases. */
  onProgress?: (phase: 'built' | 'upstream', done: number, total: number) => void;
}

/** One source package's readiness. */
export interface PackageReadiness {
  /** Source name. */
  name: string;
  /** Its epoch:version-release in the source repos. */
  evr: string;
  /** built, ready, blocked or unresolvable. */
  status: ReadinessStatus;
  /** Blocked: the sources whose binaries are missing, sorted. */
  blockedBy: string[];
  /** Blocked: the upstream buildroot's binaries the built repos lack, sorted. */
  missing: string[];
  /** True when it is blocked by itself or sits on a cycle of the blocked-by graph. */
  inCycle: boolean;
  /** Why it is blocked or unresolvable (empty otherwise). */
  explanations: Explanation[];
}

/** A blocker that is not itself blocked by anything outside it: a package, or a cycle to bootstrap. */
export interface RootCause {
  /** The package, or the cycle's members, sorted. */
  members: string[];
  /** The package's status; `cycle` for a blocked cycle; `external` for a source outside the target. */
  status: ReadinessStatus | 'cycle' | 'external';
  /** Packages blocked by it directly. */
  blocks: number;
  /** Packages blocked by it directly or through other blocked packages. */
  blocksTransitively: number;
}

/** Counts over the target. */
export interface ReadinessSummary {
  /** Source packages in the target. */
  total: number;
  /** Per status. */
  built: number;
  ready: number;
  blocked: number;
  unresolvable: number;
  /** Blocked packages on a cycle of the blocked-by graph. */
  inCycle: number;
  /** built / total, in percent (one decimal). */
  percentBuilt: number;
  /** ready / total, in percent (one decimal). */
  percentReady: number;
}

/** The whole report, as data. */
export interface Readiness {
  /** Every target source, sorted by name. */
  packages: PackageReadiness[];
  /** Counts. */
  summary: ReadinessSummary;
  /** Root causes, most blocking first. */
  rootCauses: RootCause[];
  /** The next wave to submit: the ready packages, sorted. */
  nextWave: string[];
  /** Cycles of the blocked-by graph (members sorted; a self-blocked package is a cycle of one). */
  cycles: string[][];
  /** The build group itself: whether it installs from the built repos, what it misses, why it fails upstream. */
  group: { names: string[]; ready: boolean; blockedBy: string[]; missing: string[]; explanations: Explanation[] };
  /** How much work was done. */
  stats: { requests: number; rejectedWithoutSolve: number; builtSolves: number; upstreamSolves: number; seconds: number };
}

const isRpmlib = (s: string) => s.startsWith('rpmlib(');

/** `name-version-release` of a source: its evr without the epoch, as in a sourcerpm file name. */
export function sourceNvr(name: string, evr: string): string {
  const colon = evr.indexOf(':');
  return `${name}-${colon >= 0 ? evr.slice(colon + 1) : evr}`;
}

/** What the built repos hold, by name, by name-evr and by the sourcerpm they were built from. */
interface BuiltIndex {
  names: Set<string>;
  nevrs: Set<string>;
  sourceNvrs: Set<string>;
  nameIds: Set<number>;
}

function indexBuilt(pool: Pool, repos: Repo[]): BuiltIndex {
  const table = pool.solvableTable();
  const ids = new Set(repos.map((r) => r.id));
  const idx: BuiltIndex = { names: new Set(), nevrs: new Set(), sourceNvrs: new Set(), nameIds: new Set() };
  for (let p = 2; p < table.repo.length; p++) {
    if (!ids.has(table.repo[p])) continue;
    const name = pool.id2str(table.name[p]);
    idx.names.add(name);
    idx.nameIds.add(table.name[p]);
    idx.nevrs.add(`${name}-${pool.id2str(table.evr[p])}`);
    const srpm = pool.solvable(p).sourcerpm;
    if (srpm) idx.sourceNvrs.add(srpm.replace(/\.(no)?src\.rpm$/, ''));
  }
  return idx;
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
  const graph = digraphFromArrays(names.length, Int32Array.from(from), Int32Array.from(to), new Float64Array(from.length).fill(1));
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

/**
 * Memoised dependency lookups in one pool, for walking many buildroots. Requires come sorted by
 * their text, so explanations do not depend on the order a repo's .solv form stores them in.
 */
class DepCache {
  readonly #requires = new Map<number, number[]>();
  readonly #providers = new Map<number, Int32Array>();
  readonly #parsed = new Map<string, number>();
  readonly #text = new Map<number, string>();
  constructor(readonly pool: Pool) {}
  requires(p: number): number[] {
    let r = this.#requires.get(p);
    if (!r) this.#requires.set(p, (r = this.sorted(this.pool.solvable(p).depIds('requires'))));
    return r;
  }
  /** Dependency ids in the order of their text. */
  sorted(ids: ArrayLike<number>): number[] {
    const text = (d: number) => this.#text.get(d) ?? (this.#text.set(d, this.pool.dep2str(d)), this.#text.get(d)!);
    return Array.from(ids).sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  }
  providers(d: number): Int32Array {
    let r = this.#providers.get(d);
    if (!r) this.#providers.set(d, (r = this.pool.whatProvidesIds(d)));
    return r;
  }
  parse(text: string): number {
    let r = this.#parsed.get(text);
    if (r === undefined) this.#parsed.set(text, (r = this.pool.parseDep(text).id));
    return r;
  }
}

/**
 * Why each of `targets` is in the buildroot `installed`: breadth-first from the jobs (the
 * BuildRequires, then the group's names) along Requires, so each target gets the shortest chain's
 * last step: the dependency it satisfies and who needed it. One walker serves every buildroot of
 * a pool: its marks are stamped per walk instead of cleared (thousands of walks, 100k solvables).
 */
class BuildrootWalker {
  readonly #inRoot: Int32Array;
  readonly #reached: Int32Array;
  readonly #target: Int32Array;
  readonly #depth: Int32Array;
  readonly #groupRank: Map<number, number>;
  #stamp = 0;

  constructor(
    readonly cache: DepCache,
    readonly table: { name: Int32Array },
    groupNameIds: number[],
  ) {
    const n = table.name.length;
    this.#inRoot = new Int32Array(n);
    this.#reached = new Int32Array(n);
    this.#target = new Int32Array(n);
    this.#depth = new Int32Array(n);
    this.#groupRank = new Map();
    groupNameIds.forEach((id, k) => this.#groupRank.has(id) || this.#groupRank.set(id, k));
  }

  why(installed: Int32Array, requireIds: number[], targets: number[]): Map<number, { dep: number; origin: Origin; depth: number }> {
    const stamp = ++this.#stamp;
    const { cache, table } = this;
    const inRoot = this.#inRoot;
    const reached = this.#reached;
    const depthOf = this.#depth;
    for (const q of installed) inRoot[q] = stamp;
    for (const q of targets) this.#target[q] = stamp;
    const found = new Map<number, { dep: number; origin: Origin; depth: number }>();
    const queue: number[] = [];
    let left = targets.length;
    const reach = (q: number, dep: number, origin: Origin, depth: number) => {
      if (reached[q] === stamp) return;
      reached[q] = stamp;
      depthOf[q] = depth;
      queue.push(q);
      if (this.#target[q] === stamp) {
        found.set(q, { dep, origin, depth });
        left--;
      }
    };
    for (const d of cache.sorted(requireIds)) for (const q of cache.providers(d)) if (inRoot[q] === stamp) reach(q, d, { by: 'build-requires' }, 0);
    // The group's names in the group's order; packages of one name in buildroot order.
    const grouped: number[] = [];
    for (const q of installed) if (this.#groupRank.has(table.name[q])) grouped.push(q);
    grouped.sort((x, y) => this.#groupRank.get(table.name[x])! - this.#groupRank.get(table.name[y])!);
    for (const q of grouped) reach(q, table.name[q], { by: 'group' }, 0);
    for (let head = 0; head < queue.length && left > 0; head++) {
      const p = queue[head];
      const depth = depthOf[p] + 1;
      let origin: Origin | undefined;
      for (const d of cache.requires(p)) {
        for (const q of cache.providers(d)) {
          if (inRoot[q] !== stamp || reached[q] === stamp) continue;
          origin ??= { by: 'package', pkg: cache.pool.id2str(table.name[p]) };
          reach(q, d, origin, depth);
        }
      }
    }
    return found;
  }
}

/** Computes every target source's readiness. */
export async function computeReadiness(input: ReadinessInput, options: ReadinessOptions = {}): Promise<Readiness> {
  const t0 = performance.now();
  const { upstream: U, built: B } = input;
  if (!input.sourceRepos.length) throw new GooseError('NO_SOURCES', 'no source repository given (use --srcrepo)');
  if (!input.builtRepos.length) throw new GooseError('USAGE', 'name at least one repository of rebuilt binaries with --built');
  const weak = options.weak ?? false;
  const maxCauses = options.maxBlockerCauses ?? 5;

  const newest = newestSources(U, input.sourceRepos);
  const names = selectSources(newest, options.only);
  const built = indexBuilt(B, input.builtRepos);
  const uTable = U.solvableTable();
  const upstreamRepoIds = new Set(input.upstreamRepos.map((r) => r.id));
  const uSourceName = U.sourceNameTable();

  // 1. built, and one request per distinct (BuildRequires, BuildConflicts) of the others.
  const pkgs: PackageReadiness[] = names.map((name) => {
    const evr = U.solvable(newest.get(name)!).evr;
    const status: ReadinessStatus = built.sourceNvrs.has(sourceNvr(name, evr)) ? 'built' : 'ready';
    return { name, evr, status, blockedBy: [], missing: [], inCycle: false, explanations: [] };
  });
  const requests: BuildrootRequest[] = [];
  const requestOf = new Map<string, number>();
  const pkgRequest = new Int32Array(pkgs.length).fill(-1);
  pkgs.forEach((pkg, i) => {
    if (pkg.status === 'built') return;
    const src = U.solvable(newest.get(pkg.name)!);
    const req: BuildrootRequest = {
      requires: [...src.depIds('requires')].map((d) => U.dep2str(d)).filter((s) => !isRpmlib(s)),
      conflicts: [...src.depIds('conflicts')].map((d) => U.dep2str(d)),
    };
    const key = JSON.stringify([[...req.requires].sort(), [...req.conflicts].sort()]);
    let r = requestOf.get(key);
    if (r === undefined) {
      requestOf.set(key, (r = requests.length));
      requests.push(req);
    }
    pkgRequest[i] = r;
  });

  // 2. A job nothing built provides cannot be satisfied from the built repos.
  const bTable = B.solvableTable();
  const builtRepoIds = new Set(input.builtRepos.map((r) => r.id));
  const bCache = new DepCache(B);
  const builtProvides = (text: string) => {
    for (const p of bCache.providers(bCache.parse(text))) if (builtRepoIds.has(bTable.repo[p])) return true;
    return false;
  };
  const groupInBuilt = input.group.every((n) => built.nameIds.has(B.str2id(n, false)));
  const state = new Int8Array(requests.length); // 0 unknown, 1 ready, 2 needs upstream
  const toBuilt: number[] = [];
  requests.forEach((req, r) => {
    if (groupInBuilt && req.requires.every(builtProvides)) toBuilt.push(r);
    else state[r] = 2;
  });
  const rejected = requests.length - toBuilt.length;

  // Explanations, once per request.
  const statusOf = new Map(pkgs.map((p) => [p.name, p.status] as const));
  const uCache = new DepCache(U);
  const groupNameIds = input.group.map((n) => U.str2id(n, false)).filter((id) => id !== 0);
  const gJobs = groupJobs(U, input.group);
  let solver: ReturnType<typeof buildrootSolver> | undefined;
  const explainFailure = (req: BuildrootRequest): Explanation[] => {
    solver ??= buildrootSolver(U, weak);
    const { jobs } = buildrootJobs(U, req, gJobs);
    return solver.solve(jobs).map((p) => explainProblem(U, p, jobs));
  };
  // Strings and provider names memoised by id: thousands of buildroots share most of their packages.
  const strings = new Map<number, string>();
  const str = (id: number) => strings.get(id) ?? (strings.set(id, U.id2str(id)), strings.get(id)!);
  const srcArchIds = new Set([U.str2id('src'), U.str2id('nosrc')]);
  const providerCache = new Map<number, string[]>();
  const providersOf = (dep: number) => {
    let names = providerCache.get(dep);
    if (!names) {
      const set = new Set<string>();
      for (const q of uCache.providers(dep)) if (!srcArchIds.has(uTable.arch[q])) set.add(str(uTable.name[q]));
      providerCache.set(dep, (names = [...set].sort()));
    }
    return names;
  };
  const walker = new BuildrootWalker(uCache, uTable, groupNameIds);
  // Per upstream binary, memoised: 1 when the built repos have nothing of its name, 2 when they do.
  const nameMissing = new Uint8Array(uTable.repo.length);
  const missingByName = (p: number) => {
    if (!nameMissing[p]) nameMissing[p] = upstreamRepoIds.has(uTable.repo[p]) && !built.names.has(str(uTable.name[p])) ? 1 : 2;
    return nameMissing[p] === 1;
  };
  const blockersOf = (installed: Int32Array, requireIds: number[]) => {
    let missing = Array.from(installed).filter(missingByName);
    if (!missing.length) missing = Array.from(installed).filter((p) => upstreamRepoIds.has(uTable.repo[p]) && !built.nevrs.has(`${str(uTable.name[p])}-${str(uTable.evr[p])}`));
    const why = walker.why(installed, requireIds, missing);
    // One cause per blocking source: its binary reached by the shortest chain, then by name.
    const bySource = new Map<string, { p: number; depth: number; name: string }>();
    for (const p of missing) {
      const src = str(uSourceName[p] || uTable.name[p]);
      const name = str(uTable.name[p]);
      const depth = why.get(p)?.depth ?? Number.MAX_SAFE_INTEGER;
      const prev = bySource.get(src);
      if (!prev || depth < prev.depth || (depth === prev.depth && name < prev.name)) bySource.set(src, { p, depth, name });
    }
    const sources = [...bySource.keys()].sort();
    const chosen = [...bySource.entries()].sort((a, b) => a[1].depth - b[1].depth || (a[0] < b[0] ? -1 : 1));
    const causes: Cause[] = chosen.slice(0, maxCauses).map(([src, { p, name }]) => {
      const w = why.get(p);
      const dep = w?.dep ?? uTable.name[p];
      const st = statusOf.get(src);
      return {
        kind: 'needs-unbuilt',
        dep: U.dep2str(dep),
        origin: w?.origin ?? { by: 'build-requires' },
        providers: providersOf(dep),
        binary: name,
        blocker: src,
        blockerState: st === undefined ? (newest.has(src) ? 'not-built' : 'unknown') : st === 'built' ? 'built' : 'not-built',
      };
    });
    const explanations: Explanation[] = causes.map((c) => ({ verdict: 'blocked', causes: [c] }));
    if (chosen.length > maxCauses) explanations.push({ verdict: 'blocked', causes: [{ kind: 'more-blockers', count: chosen.length - maxCauses }] });
    if (!missing.length) explanations.push({ verdict: 'blocked', causes: [{ kind: 'built-repos-differ' }] });
    return { blockedBy: sources, missing: [...new Set(missing.map((p) => str(uTable.name[p])))].sort(), explanations };
  };

  // 3 and 4 at once. Every request is solved against upstream from the start (in a rebuild
  // nearly all need it: here only those found ready below do not), and the built repos are tried
  // meanwhile; each outcome is turned into a status and its explanation as it arrives, so this
  // thread works while the workers solve.
  type Settled = Pick<PackageReadiness, 'status' | 'blockedBy' | 'missing' | 'explanations'>;
  const perRequest = new Map<number, Settled>();
  const upstreamOutcome = new Map<number, BuildrootOutcome>();
  const settle = (r: number): void => {
    if (perRequest.has(r)) return;
    let res: Settled;
    const out = upstreamOutcome.get(r);
    if (state[r] === 1) res = { status: 'ready', blockedBy: [], missing: [], explanations: [] };
    else if (!out!.ok) res = { status: 'unresolvable', blockedBy: [], missing: [], explanations: explainFailure(requests[r]) };
    else {
      const requireIds = requests[r].requires.map((t) => uCache.parse(t));
      res = { status: 'blocked', ...blockersOf(out!.installed, requireIds) };
    }
    perRequest.set(r, res);
    upstreamOutcome.delete(r);
  };
  const upstreamRun = resolveAll(U, input.upstreamRepos, input.group, requests, {
    workers: options.workers,
    weak,
    onProgress: (d, t) => options.onProgress?.('upstream', d, t),
    onOutcome: (r, o) => {
      if (state[r] === 1) return;
      upstreamOutcome.set(r, o);
      if (state[r] === 2) settle(r);
    },
  });
  // Awaited below; this only keeps a failure while the built solves run from counting as unhandled.
  upstreamRun.catch(() => undefined);
  const bOut = await resolveAll(B, input.builtRepos, input.group, toBuilt.map((r) => requests[r]), {
    workers: options.workers,
    weak,
    onProgress: (d, t) => options.onProgress?.('built', d, t),
  });
  toBuilt.forEach((r, k) => (state[r] = bOut[k].ok ? 1 : 2));
  await upstreamRun;
  const upstreamSolves = requests.length;
  pkgs.forEach((pkg, i) => {
    const r = pkgRequest[i];
    if (r < 0) return;
    settle(r);
    const res = perRequest.get(r)!;
    Object.assign(pkg, res, { blockedBy: [...res.blockedBy], missing: [...res.missing] });
  });

  // The build group on its own.
  const groupReq: BuildrootRequest = { requires: [], conflicts: [] };
  const [gB] = await resolveAll(B, input.builtRepos, input.group, [groupReq], { workers: 1, weak });
  const group: Readiness['group'] = { names: [...input.group].sort(), ready: gB.ok, blockedBy: [], missing: [], explanations: [] };
  if (!gB.ok) {
    const [gU] = await resolveAll(U, input.upstreamRepos, input.group, [groupReq], { workers: 1, weak });
    if (gU.ok) Object.assign(group, blockersOf(gU.installed, []));
    else group.explanations = explainFailure(groupReq);
  }
  solver?.free();

  // The blocked-by graph.
  const statuses = new Map(pkgs.map((p) => [p.name, p.status] as const));
  const edges = new Map(pkgs.filter((p) => p.status === 'blocked').map((p) => [p.name, p.blockedBy] as const));
  const { rootCauses, cycles, inCycle } = analyseBlockers(statuses, edges);
  for (const p of pkgs) p.inCycle = inCycle.has(p.name);

  const count = (s: ReadinessStatus) => pkgs.filter((p) => p.status === s).length;
  const total = pkgs.length;
  const pct = (n: number) => (total ? Math.round((1000 * n) / total) / 10 : 0);
  const summary: ReadinessSummary = {
    total,
    built: count('built'),
    ready: count('ready'),
    blocked: count('blocked'),
    unresolvable: count('unresolvable'),
    inCycle: pkgs.filter((p) => p.inCycle).length,
    percentBuilt: pct(count('built')),
    percentReady: pct(count('ready')),
  };
  return {
    packages: pkgs,
    summary,
    rootCauses,
    nextWave: pkgs.filter((p) => p.status === 'ready').map((p) => p.name),
    cycles,
    group,
    stats: { requests: requests.length, rejectedWithoutSolve: rejected, builtSolves: toBuilt.length, upstreamSolves, seconds: (performance.now() - t0) / 1000 },
  };
}
