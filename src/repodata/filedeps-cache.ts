/**
 * A cache of what finishPool works out about file dependencies, so a run over unchanged
 * repositories does neither again:
 * - the check for unresolved file dependencies (does some file dependency have no provider among
 *   the primary file lists, so that filelists must be loaded?), which needs the file provides
 *   added and a provides index built first;
 * - the file provides pool_addfileprovides added to each repo's solvables, whose search through
 *   every file list was most of a cached `query`'s libsolv time on AppStream (dnf keeps them in
 *   its .solv files for the same reason). They are stored as strings per solvable offset and
 *   added back in their order, so the pool is the one addFileProvides makes.
 * Both depend only on the pool's architecture, the repositories' contents (their order
 * included: each repo's solvables are searched for every repo's file dependencies) and the
 * filelists mode, so the entry is keyed by those: the repos' content keys (repomd.xml checksums)
 * in pool order, taken before any filelists are loaded.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool, Repo } from '../solv/index.js';
import { atomicWrite } from './cache.js';
import { repoContentKey } from './content-key.js';

// Bump when the entry's shape or meaning changes. 2: the file provides beside the check's answer.
const FILEDEPS_CACHE_VERSION = 'goose-filedeps-2';

/** What finishPool found out about a pool's file dependencies. */
export interface FileDepsEntry {
  /** The check's answer: true when some file dependency had no provider among the primary file lists; undefined when it was not asked. */
  unresolved?: boolean;
  /** Per repo, in pool order: its solvable count, and its added file provides as {@link Repo.addedFileProvides} lists them, each id an index into `strings`. */
  repos: { nsolvables: number; list: number[] }[];
  /** The file provides' strings. */
  strings: string[];
}

/**
 * Where the entry for `pool` as it stands (before filelists are loaded) is kept under
 * `cacheDir`; undefined when it cannot be keyed: a repo without a content key (.rpm files), or
 * packages already hidden (the hidden ones are left out of the provides index the check reads).
 */
export function fileDepCheckPath(cacheDir: string, pool: Pool, filelists: string): string | undefined {
  if (pool.excluded.length) return undefined;
  const keys: string[] = [];
  for (const repo of pool.repos) {
    const key = repoContentKey(repo);
    if (key === undefined) return undefined;
    keys.push(key);
  }
  const hash = createHash('sha256').update([FILEDEPS_CACHE_VERSION, pool.arch, filelists, ...keys].join('\0')).digest('hex');
  return join(cacheDir, 'solv', `filedeps-${hash.slice(0, 32)}`);
}

function isEntry(x: unknown): x is FileDepsEntry {
  const e = x as FileDepsEntry;
  const ints = (a: unknown) => Array.isArray(a) && a.every((n) => Number.isInteger(n) && n >= 0);
  return (
    typeof e === 'object' && e !== null && (e.unresolved === undefined || typeof e.unresolved === 'boolean') &&
    Array.isArray(e.strings) && e.strings.every((s) => typeof s === 'string') &&
    Array.isArray(e.repos) && e.repos.every((r) => typeof r === 'object' && r !== null && Number.isInteger(r.nsolvables) && ints(r.list))
  );
}

/** The entry at `path`; undefined when absent, unreadable or not an entry of this version. */
export async function readFileDepCheck(path: string): Promise<FileDepsEntry | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isEntry(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `entry` at `path`; a cache that cannot be written is only slower. */
export async function writeFileDepCheck(path: string, entry: FileDepsEntry): Promise<void> {
  await atomicWrite(path, new TextEncoder().encode(`${JSON.stringify(entry)}\n`)).catch(() => undefined);
}

/** The file provides added to every repo of `pool` (after addFileProvides), as an entry stores them. */
export function captureFileProvides(pool: Pool): Pick<FileDepsEntry, 'repos' | 'strings'> {
  const lists = pool.repos.map((repo) => ({ repo, list: repo.addedFileProvides() }));
  // Each distinct id once in `strings`, in first-seen order.
  const index = new Map<number, number>();
  const ids: number[] = [];
  const repos = lists.map(({ repo, list }) => {
    const out = Array.from(list);
    for (let i = 0; i < out.length; i += 2 + out[i + 1]) {
      for (let k = i + 2; k < i + 2 + out[i + 1]; k++) {
        let at = index.get(out[k]);
        if (at === undefined) index.set(out[k], (at = ids.push(out[k]) - 1));
        out[k] = at;
      }
    }
    return { nsolvables: repo.nsolvables, list: out };
  });
  return { repos, strings: pool.id2strMany(ids) };
}

/**
 * Adds the file provides of `entry` back to `pool` instead of addFileProvides; false when the
 * entry does not fit the pool (another repo count or size, a string the pool lacks, an offset
 * past a repo) or the pool cannot take them: then call addFileProvides (see
 * {@link Pool.restoreFileProvides}). The pool must hold the same repos, loaded from the same
 * data, as when the entry was made.
 */
export function restoreFileProvides(pool: Pool, entry: FileDepsEntry): boolean {
  const repos = pool.repos;
  if (repos.length !== entry.repos.length || repos.some((r, k) => r.nsolvables !== entry.repos[k].nsolvables)) return false;
  const ids = entry.strings.map((s) => pool.str2id(s, false));
  if (ids.some((id) => id === 0)) return false;
  const lists = new Map<Repo, Int32Array>();
  for (const [k, repo] of repos.entries()) {
    const list = Int32Array.from(entry.repos[k].list);
    for (let i = 0; i + 1 < list.length; i += 2 + list[i + 1]) {
      for (let j = i + 2; j < i + 2 + list[i + 1] && j < list.length; j++) {
        if (list[j] >= ids.length) return false;
        list[j] = ids[list[j]];
      }
    }
    if (list.length) lists.set(repo, list);
  }
  return pool.restoreFileProvides(lists);
}
