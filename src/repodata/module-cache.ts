/**
 * A cache of module filtering beside the .solv cache: parsing modules.yaml (yaml, every stream
 * document) and matching its NEVRAs against the repo cost more than loading the .solv itself, and
 * neither changes while repomd.xml does not. The entry is keyed by the .solv cache file (itself
 * keyed by repomd.xml's checksum) and by the `--enable-module` list, and holds the filter and the
 * excluded packages as offsets from the repo's first solvable (the .solv loads them in file order).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { atomicWrite } from './cache.js';
import type { ModuleFilter } from './modules.js';

// Bump when the entry's shape or the filter's meaning changes.
const MODULE_CACHE_VERSION = 'goose-modules-1';

/** One cached module filtering of one repo. */
export interface ModuleCacheEntry {
  /** The filter moduleFilter computed. */
  filter: ModuleFilter;
  /** The repo's solvable count when the entry was written (a cheap check that it is the same repo). */
  nsolvables: number;
  /** The excluded packages, as offsets from the repo's first solvable id, ascending. */
  excludedOffsets: number[];
}

/** Where the module filtering of the repo cached in `solvCacheFile` under `enable` is kept. */
export function moduleCachePath(solvCacheFile: string, enable: readonly string[]): string {
  // Order matters to moduleFilter (a later NAME:STREAM wins), so the list is keyed as given.
  const key = createHash('sha256').update(`${MODULE_CACHE_VERSION}\0${enable.join('\0')}`).digest('hex').slice(0, 16);
  return `${solvCacheFile}.modules-${key}.json`;
}

function isEntry(x: unknown): x is ModuleCacheEntry {
  const e = x as ModuleCacheEntry;
  const strings = (a: unknown) => Array.isArray(a) && a.every((s) => typeof s === 'string');
  return (
    typeof e === 'object' && e !== null && Number.isInteger(e.nsolvables) &&
    Array.isArray(e.excludedOffsets) && e.excludedOffsets.every((n) => Number.isInteger(n) && n >= 0 && n < e.nsolvables) &&
    typeof e.filter === 'object' && e.filter !== null &&
    strings(e.filter.active) && strings(e.filter.excluded) && strings(e.filter.maskedNames) && strings(e.filter.modular)
  );
}

/** The cached entry at `path`, or undefined when absent, unreadable or not for a repo of `nsolvables` packages. */
export async function readModuleCache(path: string, nsolvables: number): Promise<ModuleCacheEntry | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // damaged: computed again and rewritten
  }
  return isEntry(parsed) && parsed.nsolvables === nsolvables ? parsed : undefined;
}

/** Writes `entry` to `path`; a cache that cannot be written is not an error (the next run computes it again). */
export async function writeModuleCache(path: string, entry: ModuleCacheEntry): Promise<void> {
  await atomicWrite(path, new TextEncoder().encode(JSON.stringify(entry))).catch(() => undefined);
}
