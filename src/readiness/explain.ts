/**
 * Why a package is blocked or unresolvable, as data: the upstream buildroot's binaries the built
 * repos lack, mapped to their sources and to the dependency that pulled each in; or the solver's
 * problems, structured. Computed once per request, in this thread, while workers go on solving.
 */
import type { Pool, SolvableTable } from '../solv/index.js';
import { explainProblem, type Cause, type Explanation } from '../explain/index.js';
import { BuildrootResolver, type BuildrootRequest } from '../buildroots/index.js';
import type { BuiltIndex } from './built.js';
import type { PackageReadiness, ReadinessInput, ReadinessStatus } from './types.js';
import { BuildrootWalker, DepCache } from './walker.js';

/** A blocked package's part of its readiness. */
export type Blockers = Pick<PackageReadiness, 'blockedBy' | 'missing' | 'explanations'>;

/** Explanations over the upstream pool, with the lookups they repeat memoised by id. */
export class ReadinessExplainer {
  readonly #U: Pool;
  readonly #table: SolvableTable;
  readonly #sourceName: Int32Array;
  readonly #upstreamRepoIds: Set<number>;
  readonly #built: BuiltIndex;
  readonly #newest: ReadonlyMap<string, number>;
  readonly #statusOf: ReadonlyMap<string, ReadinessStatus>;
  readonly #maxCauses: number;
  readonly #cache: DepCache;
  readonly #walker: BuildrootWalker;
  readonly #resolver: BuildrootResolver;
  readonly #strings = new Map<number, string>();
  readonly #srcArchIds: Set<number>;
  readonly #providerNames = new Map<number, string[]>();
  /** Per upstream binary: 1 when the built repos have nothing of its name, 2 when they do. */
  readonly #nameMissing: Uint8Array;
  /** Stamps per string id, to take each name once per explanation. */
  #seen: Int32Array = new Int32Array(1 << 16);
  #stamp = 0;

  /** `statusOf`: built or not, by source name (for each blocker's state). */
  constructor(input: ReadinessInput, built: BuiltIndex, newest: ReadonlyMap<string, number>, statusOf: ReadonlyMap<string, ReadinessStatus>, options: { weak: boolean; maxCauses: number }) {
    const U = (this.#U = input.upstream);
    this.#table = U.solvableTable();
    this.#sourceName = U.sourceNameTable();
    this.#upstreamRepoIds = new Set(input.upstreamRepos.map((r) => r.id));
    this.#built = built;
    this.#newest = newest;
    this.#statusOf = statusOf;
    this.#maxCauses = options.maxCauses;
    this.#cache = new DepCache(U);
    const groupNameIds = input.group.map((n) => U.str2id(n, false)).filter((id) => id !== 0);
    this.#walker = new BuildrootWalker(this.#cache, this.#table, groupNameIds);
    this.#resolver = new BuildrootResolver(U, input.group, options.weak);
    this.#srcArchIds = new Set([U.str2id('src'), U.str2id('nosrc')]);
    this.#nameMissing = new Uint8Array(this.#table.repo.length);
  }

  /** Why `req` cannot be installed even from upstream: the solver's problems, explained. */
  failure(req: BuildrootRequest): Explanation[] {
    const { problems, jobs } = this.#resolver.problems(req);
    return problems.map((p) => explainProblem(this.#U, p, jobs));
  }

  /** The ids of a request's BuildRequires in the upstream pool. */
  requireIds(req: BuildrootRequest): number[] {
    return req.requires.map((t) => this.#cache.parse(t));
  }

  /**
   * The sources and names of upstream buildroot `installed`'s binaries missing by name (what
   * {@link ReadinessExplainer.blockers} gives when some binary is missing by name), without the
   * walk that explains them: blockedBy and missing, sorted; both empty when none is.
   */
  missingByName(installed: Int32Array): Pick<Blockers, 'blockedBy' | 'missing'> {
    const t = this.#table;
    const missing: number[] = [];
    for (let k = 0; k < installed.length; k++) if (this.#missingByName(installed[k])) missing.push(installed[k]);
    const sources = this.#onceEach(missing.map((p) => this.#sourceName[p] || t.name[p]));
    return { blockedBy: sources.map((id) => this.#str(id)).sort(), missing: this.#onceEach(missing.map((p) => t.name[p])).map((id) => this.#str(id)).sort() };
  }

  /** What blocks upstream buildroot `installed` (jobs `requireIds` and the group) in the built repos. */
  blockers(installed: Int32Array, requireIds: number[]): Blockers {
    const t = this.#table;
    const str = (id: number) => this.#str(id);
    let missing: number[] = [];
    for (let k = 0; k < installed.length; k++) if (this.#missingByName(installed[k])) missing.push(installed[k]);
    if (!missing.length) missing = Array.from(installed).filter((p) => this.#upstreamRepoIds.has(t.repo[p]) && !this.#built.nevrs.has(`${str(t.name[p])}-${str(t.evr[p])}`));
    // Only the first maxCauses blocking sources, by depth, are told: the walk stops once they are known.
    const why = this.#walker.why(installed, requireIds, missing, { count: this.#maxCauses, groupOf: (p) => this.#sourceName[p] || t.name[p] });
    // One cause per blocking source (keyed by its name's string id): its binary reached by the shortest chain, then by name.
    const bySource = new Map<number, { src: string; p: number; depth: number; name: string }>();
    for (const p of missing) {
      const srcId = this.#sourceName[p] || t.name[p];
      const name = str(t.name[p]);
      const depth = why.get(p)?.depth ?? Number.MAX_SAFE_INTEGER;
      const prev = bySource.get(srcId);
      if (!prev || depth < prev.depth || (depth === prev.depth && name < prev.name)) bySource.set(srcId, { src: prev?.src ?? str(srcId), p, depth, name });
    }
    const chosen = [...bySource.values()].sort((a, b) => a.depth - b.depth || (a.src < b.src ? -1 : 1));
    const max = this.#maxCauses;
    const causes: Cause[] = chosen.slice(0, max).map(({ src, p, name }) => {
      const w = why.get(p);
      const dep = w?.dep ?? t.name[p];
      return { kind: 'needs-unbuilt', dep: this.#U.dep2str(dep), origin: w?.origin ?? { by: 'build-requires' }, providers: this.#providersOf(dep), binary: name, blocker: src, blockerState: this.#blockerState(src) };
    });
    const explanations: Explanation[] = causes.map((c) => ({ verdict: 'blocked', causes: [c] }));
    if (chosen.length > max) explanations.push({ verdict: 'blocked', causes: [{ kind: 'more-blockers', count: chosen.length - max }] });
    if (!missing.length) explanations.push({ verdict: 'blocked', causes: [{ kind: 'built-repos-differ' }] });
    return { blockedBy: chosen.map((c) => c.src).sort(), missing: this.#onceEach(missing.map((p) => t.name[p])).map(str).sort(), explanations };
  }

  /** Frees the explanation solver. */
  free(): void {
    this.#resolver.free();
  }

  /** `ids` (string ids) without repeats. */
  #onceEach(ids: number[]): number[] {
    const stamp = ++this.#stamp;
    for (const id of ids) if (id >= this.#seen.length) this.#seen = grownTo(this.#seen, id);
    return ids.filter((id) => this.#seen[id] !== stamp && (this.#seen[id] = stamp) > 0);
  }

  #blockerState(src: string): 'built' | 'not-built' | 'unknown' {
    const st = this.#statusOf.get(src);
    return st === undefined ? (this.#newest.has(src) ? 'not-built' : 'unknown') : st === 'built' ? 'built' : 'not-built';
  }

  // Strings and provider names memoised by id: thousands of buildroots share most of their packages.
  #str(id: number): string {
    return this.#strings.get(id) ?? (this.#strings.set(id, this.#U.id2str(id)), this.#strings.get(id)!);
  }

  #providersOf(dep: number): string[] {
    let names = this.#providerNames.get(dep);
    if (!names) {
      const set = new Set<string>();
      for (const q of this.#cache.providers(dep)) if (!this.#srcArchIds.has(this.#table.arch[q])) set.add(this.#str(this.#table.name[q]));
      this.#providerNames.set(dep, (names = [...set].sort()));
    }
    return names;
  }

  #missingByName(p: number): boolean {
    const t = this.#table;
    if (!this.#nameMissing[p]) this.#nameMissing[p] = this.#upstreamRepoIds.has(t.repo[p]) && !this.#built.names.has(this.#str(t.name[p])) ? 1 : 2;
    return this.#nameMissing[p] === 1;
  }
}

/** `a` copied into an array that holds index `i`. */
function grownTo(a: Int32Array, i: number): Int32Array {
  const b = new Int32Array(Math.max(i + 1, 2 * a.length));
  b.set(a);
  return b;
}
