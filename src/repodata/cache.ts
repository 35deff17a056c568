/**
 * The download cache, `$XDG_CACHE_HOME/goose-deps` (default `~/.cache/goose-deps`).
 *
 * Layout: `<cache>/<repo key>/<checksum>-<file name>`. The repo key is a readable, sanitised form
 * of the repository URL plus a hash of the whole URL; the file part comes from the expected checksum
 * and the sanitised base name, so no `location href` can place a file outside the cache. Writes go
 * to a temporary file in the same directory and are renamed into place: readers, including another
 * goose-deps process sharing the cache, see a complete file or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import { GooseError } from '../errors.js';
import { checksumMatches } from './checksum.js';
import type { Checksum } from './repomd.js';

/** The cache folder: `$XDG_CACHE_HOME/goose-deps`, else `~/.cache/goose-deps`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return resolve(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'goose-deps');
}

/** Keep only characters that are safe in one path component on every file system. */
function sanitize(s: string, max: number): string {
  const clean = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, max);
  return clean || 'x';
}

/** Directory name for a repository URL: readable prefix plus 16 hex digits of its sha256. */
export function repoCacheKey(url: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const readable = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[?#].*$/, '');
  return `${sanitize(readable, 80)}-${hash}`;
}

/**
 * Path of a cached file: `<cacheDir>/<repo key>/<checksum value>-<base name>` (the base name alone
 * when it already starts with the checksum, or when there is no checksum). Always inside `cacheDir`.
 */
export function cachePath(cacheDir: string, repoUrl: string, relativePath: string, checksum?: Checksum): string {
  const name = sanitize(basename(relativePath), 120);
  const sum = checksum ? sanitize(checksum.value, 128) : '';
  // createrepo names files `<checksum>-<name>` already; do not repeat the checksum.
  const file = !checksum || name.startsWith(`${sum}-`) ? name : `${sum}-${name}`;
  const root = resolve(cacheDir);
  const p = resolve(root, repoCacheKey(repoUrl), file);
  if (!p.startsWith(root + sep)) throw new GooseError('CACHE_PATH_UNSAFE', `refusing to write outside the cache: ${p}`, { file: relativePath });
  return p;
}

/** Write `bytes` to `path` atomically: a temporary file in the same folder, then a rename. */
export async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new GooseError('CACHE_WRITE_FAILED', `cannot write the cache file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
}

/** The cached bytes at `path` when present and (if given) matching `checksum`; otherwise undefined. */
export async function readCached(path: string, checksum?: Checksum): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  if (checksum && !checksumMatches(bytes, checksum, path)) return undefined; // damaged or stale: fetch again
  return bytes;
}
