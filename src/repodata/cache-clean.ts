/**
 * Cleaning the download and .solv cache (`goose-deps cache clean`): every file, or those not
 * written for `olderThanDays` days; empty folders go too. Only what goose-deps writes is touched:
 * the folders of its own layout (`solv/`, `buildroots/`, one `<readable url>-<16 hex digits>`
 * folder per repository, see cache.ts) and, inside them, files with the names it gives. Anything
 * else is left and counted as `foreign`; a folder with entries but none of goose-deps' own, the
 * root folder and the home folder are refused with `CACHE_DIR_NOT_OURS` before anything is removed.
 * Symbolic links are removed, never followed.
 */
import { lstat, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, parse, resolve } from 'node:path';
import { GooseError } from '../errors.js';

/** Options of {@link cleanCache}. */
export interface CacheCleanOptions {
  /** Remove only files last written more than this many days ago (default: every file). */
  olderThanDays?: number;
  /** The present, in milliseconds since the epoch (default: now). */
  now?: number;
}

/** What a clean removed and kept. */
export interface CacheCleanResult {
  /** Files removed. */
  removed: number;
  /** Their size in bytes. */
  bytes: number;
  /** Files kept (newer than the limit). */
  kept: number;
  /** Entries left alone because goose-deps does not write them (files or folders, each counted once). */
  foreign: number;
}

/**
 * Top-level folders of the cache that goose-deps makes besides the repository folders: the .solv
 * cache, the buildroot store (src/buildroots/store.ts), the graph store (src/order/graph-store.ts)
 * and its shortcuts (src/cli/graph-shortcut.ts), readiness's kept results (src/readiness/kept-file.ts).
 * A new store must be named here, or `cache clean` counts it as someone else's and leaves it
 * (test/cli/cache.test.ts fills every store and checks).
 */
const OWN_FOLDERS = new Set(['solv', 'buildroots', 'graphs', 'graph-shortcuts', 'readiness']);
/** A repository folder: repoCacheKey's sanitised URL (up to 80 characters) and 16 hex digits of its sha256. */
const REPO_FOLDER = /^[A-Za-z0-9-][A-Za-z0-9._-]{0,79}-[0-9a-f]{16}$/;
/** A name goose-deps gives a file or folder inside its own folders (sanitised: no spaces, no leading dot). */
const OWN_NAME = /^[A-Za-z0-9-][A-Za-z0-9._-]*$/;

/** True for a top-level entry of goose-deps' cache layout (a folder named as goose-deps names them). */
export function isCacheFolderName(name: string): boolean {
  return OWN_FOLDERS.has(name) || REPO_FOLDER.test(name);
}

/** Refuses folders no cache clean may empty: the root, the home folder, or a folder of which none of the entries is goose-deps'. */
async function checkCacheDir(cacheDir: string, entries: { name: string; isDirectory(): boolean }[]): Promise<void> {
  const real = await realpath(cacheDir).catch(() => resolve(cacheDir));
  const refuse = (why: string) => new GooseError('CACHE_DIR_NOT_OURS', `refusing to clean ${cacheDir}: ${why}; nothing was removed`, { file: cacheDir });
  if (real === parse(real).root) throw refuse('it is the root folder');
  const home = await realpath(homedir()).catch(() => resolve(homedir()));
  if (real === home) throw refuse('it is the home folder');
  if (entries.length && !entries.some((e) => e.isDirectory() && isCacheFolderName(e.name))) throw refuse('it is not a goose-deps cache (none of its entries is one goose-deps writes)');
}

/**
 * Removes cache files under `cacheDir` (see {@link CacheCleanOptions}); a missing folder is an
 * empty cache. Throws `CACHE_DIR_NOT_OURS` for a folder goose-deps did not make.
 */
export async function cleanCache(cacheDir: string, options: CacheCleanOptions = {}): Promise<CacheCleanResult> {
  const limit = options.olderThanDays === undefined ? undefined : (options.now ?? Date.now()) - options.olderThanDays * 86_400_000;
  const result: CacheCleanResult = { removed: 0, bytes: 0, kept: 0, foreign: 0 };
  const top = await readdir(cacheDir, { withFileTypes: true }).catch(() => undefined);
  if (!top) return result;
  await checkCacheDir(cacheDir, top);
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // Removes what goose-deps wrote under `dir` (one of its own folders); true when it is left empty.
  const walk = async (dir: string): Promise<boolean> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (!entries) return false;
    let empty = true;
    for (const e of entries.sort(byName)) {
      const path = join(dir, e.name);
      if (!OWN_NAME.test(e.name)) {
        result.foreign++;
        empty = false;
        continue;
      }
      if (e.isDirectory()) {
        if (await walk(path)) await rmdir(path).catch(() => undefined);
        else empty = false;
        continue;
      }
      const st = await lstat(path).catch(() => undefined);
      if (!st) continue;
      if (limit !== undefined && st.mtimeMs >= limit) {
        result.kept++;
        empty = false;
        continue;
      }
      await rm(path, { force: true });
      result.removed++;
      result.bytes += st.isFile() ? st.size : 0;
    }
    return empty;
  };
  for (const e of top.sort(byName)) {
    const path = join(cacheDir, e.name);
    if (!e.isDirectory() || !isCacheFolderName(e.name)) result.foreign++;
    else if (await walk(path)) await rmdir(path).catch(() => undefined);
  }
  return result;
}
