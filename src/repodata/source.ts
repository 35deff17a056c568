/**
 * Where repositories come from. A user names a repository as a folder, a `file://` or `http(s)://`
 * base URL, or a dnf `.repo` file; {@link resolveRepoSource} turns that into {@link RepoDescriptor}s,
 * and {@link fetchRepomd} / {@link fetchRepoFile} read the metadata: local files in place, remote
 * ones through mirrors (baseurl list, mirrorlist or metalink, tried in order) and the cache.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GooseError } from '../errors.js';
import { atomicWrite, cachePath, defaultCacheDir, readCached } from './cache.js';
import { checksumMatches, verifyChecksum } from './checksum.js';
import type { HttpOptions, Progress } from './http.js';
import { networkDefaults, networkFromKeys, redactUrl, repoOverrides, splitUrlCredentials, withUrlCredentials, type KeyValue, type NetworkOptions, type RepoNetwork } from './network.js';
import { parseRepoFile, unsetVariable, type RepoConfig } from './repofile.js';
import { MAX_REPOMD_BYTES, parseRepomd, safeRelativePath, type Checksum, type Repomd } from './repomd.js';
import { expandVars } from './vars.js';
import { parseXml, type XmlElement } from './xml.js';

/** http.js (and node:http, node:https, node:tls with it), loaded on the first download: a local or cached run never needs them. */
const httpGet = async (...args: Parameters<typeof import('./http.js').httpGet>): Promise<Uint8Array> => (await import('./http.js')).httpGet(...args);

/** One repository, located but not yet read. */
export interface RepoDescriptor {
  /** Repository id: the `.repo` section, or derived from the path or URL. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** `local`: files read in place from `root`; `remote`: downloaded through mirrors and the cache. */
  kind: 'local' | 'remote';
  /** Absolute folder of a local repository. */
  root?: string;
  /** Remote base URLs, each ending in `/`, tried in order. */
  baseurls: string[];
  /** URL of a mirrorlist (plain list of base URLs). */
  mirrorlist?: string;
  /** URL of a metalink document. */
  metalink?: string;
  /** The `.repo` section it came from (enabled, exclude, priority...). */
  config?: RepoConfig;
  /** How to reach it: proxy, TLS, credentials, timeout, retries (none for local repositories). */
  network?: RepoNetwork;
}

/** Options for {@link resolveRepoSource}. */
export interface ResolveOptions {
  /** Folder relative paths are taken from (default: the process's). */
  cwd?: string;
  /** `.repo` variables: `basearch`, `releasever`, custom ones. */
  vars?: Record<string, string>;
  /** Also return repositories a `.repo` file disables (default false). */
  includeDisabled?: boolean;
  /** `--setopt` values, dnf.conf's `[main]`, the proxy environment and a notice sink. */
  network?: NetworkOptions;
}

/** Options for {@link fetchRepoFile} and {@link fetchRepomd}. */
export interface FetchOptions {
  /** Checksum the file must have (from repomd); mismatch is `CHECKSUM_MISMATCH`. */
  expectedChecksum?: Checksum;
  /** Size in bytes from repomd: the download cap and the progress total. */
  size?: number;
  /** Download cap when `size` is unknown (default: 4 MiB for repomd.xml, else 2 GiB - 1). */
  maxBytes?: number;
  /** Cache folder (default {@link defaultCacheDir}). */
  cacheDir?: string;
  /** Timeouts, retries and backoff for downloads. */
  http?: Omit<HttpOptions, 'onProgress' | 'file' | 'maxBytes'>;
  /** Called as bytes arrive. */
  onProgress?: (p: Progress) => void;
}

const REPOMD = 'repodata/repomd.xml';

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function idFrom(text: string): string {
  const parts = text.replace(/[?#].*$/, '').split('/').filter(Boolean);
  return (parts[parts.length - 1] ?? 'repo').replace(/[^A-Za-z0-9_.:-]+/g, '_') || 'repo';
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
}

/**
 * Resolve a user's repository argument: a folder, `file://` URL, `http(s)://` URL or `.repo` file
 * (or the folder's `repodata/repomd.xml` itself).
 * Throws `REPO_NOT_FOUND` for a path that does not exist, `REPOFILE_*` for a bad `.repo` file.
 */
export async function resolveRepoSource(input: string, options: ResolveOptions = {}): Promise<RepoDescriptor[]> {
  const cwd = options.cwd ?? process.cwd();
  if (/^https?:\/\//i.test(input)) return [urlDescriptor(repoRootUrl(input), options, cwd)];
  const path = /^file:/i.test(input) ? fileURLToPath(input) : resolve(cwd, input);
  const dir = await isDirectory(path);
  if (dir === undefined) throw new GooseError('REPO_NOT_FOUND', 'no such repository folder or .repo file', { file: input });
  if (dir && /(^|\/)repodata\/?$/.test(path) && (await isDirectory(resolve(path, '..'))) && !(await isDirectory(join(path, 'repodata')))) {
    const root = resolve(path, '..'); // the user pointed at the repodata folder
    return [{ id: idFrom(root), name: root, kind: 'local', root, baseurls: [] }];
  }
  if (dir) return [{ id: idFrom(path), name: path, kind: 'local', root: path, baseurls: [] }];
  if (/(^|\/)repodata\/repomd\.xml$/.test(path)) {
    const root = resolve(path, '..', '..'); // the user pointed at repomd.xml itself
    return [{ id: idFrom(root), name: root, kind: 'local', root, baseurls: [] }];
  }
  const text = await readFile(path, 'utf8');
  const configs = parseRepoFile(text, { file: path, vars: options.vars, network: options.network, cwd });
  const enabled = configs.filter((c) => c.enabled || options.includeDisabled);
  if (configs.length && !enabled.length) {
    throw new GooseError('REPOFILE_ALL_DISABLED', `every repository in it is disabled (enabled=0: ${configs.map((c) => `[${c.id}]`).join(' ')}); enable one, or name its baseurl with --repo`, { file: input });
  }
  return enabled.map((c) => fromConfig(c, path));
}

/**
 * The base URL of a repository given as its `repodata/` folder or its `repodata/repomd.xml`
 * (as people copy them from a browser); any other URL as given.
 */
export function repoRootUrl(url: string): string {
  const m = /^(.*)\/repodata(?:\/(?:repomd\.xml)?)?([?#].*)?$/i.exec(url);
  return m && /^https?:\/\/[^/]+/i.test(m[1]) ? `${m[1]}/${m[2] ?? ''}` : url;
}

/**
 * dnf's `--repofrompath ID,SOURCE` naming on the command line: `ID=SOURCE` gives the repository
 * the id `ID` (shown by `%{reponame}`). Anything that exists as a path, and any URL, is taken whole.
 */
export function splitRepoId(input: string): { id?: string; source: string } {
  const m = /^([A-Za-z0-9_.:-]+)=(.+)$/.exec(input);
  if (!m || /^[a-z]+:\/\//i.test(input)) return { source: input };
  return { id: m[1], source: m[2] };
}

/**
 * A repository named by an http(s) URL on the command line: variables substituted (an unset one is
 * `REPO_UNSET_VARIABLE`), credentials taken out of the URL, and the network keys of `--setopt`
 * (`KEY=` and `REPOID.KEY=` for the id derived from the URL) and dnf.conf's `[main]`.
 */
function urlDescriptor(input: string, options: ResolveOptions, cwd: string): RepoDescriptor {
  const vars = options.vars ?? {};
  const { value, unset } = expandVars(input, vars);
  const split = splitUrlCredentials(value);
  const id = idFrom(split.url);
  if (unset.length) throw unsetVariable(unset[0], 'the URL', { file: redactUrl(input) });
  const overrides = repoOverrides(options.network?.setopt, id);
  const defaults = networkDefaults(options.network);
  const get = (key: string): KeyValue | undefined => {
    const kv = overrides.get(key) ?? defaults.get(key);
    return kv && { value: expandVars(kv.value, vars).value, where: kv.where };
  };
  let network = networkFromKeys(get, `--repo ${split.url}`, { cwd, env: options.network?.env, onNotice: options.network?.onNotice });
  if (split.origin && split.auth) network = withUrlCredentials(network, split.origin, split.auth);
  return { id, name: split.url, kind: 'remote', baseurls: [withSlash(split.url)], network };
}

function fromConfig(config: RepoConfig, file: string): RepoDescriptor {
  const local = config.baseurls.find((u) => /^file:/i.test(u) || u.startsWith('/'));
  if (local && local === config.baseurls[0]) {
    const root = local.startsWith('/') ? local : fileURLToPath(local);
    return { id: config.id, name: config.name, kind: 'local', root, baseurls: [], config };
  }
  const baseurls = config.baseurls.filter((u) => /^https?:\/\//i.test(u)).map(withSlash);
  if (baseurls.length === 0 && !config.mirrorlist && !config.metalink) {
    throw new GooseError('REPOFILE_INVALID', `[${config.id}] has no http(s) or file baseurl`, { file, line: config.source.line });
  }
  const d: RepoDescriptor = { id: config.id, name: config.name, kind: 'remote', baseurls, config, network: config.network };
  if (config.mirrorlist) d.mirrorlist = config.mirrorlist;
  if (config.metalink) d.metalink = config.metalink;
  return d;
}

/** Download options for a file of `repo`: its proxy, TLS and credentials, `timeout=`/`retries=`, retries announced; `options.http` wins. */
function httpOptionsFor(repo: RepoDescriptor, options: FetchOptions): Omit<HttpOptions, 'onProgress' | 'file' | 'maxBytes'> {
  const net = repo.network;
  const retries = options.http?.retries ?? net?.retries ?? 4;
  return {
    ...(net?.timeoutMs !== undefined ? { stallMs: net.timeoutMs } : {}),
    ...(net ? { network: net } : {}),
    ...options.http,
    retries,
    onRetry: (r) => {
      net?.onNotice?.({ kind: 'retry', repo: repo.id, url: r.url, attempt: r.attempt + 1, attempts: retries + 1, delayMs: r.delayMs, reason: r.reason });
      options.http?.onRetry?.(r);
    },
  };
}

/** Announce that `base` failed for `rel` and the next mirror is tried. */
function announceSwitch(repo: RepoDescriptor, rel: string, base: string, error: GooseError, next: string | undefined): void {
  if (next === undefined) return;
  const reason = error.file && error.message.startsWith(`${error.file}: `) ? error.message.slice(error.file.length + 2) : error.message;
  repo.network?.onNotice?.({ kind: 'mirror', repo: repo.id, file: rel, url: redactUrl(base), reason: redactUrl(reason), next: redactUrl(next) });
}

/** Mirrors of a remote repository, and the repomd.xml checksums a metalink vouches for. */
export interface MirrorSet {
  /** Base URLs ending in `/`, in the order to try. */
  baseurls: string[];
  /** From a metalink: checksums repomd.xml may have (current and alternates). */
  repomdChecksums: Checksum[];
}

/** Base URLs from a mirrorlist: one URL a line, `#` comments. */
export function parseMirrorlist(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^https?:\/\//i.test(l))
    .map(withSlash);
}

function allElements(root: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  const stack = [root];
  while (stack.length) {
    const el = stack.pop() as XmlElement;
    if (el.name.replace(/^.*:/, '') === name) out.push(el);
    for (let i = el.children.length - 1; i >= 0; i -= 1) stack.push(el.children[i]);
  }
  return out;
}

/** Base URLs (by preference, then document order) and repomd checksums from a metalink document. */
export function parseMetalink(input: string | Uint8Array, file = 'metalink'): MirrorSet {
  const root = parseXml(input, { file, maxChars: 16 * 1024 * 1024 });
  const urls = allElements(root, 'url')
    .map((u, i) => ({ url: u.text.trim(), pref: Number(u.attrs.preference ?? 0) || 0, i }))
    .filter((u) => /^https?:\/\//i.test(u.url))
    .sort((a, b) => b.pref - a.pref || a.i - b.i)
    .map((u) => withSlash(u.url.replace(/\/?repodata\/repomd\.xml$/, '')));
  const repomdChecksums = allElements(root, 'hash')
    .map((h) => ({ type: (h.attrs.type ?? '').toLowerCase(), value: h.text.trim().toLowerCase() }))
    .filter((c) => ['md5', 'sha1', 'sha256', 'sha512'].includes(c.type) && /^[0-9a-f]+$/.test(c.value));
  return { baseurls: [...new Set(urls)], repomdChecksums };
}

const mirrorCache = new WeakMap<RepoDescriptor, Promise<MirrorSet>>();

/** The mirrors of `repo` (fetching its mirrorlist or metalink once per descriptor). */
export function repoMirrors(repo: RepoDescriptor, options: FetchOptions = {}): Promise<MirrorSet> {
  let p = mirrorCache.get(repo);
  if (!p) {
    p = loadMirrors(repo, options);
    mirrorCache.set(repo, p);
    p.catch(() => mirrorCache.delete(repo));
  }
  return p;
}

async function loadMirrors(repo: RepoDescriptor, options: FetchOptions): Promise<MirrorSet> {
  if (repo.baseurls.length > 0) return { baseurls: repo.baseurls, repomdChecksums: [] };
  if (repo.metalink) {
    const set = parseMetalink(await httpGet(repo.metalink, { ...httpOptionsFor(repo, options), maxBytes: 16 * 1024 * 1024 }), repo.metalink);
    if (set.baseurls.length) return set;
  }
  if (repo.mirrorlist) {
    const list = parseMirrorlist(Buffer.from(await httpGet(repo.mirrorlist, { ...httpOptionsFor(repo, options), maxBytes: 16 * 1024 * 1024 })).toString('utf8'));
    if (list.length) return { baseurls: list, repomdChecksums: [] };
  }
  throw new GooseError('REPO_NO_MIRRORS', 'no usable mirror: the mirrorlist/metalink lists no http(s) URL', { file: repo.metalink ?? repo.mirrorlist ?? repo.id });
}

/** The URL that names a remote repository in the cache and in messages: never with credentials. */
function identity(repo: RepoDescriptor): string {
  return splitUrlCredentials(repo.baseurls[0] ?? repo.metalink ?? repo.mirrorlist ?? repo.id).url;
}

/**
 * Read one file of a repository, by its path relative to the repository root (as repomd's
 * `location href` gives it). Local: read in place. Remote: from the cache when a checksum is given
 * and the cached copy matches, else downloaded from each mirror in turn, verified, and cached.
 * Throws `REPO_FILE_MISSING` (or `REPOMD_NOT_FOUND` for repomd.xml), `CHECKSUM_MISMATCH`,
 * `REPOMD_UNSAFE_LOCATION`, or the last download error.
 */
export async function fetchRepoFile(repo: RepoDescriptor, relativePath: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const rel = safeRelativePath(relativePath, { file: relativePath });
  const missingCode = rel === REPOMD ? 'REPOMD_NOT_FOUND' : 'REPO_FILE_MISSING';
  if (repo.kind === 'local') {
    const root = repo.root as string;
    if ((await isDirectory(root)) !== true) throw new GooseError('REPO_NOT_FOUND', 'no such repository folder', { file: root });
    const path = join(root, rel);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new GooseError(missingCode, `${rel} is missing from the repository`, { file: path });
      throw new GooseError('REPO_READ_FAILED', (e as Error).message, { file: path });
    }
    if (options.expectedChecksum) verifyChecksum(bytes, options.expectedChecksum, path);
    options.onProgress?.({ file: rel, bytes: bytes.length, total: bytes.length });
    return bytes;
  }

  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = options.expectedChecksum ? cachePath(cacheDir, identity(repo), rel, options.expectedChecksum) : undefined;
  if (cached) {
    const hit = await readCached(cached, options.expectedChecksum);
    if (hit) {
      options.onProgress?.({ file: rel, bytes: hit.length, total: hit.length });
      return hit;
    }
  }
  const mirrors = await repoMirrors(repo, options);
  const errors: GooseError[] = [];
  const dead = deadMirrors(repo);
  for (const [i, base] of mirrors.baseurls.entries()) {
    const url = new URL(rel, base).toString();
    const next = mirrors.baseurls.slice(i + 1).find((b) => !dead.has(b));
    const failed = dead.get(base);
    if (failed) {
      errors.push(failed); // it failed earlier in this run: not tried again for every file
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await httpGet(url, {
        ...httpOptionsFor(repo, options),
        file: rel,
        maxBytes: options.size ?? options.maxBytes ?? (rel === REPOMD ? MAX_REPOMD_BYTES : undefined),
        onProgress: options.onProgress ? (p) => options.onProgress?.(options.size !== undefined ? { ...p, total: options.size } : p) : undefined,
      });
    } catch (e) {
      if (!(e instanceof GooseError)) throw e;
      errors.push(e);
      if (MIRROR_DOWN.has(e.code)) dead.set(base, e);
      announceSwitch(repo, rel, base, e, next);
      continue;
    }
    if (options.expectedChecksum && !checksumMatches(bytes, options.expectedChecksum, url)) {
      try {
        verifyChecksum(bytes, options.expectedChecksum, redactUrl(url));
      } catch (e) {
        errors.push(e as GooseError);
        announceSwitch(repo, rel, base, e as GooseError, next);
      }
      continue;
    }
    if (cached) await atomicWrite(cached, bytes);
    return bytes;
  }
  if (errors.length > 0 && errors.every((e) => e.code === 'HTTP_NOT_FOUND')) {
    throw new GooseError(missingCode, `${rel} is missing on every mirror (${errors.length} tried)`, { file: identity(repo) });
  }
  throw errors.find((e) => e.code === 'CHECKSUM_MISMATCH') ?? errors[errors.length - 1] ?? new GooseError('REPO_NO_MIRRORS', 'no mirror to try', { file: identity(repo) });
}

/**
 * Removes from a remote repository's cache folder the files its current repomd.xml no longer names
 * (metadata of earlier days). A file another process is writing (`.tmp-`) is left alone; errors
 * are ignored (the cache is only a cache). Returns how many files went.
 */
export async function pruneRepoCache(repo: RepoDescriptor, repomd: Repomd, cacheDir: string = defaultCacheDir()): Promise<number> {
  if (repo.kind !== 'remote') return 0;
  const keep = new Set(repomd.records.filter((r) => r.checksum).map((r) => cachePath(cacheDir, identity(repo), r.location, r.checksum)));
  const folder = dirname(cachePath(cacheDir, identity(repo), 'x'));
  const names = await readdir(folder).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(folder, name);
    if (keep.has(path) || name.includes('.tmp-')) continue;
    await rm(path, { force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}

/** Errors that say a mirror is down or unusable as a whole (not one missing or stale file). */
const MIRROR_DOWN = new Set<string>(['DOWNLOAD_FAILED', 'TLS_VERIFY_FAILED', 'TLS_HANDSHAKE_FAILED', 'TLS_CLIENT_CERT_REQUIRED', 'TLS_CLIENT_CERT_REFUSED', 'PROXY_CONNECT_FAILED']);

/** Mirrors of a repository that failed as a whole during this run (per descriptor), with the error. */
const downMirrors = new WeakMap<RepoDescriptor, Map<string, GooseError>>();

function deadMirrors(repo: RepoDescriptor): Map<string, GooseError> {
  let m = downMirrors.get(repo);
  if (!m) downMirrors.set(repo, (m = new Map()));
  return m;
}

/** Fetch and parse `repodata/repomd.xml`; a metalink's checksums, when present, must match one mirror's copy. */
export async function fetchRepomd(repo: RepoDescriptor, options: FetchOptions = {}): Promise<{ repomd: Repomd; bytes: Uint8Array }> {
  if (repo.kind === 'remote') {
    const mirrors = await repoMirrors(repo, options);
    if (mirrors.repomdChecksums.length > 0) {
      // A stale mirror serves an older repomd.xml: try the next one, as dnf does.
      const errors: GooseError[] = [];
      for (const [i, base] of mirrors.baseurls.entries()) {
        const single: RepoDescriptor = { ...repo, baseurls: [base], mirrorlist: undefined, metalink: undefined };
        const where = redactUrl(new URL(REPOMD, base).toString());
        try {
          const bytes = await fetchRepoFile(single, REPOMD, { ...options, expectedChecksum: undefined });
          if (mirrors.repomdChecksums.some((c) => checksumMatches(bytes, c))) return { repomd: parseRepomd(bytes, where), bytes };
          errors.push(new GooseError('CHECKSUM_MISMATCH', 'repomd.xml does not match the metalink (stale mirror)', { file: where }));
        } catch (e) {
          if (!(e instanceof GooseError)) throw e;
          errors.push(e);
        }
        announceSwitch(repo, REPOMD, base, errors[errors.length - 1], mirrors.baseurls[i + 1]);
      }
      throw errors.find((e) => e.code === 'CHECKSUM_MISMATCH') ?? errors[errors.length - 1];
    }
  }
  const bytes = await fetchRepoFile(repo, REPOMD, options);
  const where = repo.kind === 'local' ? join(repo.root as string, REPOMD) : identity(repo) + REPOMD;
  return { repomd: parseRepomd(bytes, where), bytes };
}

/** A `file://` URL or absolute path for a local repository, for messages and `.repo` output. */
export function repoLocation(repo: RepoDescriptor): string {
  return repo.kind === 'local' ? pathToFileURL(repo.root as string).toString() : identity(repo);
}
