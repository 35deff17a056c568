/** The source packages of a pool: the newest version of each name in the source repos. */
import { GooseError } from '../errors.js';
import type { Pool, Repo, SolvableTable } from '../solv/index.js';

/** Solvable id of the newest `src`/`nosrc` package of each name in `sourceRepos`. */
export function newestSources(pool: Pool, sourceRepos: readonly Repo[], table: SolvableTable = pool.solvableTable()): Map<string, number> {
  const repoIds = new Set(sourceRepos.map((r) => r.id));
  const srcArch = pool.str2id('src');
  const nosrcArch = pool.str2id('nosrc');
  const newest = new Map<string, number>();
  for (let p = 2; p < table.repo.length; p++) {
    if (!repoIds.has(table.repo[p])) continue;
    if (table.arch[p] !== srcArch && table.arch[p] !== nosrcArch) continue;
    const name = pool.id2str(table.name[p]);
    const prev = newest.get(name);
    if (prev === undefined || pool.evrcmp(pool.id2str(table.evr[p]), pool.id2str(table.evr[prev])) > 0) newest.set(name, p);
  }
  return newest;
}

/** The names of `newest` to work on, sorted: all, or `only` (UNKNOWN_SOURCE names any that are missing). */
export function selectSources(newest: Map<string, number>, only?: readonly string[]): string[] {
  const names = [...newest.keys()].sort();
  if (!only) return names;
  const missing = only.filter((n) => !newest.has(n));
  if (missing.length) throw new GooseError('UNKNOWN_SOURCE', `no source package named ${missing.map((n) => `'${n}'`).join(', ')} in the source repositories`);
  const wanted = new Set(only);
  return names.filter((n) => wanted.has(n));
}
