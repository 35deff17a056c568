/**
 * Cleaning the download and .solv cache (`goose-deps cache clean`): every file, or those not
 * written for `olderThanDays` days; empty folders go too. Only regular files inside the cache
 * folder are touched (symbolic links are removed, never followed).
 */
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

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
}

/** Removes cache files under `cacheDir` (see {@link CacheCleanOptions}); a missing folder is an empty cache. */
export async function cleanCache(cacheDir: string, options: CacheCleanOptions = {}): Promise<CacheCleanResult> {
  const limit = options.olderThanDays === undefined ? undefined : (options.now ?? Date.now()) - options.olderThanDays * 86_400_000;
  const result: CacheCleanResult = { removed: 0, bytes: 0, kept: 0 };
  const walk = async (dir: string): Promise<boolean> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (!entries) return false;
    let empty = true;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
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
  await walk(cacheDir);
  return result;
}
