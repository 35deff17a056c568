/**
 * Opening repositories into a libsolv Pool: rpm-md (XML or sqlite) from folders and mirrors,
 * folders of .rpm/.src.rpm files, with comps, module filtering and a .solv cache keyed by the
 * repomd checksum. The IO edge between src/repodata's readers and src/solv.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { GooseError } from '../errors.js';
import { readRpmFolder, listRpmFiles } from '../rpm/index.js';
import { Pool, wasmDecompress, type Repo } from '../solv/index.js';
import { atomicWrite, defaultCacheDir } from './cache.js';
import { parseComps, type Comps } from './comps.js';
import { decompress, registerDecoder } from './compression.js';
import { moduleFilter, parseModulesYaml } from './modules.js';
import { packSolvParts, primaryToSolvParts, unpackSolvParts } from './primary-parts.js';
import { primaryXml, recordFromRpm } from './primary-xml.js';
import { selectRecords, type RepomdRecord } from './repomd.js';
import type { NetworkOptions } from './network.js';
import { fetchRepoFile, fetchRepomd, resolveRepoSource, type RepoDescriptor } from './source.js';
import { readPrimarySqlite } from './sqlite.js';

registerDecoder('xz', (b, l) => wasmDecompress('xz', b, l));
registerDecoder('zstd', (b, l) => wasmDecompress('zstd', b, l));
registerDecoder('bzip2', (b, l) => wasmDecompress('bzip2', b, l));

/** How a repository's metadata was read. */
export type RepoFormat = 'rpm-md' | 'rpm-md-sqlite' | 'solv-cache' | 'rpm-files';

/** Progress of a long load, for a progress bar. */
export interface LoadProgress {
  /** Repository id. */
  repo: string;
  /** What is happening. */
  phase: 'repomd' | 'download' | 'parse' | 'cache' | 'filelists' | 'done';
  /** Bytes done and total, for downloads. */
  bytes?: number;
  total?: number;
}

/** Options for {@link openRepos}. */
export interface OpenOptions {
  /** `.repo` variables (`basearch`, `releasever`, ...). */
  vars?: Record<string, string>;
  /** How repositories are reached beyond their `.repo` files: `--setopt`, dnf.conf's `[main]`, proxy environment, retry notices. */
  network?: NetworkOptions;
  /** Cache folder; default `$XDG_CACHE_HOME/goose-deps`. */
  cacheDir?: string;
  /** Do not read or write the .solv cache. */
  noCache?: boolean;
  /** Read `primary_db` (sqlite) even when XML is present. */
  preferSqlite?: boolean;
  /** Load filelists: when a file dependency needs them (`auto`, dnf's behaviour), always, or never. */
  filelists?: 'auto' | 'always' | 'never';
  /** Module streams to enable (`name:stream`); packages of other non-default streams are excluded. */
  enableModules?: string[];
  /** Called as loading proceeds. */
  onProgress?: (p: LoadProgress) => void;
  /** Limit on the decompressed size of one metadata file (default 2 GiB - 1): past it, DECOMPRESSION_TOO_LARGE. */
  maxBytes?: number;
  /**
   * Threads that may parse a large primary at once, this one included (default: one per core;
   * 1: this thread only). The pool is the same whatever the number.
   */
  threads?: number;
}

/** A repository loaded into a pool. */
export interface LoadedRepo {
  /** Repository id (from the .repo file, or the folder/URL name). */
  id: string;
  /** Where it was read from. */
  location: string;
  /** The libsolv repo. */
  repo: Repo;
  /** How it was read. */
  format: RepoFormat;
  /** Its comps group data, when it has some. */
  comps?: Comps;
  /** Where filelists can be loaded from later (rpm-md repos that have them). */
  filelists?: { descriptor: RepoDescriptor; record: RepomdRecord; loaded: boolean };
  /** NEVRAs excluded by module filtering or the .repo file's exclude. */
  excluded: number;
  /** Per-repo problems that did not stop the load (damaged .rpm files in a folder). */
  warnings: string[];
}

// 2: parts (primary-parts.ts) packed in one file.
const SOLV_CACHE_VERSION = 'goose-solv-2';

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function isRpmSource(input: string): Promise<'file' | 'folder' | undefined> {
  if (/^[a-z]+:\/\//i.test(input)) return undefined;
  const st = await stat(input).catch(() => undefined);
  if (!st) return undefined;
  if (st.isFile() && input.endsWith('.rpm')) return 'file';
  if (st.isDirectory()) {
    const hasRepomd = await stat(join(input, 'repodata', 'repomd.xml')).then(() => true, () => false);
    if (!hasRepomd && (await listRpmFiles(input)).length > 0) return 'folder';
  }
  return undefined;
}

/** Loads .rpm/.src.rpm files (one file or a folder) as a repo. */
async function openRpmFiles(pool: Pool, input: string, kind: 'file' | 'folder'): Promise<LoadedRepo> {
  const root = kind === 'file' ? dirname(resolve(input)) : resolve(input);
  const result = await readRpmFolder(input);
  const records = result.packages.map((p) => recordFromRpm(p, relative(root, p.fileName) || basename(p.fileName)));
  const id = basename(resolve(input)).replace(/\.rpm$/, '');
  // As for rpm-md repos: the solver sees the .solv form (see openRpmmd).
  const parts = await primaryToSolvParts(new TextEncoder().encode(primaryXml(records)), { file: input });
  const repo = pool.addRepo(id);
  for (const part of parts) repo.addSolv(part, { file: input });
  return {
    id,
    location: resolve(input),
    repo,
    format: 'rpm-files',
    excluded: 0,
    warnings: result.errors.map((e) => `${e.file}: ${e.message}`),
  };
}

async function openRpmmd(pool: Pool, d: RepoDescriptor, options: OpenOptions, order: number): Promise<LoadedRepo> {
  const progress = (phase: LoadProgress['phase'], extra: Partial<LoadProgress> = {}) => options.onProgress?.({ repo: d.id, phase, ...extra });
  progress('repomd');
  const fetchOpts = { cacheDir: options.cacheDir, onProgress: (p: { bytes: number; total?: number }) => progress('download', { bytes: p.bytes, total: p.total }) };
  const { repomd, bytes: repomdBytes } = await fetchRepomd(d, fetchOpts);
  const sel = selectRecords(repomd);
  const location = d.kind === 'local' ? (d.root as string) : d.baseurls[0] ?? d.metalink ?? d.mirrorlist ?? d.id;
  const useSqlite = (options.preferSqlite && sel.primaryDb) || (!sel.primary && sel.primaryDb);
  if (!sel.primary && !sel.primaryDb) throw new GooseError('REPOMD_NO_PRIMARY', 'repomd.xml names neither primary nor primary_db metadata', { file: `${location}/repodata/repomd.xml` });

  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cacheFile = join(cacheDir, 'solv', `${sha256(`${SOLV_CACHE_VERSION}\0${useSqlite ? 'db' : 'xml'}\0`)}`.slice(0, 8) + `-${sha256(repomdBytes)}.solv`);
  let format: RepoFormat = useSqlite ? 'rpm-md-sqlite' : 'rpm-md';
  const cached = options.noCache ? undefined : await readFile(cacheFile).catch(() => undefined);
  let repo: Repo;
  if (cached) {
    progress('cache');
    const parts = unpackSolvParts(cached);
    repo = pool.addRepo(d.id);
    try {
      if (!parts) throw new Error('not a goose-deps .solv cache file');
      for (const part of parts) repo.addSolv(part, { file: cacheFile });
      format = 'solv-cache';
    } catch {
      // A damaged cache entry is not the user's problem: read the metadata instead.
      repo.free();
      return openRpmmd(pool, d, { ...options, noCache: true }, order);
    }
  } else {
    const record = (useSqlite ? sel.primaryDb : sel.primary) as RepomdRecord;
    const file = `${location}/${record.location}`;
    const data = await fetchRepoFile(d, record.location, { ...fetchOpts, expectedChecksum: record.checksum, size: record.size });
    progress('parse');
    // The solver always sees the .solv form, cached or not: libsolv stores dependency lists
    // sorted there, and a repo must look the same to the solver on its first load and on every
    // later one (from the cache, or in a worker thread), or results would depend on the cache.
    const parts = useSqlite
      ? await primaryToSolvParts(new TextEncoder().encode(primaryXml((await readPrimarySqlite(decompress(data, { file, maxBytes: options.maxBytes }), { file })).packages)), { file, threads: options.threads })
      : await primaryToSolvParts(data, { file, maxBytes: options.maxBytes, expectedBytes: record.openSize, threads: options.threads });
    if (!options.noCache) await atomicWrite(cacheFile, packSolvParts(parts)).catch(() => undefined);
    repo = pool.addRepo(d.id);
    for (const part of parts) repo.addSolv(part, { file });
  }

  if (d.config?.priority !== undefined) repo.setPriority(-d.config.priority); // dnf: lower number wins; libsolv: higher wins

  let comps: Comps | undefined;
  if (sel.group) {
    const file = `${location}/${sel.group.location}`;
    const data = await fetchRepoFile(d, sel.group.location, { ...fetchOpts, expectedChecksum: sel.group.checksum, size: sel.group.size });
    comps = parseComps(decompress(data, { file, maxBytes: 256 * 1024 * 1024 }), { file });
  }

  let excluded = 0;
  if (sel.modules) {
    const file = `${location}/${sel.modules.location}`;
    const data = await fetchRepoFile(d, sel.modules.location, { ...fetchOpts, expectedChecksum: sel.modules.checksum, size: sel.modules.size });
    const filter = moduleFilter(parseModulesYaml(decompress(data, { file, maxBytes: 256 * 1024 * 1024 }), { file }), { enable: options.enableModules ?? [] });
    excluded += excludeNevras(pool, repo, filter.excluded);
  }
  const patterns = d.config?.exclude ?? [];
  if (patterns.length) excluded += excludeGlobs(pool, repo, patterns, false);
  if (d.config?.includepkgs?.length) excluded += excludeGlobs(pool, repo, d.config.includepkgs, true);

  progress('done');
  void order;
  return {
    id: d.id,
    location,
    repo,
    format,
    ...(comps ? { comps } : {}),
    ...(sel.filelists ? { filelists: { descriptor: d, record: sel.filelists, loaded: false } } : {}),
    excluded,
    warnings: [],
  };
}

const pendingExclusions = new WeakMap<Pool, Set<number>>();

function markExcluded(pool: Pool, ids: Iterable<number>): number {
  let set = pendingExclusions.get(pool);
  if (!set) pendingExclusions.set(pool, (set = new Set()));
  let n = 0;
  for (const id of ids) {
    if (!set.has(id)) n++;
    set.add(id);
  }
  return n;
}

function excludeNevras(pool: Pool, repo: Repo, nevras: Iterable<string>): number {
  const wanted = new Set(nevras);
  if (!wanted.size) return 0;
  const ids: number[] = [];
  for (const s of repo.solvables()) {
    const evr = s.evr;
    const withEpoch = evr.includes(':') ? evr : `0:${evr}`;
    if (wanted.has(`${s.name}-${withEpoch}.${s.arch}`) || wanted.has(`${s.name}-${evr}.${s.arch}`)) ids.push(s.id);
  }
  return markExcluded(pool, ids);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.').replace(/\[!/g, '[^') + '$');
}

/** dnf's exclude/includepkgs: globs over name (and name-evr, name.arch); `invert` keeps only matches. */
function excludeGlobs(pool: Pool, repo: Repo, globs: string[], invert: boolean): number {
  const res = globs.map(globToRegExp);
  const ids: number[] = [];
  for (const s of repo.solvables()) {
    const forms = [s.name, `${s.name}.${s.arch}`, `${s.name}-${s.evr}`, s.nevra];
    const hit = res.some((r) => forms.some((f) => r.test(f)));
    if (hit !== invert) ids.push(s.id);
  }
  return markExcluded(pool, ids);
}

/**
 * Opens every source (folder, file:// or http(s):// URL, .repo file, .rpm file or folder of
 * them) into `pool`, in order. Call {@link finishPool} once all are open.
 */
export async function openRepos(pool: Pool, sources: string[], options: OpenOptions = {}): Promise<LoadedRepo[]> {
  const out: LoadedRepo[] = [];
  for (const input of sources) {
    const rpmKind = await isRpmSource(input);
    if (rpmKind) {
      out.push(await openRpmFiles(pool, input, rpmKind));
      continue;
    }
    const descriptors = await resolveRepoSource(input, { vars: options.vars, network: options.network });
    for (const d of descriptors) out.push(await openRpmmd(pool, d, options, out.length));
  }
  return out;
}

/**
 * Completes a pool after its repos are open, as dnf does: loads filelists where a file
 * dependency needs them (or as `filelists` says), adds file provides, applies exclusions and
 * builds the provides index.
 */
export async function finishPool(pool: Pool, repos: LoadedRepo[], options: OpenOptions = {}): Promise<void> {
  const mode = options.filelists ?? 'auto';
  const candidates = repos.filter((r) => r.filelists && !r.filelists.loaded);
  if (mode !== 'never' && candidates.length && (mode === 'always' || unresolvedFileDeps(pool))) {
    for (const r of candidates) {
      const fl = r.filelists!;
      options.onProgress?.({ repo: r.id, phase: 'filelists' });
      const file = `${r.location}/${fl.record.location}`;
      const data = await fetchRepoFile(fl.descriptor, fl.record.location, { cacheDir: options.cacheDir, expectedChecksum: fl.record.checksum, size: fl.record.size });
      r.repo.addRpmmd(data, { file, flags: 16 /* REPO_EXTEND_SOLVABLES */, maxBytes: options.maxBytes });
      fl.loaded = true;
    }
  }
  pool.addFileProvides();
  const excluded = pendingExclusions.get(pool);
  if (excluded?.size) pool.setExcluded([...excluded]);
  pool.createWhatProvides();
}

/** True when some file dependency (a path) has no provider among the primary file lists. */
function unresolvedFileDeps(pool: Pool): boolean {
  pool.addFileProvides();
  pool.createWhatProvides();
  const seen = new Set<number>();
  for (const s of pool.solvables()) {
    for (const kind of ['requires', 'conflicts', 'recommends', 'supplements'] as const) {
      for (const d of s.depIds(kind)) {
        if (seen.has(d)) continue;
        seen.add(d);
        if (pool.dep2str(d).startsWith('/') && pool.whatProvidesIds(d).length === 0) return true;
      }
    }
  }
  return false;
}

/**
 * Opens one source (folder, URL, .repo file, .rpm files) into a new, finished pool: the simple
 * entry point for library users. Free the pool when done.
 */
export async function openRepo(source: string, options: OpenOptions & { arch?: string } = {}): Promise<{ pool: Pool; repos: LoadedRepo[] }> {
  const pool = new Pool({ arch: options.arch ?? 'x86_64' });
  try {
    const repos = await openRepos(pool, [source], options);
    await finishPool(pool, repos, options);
    return { pool, repos };
  } catch (e) {
    pool.free();
    throw e;
  }
}
