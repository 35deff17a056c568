/**
 * A cache of finishPool's check for unresolved file dependencies (does some file dependency have
 * no provider among the primary file lists, so that filelists must be loaded?). The check needs
 * the file provides added and a provides index built first; with its answer cached, a run over
 * unchanged repositories builds the index once, after the exclusions, instead of twice. The
 * answer depends only on the pool's architecture and the repositories' contents, so it is keyed
 * by the repos' content keys (repomd.xml checksums) in pool order.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from '../solv/index.js';
import { atomicWrite } from './cache.js';
import { repoContentKey } from './content-key.js';

// Bump when the check's meaning changes.
const FILEDEPS_CACHE_VERSION = 'goose-filedeps-1';

/**
 * Where the check's answer for `pool` as it stands is kept under `cacheDir`; undefined when it
 * cannot be keyed: a repo without a content key (.rpm files), or packages already hidden (the
 * hidden ones are left out of the provides index the check reads).
 */
export function fileDepCheckPath(cacheDir: string, pool: Pool): string | undefined {
  if (pool.excluded.length) return undefined;
  const keys: string[] = [];
  for (const repo of pool.repos) {
    const key = repoContentKey(repo);
    if (key === undefined) return undefined;
    keys.push(key);
  }
  const hash = createHash('sha256').update([FILEDEPS_CACHE_VERSION, pool.arch, ...keys].join('\0')).digest('hex');
  return join(cacheDir, 'solv', `filedeps-${hash.slice(0, 32)}`);
}

/** The cached answer at `path`: true when some file dependency was unresolved; undefined when absent or unreadable. */
export async function readFileDepCheck(path: string): Promise<boolean | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === 'unresolved\n' ? true : text === 'resolved\n' ? false : undefined;
}

/** Stores the check's answer at `path`; a cache that cannot be written is only slower. */
export async function writeFileDepCheck(path: string, unresolved: boolean): Promise<void> {
  await atomicWrite(path, new TextEncoder().encode(unresolved ? 'unresolved\n' : 'resolved\n')).catch(() => undefined);
}
