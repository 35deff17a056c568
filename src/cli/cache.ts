/** `goose-deps cache clean [--older-than DAYS]`: empty the download and .solv cache (only what goose-deps wrote there). */
import { cleanCache } from '../repodata/cache-clean.js';
import { defaultCacheDir } from '../repodata/cache.js';
import type { CliIo } from './io.js';
import type { RepoAccess } from './repo-access.js';
import { EXIT_OK } from './exit.js';

/** Flags of the cache command. */
export interface CacheArgs {
  /** What to do: `clean`. */
  action: 'clean';
  /** Keep files written in the last DAYS days. */
  olderThan?: number;
  /** Machine-readable output. */
  json: boolean;
  /** --cache-dir and the other access flags. */
  access?: RepoAccess;
}

/** Cleans the cache and says what went. */
export async function cacheCommand(args: CacheArgs, io: CliIo): Promise<number> {
  const dir = args.access?.cacheDir ?? defaultCacheDir();
  const r = await cleanCache(dir, { olderThanDays: args.olderThan });
  if (args.json) io.stdout(JSON.stringify({ cacheDir: dir, ...r }, null, 2) + '\n');
  else {
    const foreign = r.foreign ? `; left ${r.foreign} entr${r.foreign === 1 ? 'y' : 'ies'} goose-deps did not write` : '';
    io.stdout(`Removed ${r.removed} file${r.removed === 1 ? '' : 's'} (${(r.bytes / 1e6).toFixed(1)} MB) from ${dir}${r.kept ? `; kept ${r.kept} newer than ${args.olderThan} days` : ''}${foreign}.\n`);
  }
  return EXIT_OK;
}
