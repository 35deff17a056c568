/**
 * What a buildroot solve is asked: the one rule for which version of a source is built (the
 * newest, as dnf picks) and the one way to turn that source into a request. Every feature (order,
 * buildroot, readiness, why, testcase) builds its requests here, so the same source is solved the
 * same way everywhere.
 */
import { GooseError } from '../errors.js';
import type { Pool, Repo, SolvableTable } from '../solv/index.js';

/**
 * One buildroot to resolve, as dependency texts (so it can cross to a worker's pool). Canonical
 * when it comes from {@link buildrootRequest}: each list sorted and without repeats, the order the
 * solver gets the jobs in.
 */
export interface BuildrootRequest {
  /** BuildRequires (rpmlib() ones dropped). */
  requires: string[];
  /** BuildConflicts. */
  conflicts: string[];
}

/** The build group alone: a request with no BuildRequires and no BuildConflicts. */
export const GROUP_REQUEST: Readonly<BuildrootRequest> = Object.freeze({ requires: [], conflicts: [] });

const isRpmlib = (s: string) => s.startsWith('rpmlib(');
const canonical = (texts: readonly string[]) => [...new Set(texts)].sort();
/** A request from a source's BuildRequires and BuildConflicts texts: the one rule of what a request is. */
const requestOf = (requires: readonly string[], conflicts: readonly string[]): BuildrootRequest => ({ requires: canonical(requires.filter((d) => !isRpmlib(d))), conflicts: canonical(conflicts) });

/**
 * The buildroot request of source solvable `source`: its BuildRequires without the rpmlib() ones,
 * and its BuildConflicts, each sorted and de-duplicated. Job order can steer the solver where
 * choices interact, so one canonical order makes one answer per source, whichever feature asks.
 */
export function buildrootRequest(pool: Pool, source: number): BuildrootRequest {
  const s = pool.solvable(source);
  return requestOf(s.deps('requires'), s.deps('conflicts'));
}

/**
 * {@link buildrootRequest} of every solvable of `sources`, with two transfers across the wasm
 * boundary for all their lists (Pool.depIdsMany) and each distinct dependency's text looked up
 * once: a distribution's 34k sources share most of their BuildRequires.
 */
export function buildrootRequests(pool: Pool, sources: readonly number[]): BuildrootRequest[] {
  const text = new Map<number, string>();
  const textOf = (d: number) => text.get(d) ?? (text.set(d, pool.dep2str(d)), text.get(d)!);
  const req = pool.depIdsMany(sources, 'requires');
  const con = pool.depIdsMany(sources, 'conflicts');
  const texts = (lists: { starts: Int32Array; ids: Int32Array }, k: number) => Array.from(lists.ids.subarray(lists.starts[k], lists.starts[k + 1]), textOf);
  return sources.map((_, k) => requestOf(texts(req, k), texts(con, k)));
}

/** The key of a request: equal keys, equal solves (the request's canonical form, serialised). */
export function requestKey(req: BuildrootRequest): string {
  return JSON.stringify([req.requires, req.conflicts]);
}

/**
 * Distinct requests: sources with the same BuildRequires and BuildConflicts share one solve
 * (about a quarter of a distribution's sources share theirs with another).
 */
export class RequestSet {
  /** The distinct requests, in the order first added. */
  readonly requests: BuildrootRequest[] = [];
  readonly #index = new Map<string, number>();

  /** Adds `req` (when new) and returns its index in {@link RequestSet.requests}. */
  add(req: BuildrootRequest): number {
    const key = requestKey(req);
    let i = this.#index.get(key);
    if (i === undefined) {
      this.#index.set(key, (i = this.requests.length));
      this.requests.push(req);
    }
    return i;
  }
}

/**
 * Solvable id of the newest `src`/`nosrc` package of each name in `sourceRepos` (the version dnf
 * would pick; of equal versions, the first met). The map's order is the pool's.
 */
export function newestSources(pool: Pool, sourceRepos: readonly Repo[], table: SolvableTable = pool.solvableTable()): Map<string, number> {
  const repoIds = new Set(sourceRepos.map((r) => r.id));
  const srcArch = pool.str2id('src');
  const nosrcArch = pool.str2id('nosrc');
  const newest = new Map<string, number>();
  const ids: number[] = [];
  for (let p = 2; p < table.repo.length; p++) if (repoIds.has(table.repo[p]) && (table.arch[p] === srcArch || table.arch[p] === nosrcArch)) ids.push(p);
  // Every name in one transfer, not one call per source.
  const names = pool.id2strMany(ids.map((p) => table.name[p]));
  for (let k = 0; k < ids.length; k++) {
    const p = ids[k];
    const name = names[k];
    const prev = newest.get(name);
    if (prev === undefined || pool.evrcmp(pool.id2str(table.evr[p]), pool.id2str(table.evr[prev])) > 0) newest.set(name, p);
  }
  return newest;
}

/** The names of `newest` to work on, sorted: all, or `only` (UNKNOWN_SOURCE names any that are missing). */
export function selectSources(newest: ReadonlyMap<string, number>, only?: readonly string[]): string[] {
  const names = [...newest.keys()].sort();
  if (!only) return names;
  const missing = only.filter((n) => !newest.has(n));
  if (missing.length) throw new GooseError('UNKNOWN_SOURCE', `no source package named ${missing.map((n) => `'${n}'`).join(', ')} in the source repositories`);
  const wanted = new Set(only);
  return names.filter((n) => wanted.has(n));
}
