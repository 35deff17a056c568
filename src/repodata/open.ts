/**
 * Opening repositories into a libsolv Pool: rpm-md (XML or sqlite) from folders and mirrors,
 * folders of .rpm/.src.rpm files, with comps, module filtering and a .solv cache keyed by the
 * repomd checksum. The IO edge between src/repodata's readers and src/solv.
 */
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { GooseError } from '../errors.js';
import { Pool, type Repo } from '../solv/index.js';
import { atomicWrite, defaultCacheDir } from './cache.js';
import { parseComps, type Comps } from './comps.js';
import { decompress } from './compression.js';
import type { ModuleFilter } from './modules.js';
import { moduleCachePath, readModuleCache, writeModuleCache } from './module-cache.js';
import { moduleFilterHere, moduleFilterOffThread, type ModulesJob } from './modules-thread.js';
import { packSolvParts, PieceWorkers, primaryToSolvParts, primaryToSolvPartsAndModules, solvPartRanges, solvPartsHeaderLength } from './primary-parts.js';
import { primaryXml, recordFromRpm } from './primary-xml.js';
import { selectRecords, type RepomdRecord } from './repomd.js';
import type { NetworkOptions } from './network.js';
import { fetchRepoFile, fetchRepomd, pruneRepoCache, resolveRepoSource, splitRepoId, type RepoDescriptor } from './source.js';
import { repoContentKey, setRepoContentKey } from './content-key.js';
import { maskedByModules, matchGlobs, matchNevras } from './exclusions.js';
import { captureFileProvides, fileDepCheckPath, readFileDepCheck, restoreFileProvides, writeFileDepCheck } from './filedeps-cache.js';

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
  /**
   * Leave the provides index to be built on first use ({@link Pool} builds it before any call
   * that needs it) instead of at the end of {@link finishPool}: for callers that may never need
   * it, such as a query by name (on AppStream the index is ~10% of a cached query, and a tenth of
   * its fresh wasm memory pages). The pool's answers are the same either way.
   */
  lazyIndex?: boolean;
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
  /** Its `.solv` cache file (rpm-md repos, unless the cache is off): derived data may be kept beside it. */
  solvCache?: string;
  /** Its comps group data, when it has some. */
  comps?: Comps;
  /**
   * Where filelists can be loaded from later (rpm-md repos that have them), and where their .solv
   * extension is cached (unless the cache is off).
   */
  filelists?: { descriptor: RepoDescriptor; record: RepomdRecord; loaded: boolean; cacheFile?: string };
  /** How many of its packages module filtering and the .repo file's exclude/includepkgs hide. */
  excluded: number;
  /** Those packages' solvable ids: {@link finishPool} hides them from the solver. */
  excludedIds: readonly number[];
  /**
   * Module filtering of a repository with modules.yaml: finishPool also hides the non-modular
   * packages, in every repo it is given, that an active stream's packages replace (dnf's masking).
   */
  modules?: ModuleFilter;
  /** The `.repo` file's `module_hotfixes`: its packages are never masked by module streams. */
  moduleHotfixes?: boolean;
  /** Per-repo problems that did not stop the load (damaged .rpm files in a folder), each naming its file once. */
  warnings: string[];
}

// 2: parts (primary-parts.ts) packed in one file.
const SOLV_CACHE_VERSION = 'goose-solv-2';

/** A primary at least this large (as fetched) has modules.yaml parsed on a worker thread when nothing is cached: a thread costs tens of milliseconds. */
const OFF_THREAD_MODULES_BYTES = 1 << 20;

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The .rpm reader, loaded when a source is made of .rpm files: most runs read rpm-md or the
 * cache, and start faster without it (the same for sqlite and for modules.yaml's yaml below).
 */
const rpmReader = () => import('../rpm/index.js');

async function isRpmSource(input: string): Promise<'file' | 'folder' | undefined> {
  if (/^[a-z]+:\/\//i.test(input)) return undefined;
  const st = await stat(input).catch(() => undefined);
  if (!st) return undefined;
  if (st.isFile() && input.endsWith('.rpm')) return 'file';
  if (st.isDirectory()) {
    const hasRepomd = await stat(join(input, 'repodata', 'repomd.xml')).then(() => true, () => false);
    if (!hasRepomd && (await (await rpmReader()).listRpmFiles(input)).length > 0) return 'folder';
  }
  return undefined;
}

/** Loads .rpm/.src.rpm files (one file or a folder) as a repo. */
async function openRpmFiles(pool: Pool, input: string, kind: 'file' | 'folder', givenId?: string): Promise<LoadedRepo> {
  const root = kind === 'file' ? dirname(resolve(input)) : resolve(input);
  // A file named on its own is the input itself: when it cannot be read, that is an error naming
  // it (as for any source that cannot be read); in a folder, a damaged file is a warning.
  const result = await (await rpmReader()).readRpmFolder(input, { strict: kind === 'file' });
  const records = result.packages.map((p) => recordFromRpm(p, relative(root, p.fileName) || basename(p.fileName)));
  const id = givenId ?? basename(resolve(input)).replace(/\.rpm$/, '');
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
    excludedIds: [],
    warnings: result.errors.map((e) => `${e.message} [${e.code}]`), // the message starts with the file name
  };
}

async function openRpmmd(pool: Pool, d: RepoDescriptor, options: OpenOptions): Promise<LoadedRepo> {
  const progress = (phase: LoadProgress['phase'], extra: Partial<LoadProgress> = {}) => options.onProgress?.({ repo: d.id, phase, ...extra });
  progress('repomd');
  const fetchOpts = { cacheDir: options.cacheDir, onProgress: (p: { bytes: number; total?: number }) => progress('download', { bytes: p.bytes, total: p.total }) };
  const { repomd, bytes: repomdBytes } = await fetchRepomd(d, fetchOpts);
  if (!options.noCache) await pruneRepoCache(d, repomd, options.cacheDir);
  const sel = selectRecords(repomd);
  const location = d.kind === 'local' ? (d.root as string) : d.baseurls[0] ?? d.metalink ?? d.mirrorlist ?? d.id;
  const useSqlite = (options.preferSqlite && sel.primaryDb) || (!sel.primary && sel.primaryDb);
  if (!sel.primary && !sel.primaryDb) throw new GooseError('REPOMD_NO_PRIMARY', 'repomd.xml names neither primary nor primary_db metadata', { file: `${location}/repodata/repomd.xml` });

  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cacheFile = join(cacheDir, 'solv', `${sha256(`${SOLV_CACHE_VERSION}\0${useSqlite ? 'db' : 'xml'}\0`)}`.slice(0, 8) + `-${sha256(repomdBytes)}.solv`);
  let format: RepoFormat = useSqlite ? 'rpm-md-sqlite' : 'rpm-md';
  const cached = options.noCache ? undefined : await cachedPartRanges(cacheFile);
  let repo: Repo;
  let modulesEarly: (() => Promise<ModuleFilter>) | undefined;
  const fetchModules = async (record: RepomdRecord): Promise<ModulesJob> => ({
    data: await fetchRepoFile(d, record.location, { ...fetchOpts, expectedChecksum: record.checksum, size: record.size }),
    file: `${location}/${record.location}`,
    enable: options.enableModules ?? [],
  });
  if (cached) {
    progress('cache');
    repo = pool.addRepo(d.id);
    try {
      // Read by the module from the file, part by part (see Repo.addSolvFile).
      for (const part of cached) {
        if (!part.length) throw new Error('an empty part');
        repo.addSolvFile(cacheFile, part.offset, { file: cacheFile });
      }
      format = 'solv-cache';
    } catch {
      // A damaged cache entry is not the user's problem: read the metadata instead.
      repo.free();
      return openRpmmd(pool, d, { ...options, noCache: true });
    }
  } else {
    const record = (useSqlite ? sel.primaryDb : sel.primary) as RepomdRecord;
    const file = `${location}/${record.location}`;
    // The parse workers of a large primary start now (repomd's open-size), so they are up when
    // the first piece is inflated; primaryToSolvParts takes them over and closes them.
    const workers = useSqlite ? undefined : PieceWorkers.forSize(record.openSize, (options.threads ?? availableParallelism()) - 1);
    const data = await fetchRepoFile(d, record.location, { ...fetchOpts, expectedChecksum: record.checksum, size: record.size }).catch(async (e: unknown) => {
      await workers?.close();
      throw e;
    });
    // Without a .solv cache there is no module cache either: for a large primary, modules.yaml is
    // parsed on another thread (unless `threads` is 1): on a parse worker once its piece is done
    // (the slack of two cores), or else on a thread of its own started after the parse. Its
    // errors (fetch included) still surface where they did.
    const offThread = sel.modules && data.length >= OFF_THREAD_MODULES_BYTES && (options.threads ?? 2) > 1;
    let fetchError: { error: unknown } | undefined;
    const modulesJob = offThread ? await fetchModules(sel.modules!).catch((error: unknown) => void (fetchError = { error })) : undefined;
    if (fetchError) modulesEarly = () => Promise.reject(fetchError!.error);
    progress('parse');
    // The solver always sees the .solv form, cached or not: libsolv stores dependency lists
    // sorted there, and a repo must look the same to the solver on its first load and on every
    // later one (from the cache, or in a worker thread), or results would depend on the cache.
    let parts: Uint8Array[];
    if (useSqlite) {
      parts = await primaryToSolvParts(new TextEncoder().encode(primaryXml((await (await import('./sqlite.js')).readPrimarySqlite(decompress(data, { file, maxBytes: options.maxBytes }), { file })).packages)), { file, threads: options.threads });
    } else {
      const xmlOptions = { file, maxBytes: options.maxBytes, expectedBytes: record.openSize, threads: options.threads, workers };
      const both = modulesJob ? await primaryToSolvPartsAndModules(data, { ...xmlOptions, modules: modulesJob }) : { parts: await primaryToSolvParts(data, xmlOptions) };
      parts = both.parts;
      const onWorker = both.modules;
      if (onWorker) modulesEarly = async () => (await onWorker) ?? moduleFilterHere(modulesJob!);
    }
    if (modulesJob && !modulesEarly) modulesEarly = moduleFilterOffThread(modulesJob);
    if (!options.noCache) await atomicWrite(cacheFile, packSolvParts(parts)).catch(() => undefined);
    repo = pool.addRepo(d.id);
    for (const part of parts) repo.addSolv(part, { file });
  }

  if (d.config?.priority !== undefined) repo.setPriority(-d.config.priority); // dnf: lower number wins; libsolv: higher wins
  setRepoContentKey(repo, `rpm-md:${sha256(repomdBytes)}:${useSqlite ? 'db' : 'xml'}:${d.config?.priority ?? ''}`);

  // Comps are fetched now (a download belongs to the load) but parsed on first use: most
  // commands (query, why, rdeps) never look at groups, and AppStream's comps XML takes tens of
  // milliseconds to parse.
  let compsData: { data: Uint8Array; file: string } | undefined;
  if (sel.group) {
    const file = `${location}/${sel.group.location}`;
    compsData = { data: await fetchRepoFile(d, sel.group.location, { ...fetchOpts, expectedChecksum: sel.group.checksum, size: sel.group.size }), file };
  }

  const excludedIds = new Set<number>();
  let modules: ModuleFilter | undefined;
  if (sel.modules) {
    const modulesRecord = sel.modules;
    modules = await cachedModuleFilter(repo, options.noCache ? undefined : cacheFile, options.enableModules ?? [], excludedIds, async () => (modulesEarly ? modulesEarly() : moduleFilterHere(await fetchModules(modulesRecord))));
  }
  const patterns = d.config?.exclude ?? [];
  if (patterns.length) for (const id of matchGlobs(repo, patterns, false)) excludedIds.add(id);
  if (d.config?.includepkgs?.length) for (const id of matchGlobs(repo, d.config.includepkgs, true)) excludedIds.add(id);

  progress('done');
  const loaded: LoadedRepo = {
    id: d.id,
    location, repo, format,
    ...(options.noCache ? {} : { solvCache: cacheFile }),
    ...(modules ? { modules } : {}),
    ...(d.config?.moduleHotfixes ? { moduleHotfixes: true } : {}),
    ...(sel.filelists ? { filelists: { descriptor: d, record: sel.filelists, loaded: false, ...(options.noCache ? {} : { cacheFile: `${cacheFile}.filelists.solvx` }) } } : {}),
    excluded: excludedIds.size,
    excludedIds: [...excludedIds],
    warnings: [],
  };
  if (compsData) lazyComps(loaded, compsData.data, compsData.file);
  return loaded;
}

/**
 * Where the parts of the .solv cache file at `path` lie, from its header (read alone: the parts
 * are read by the module itself); undefined when there is no such file or it is not one.
 */
async function cachedPartRanges(path: string): Promise<{ offset: number; length: number }[] | undefined> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const { size } = await fh.stat();
    const first = new Uint8Array(8);
    await fh.read(first, 0, 8, 0);
    const headerLength = solvPartsHeaderLength(first);
    if (headerLength === undefined) return undefined;
    const head = new Uint8Array(headerLength);
    const { bytesRead } = await fh.read(head, 0, headerLength, 0);
    return bytesRead === headerLength ? solvPartRanges(head, size) : undefined;
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/**
 * Gives `loaded` a `comps` property that parses `data` on first read (and keeps the result);
 * a malformed file throws its COMPS_INVALID / DECOMPRESSION_* error then, naming `file`.
 */
function lazyComps(loaded: LoadedRepo, data: Uint8Array, file: string): void {
  let comps: Comps | undefined;
  Object.defineProperty(loaded, 'comps', {
    enumerable: true,
    configurable: true,
    get: () => (comps ??= parseComps(decompress(data, { file, maxBytes: 256 * 1024 * 1024 }), { file })),
    set: (value: Comps | undefined) => {
      comps = value;
    },
  });
}

/**
 * The module filter of `repo` (from `compute`) and its excluded packages, added to `excludedIds`;
 * with a `solvCacheFile`, both come from (or go to) the module cache beside it, so a cached run
 * neither parses modules.yaml nor matches NEVRAs. Offsets are only trusted when the repo's
 * solvables are contiguous, as a repo just loaded from one .solv file's parts is.
 */
async function cachedModuleFilter(repo: Repo, solvCacheFile: string | undefined, enable: string[], excludedIds: Set<number>, compute: () => Promise<ModuleFilter>): Promise<ModuleFilter> {
  const start = repo.start;
  const n = repo.nsolvables;
  const contiguous = repo.end - start === n;
  const path = solvCacheFile && contiguous ? moduleCachePath(solvCacheFile, enable) : undefined;
  const hit = path ? await readModuleCache(path, n) : undefined;
  if (hit) {
    for (const o of hit.excludedOffsets) excludedIds.add(start + o);
    return hit.filter;
  }
  const filter = await compute();
  const ids = matchNevras(repo, filter.excluded);
  for (const id of ids) excludedIds.add(id);
  if (path) await writeModuleCache(path, { filter, nsolvables: n, excludedOffsets: ids.map((id) => id - start).sort((a, b) => a - b) });
  return filter;
}

/**
 * Opens every source (folder, file:// or http(s):// URL, .repo file, .rpm file or folder of
 * them) into `pool`, in order. Call {@link finishPool} once all are open.
 */
export async function openRepos(pool: Pool, sources: string[], options: OpenOptions = {}): Promise<LoadedRepo[]> {
  const out: LoadedRepo[] = [];
  for (const given of sources) {
    // `ID=SOURCE` names the repository (dnf's --repofrompath); a path that exists is taken whole.
    const exists = await stat(given).then(() => true, () => false);
    const { id, source: input } = exists ? { id: undefined, source: given } : splitRepoId(given);
    const rpmKind = await isRpmSource(input);
    if (rpmKind) {
      out.push(await openRpmFiles(pool, input, rpmKind, id));
      continue;
    }
    const descriptors = await resolveRepoSource(input, { vars: options.vars, network: options.network });
    if (id !== undefined && descriptors.length > 1) {
      throw new GooseError('USAGE', `--repo ${id}=...: names one repository, but ${input} holds ${descriptors.length} (${descriptors.map((d) => d.id).join(', ')}); their own ids are used without ${id}=`);
    }
    for (const d of descriptors) out.push(await openRpmmd(pool, id === undefined ? d : { ...d, id }, options));
  }
  return out;
}

/**
 * Completes a pool after its repos are open, as dnf does: loads filelists where a file
 * dependency needs them (or as `filelists` says), adds file provides, hides the packages `repos`
 * exclude (their `excludedIds`, and the non-modular packages an active module stream masks) and
 * builds the provides index.
 */
export async function finishPool(pool: Pool, repos: LoadedRepo[], options: OpenOptions = {}): Promise<void> {
  const mode = options.filelists ?? 'auto';
  const candidates = repos.filter((r) => r.filelists && !r.filelists.loaded);
  // What this work found out last time over the same repos (filedeps-cache.ts): the check's
  // answer and the file provides, so neither the check nor the file provides' search runs again.
  const path = options.noCache ? undefined : fileDepCheckPath(options.cacheDir ?? defaultCacheDir(), pool, mode);
  const known = path ? await readFileDepCheck(path) : undefined;
  // The check for unresolved file dependencies already added the file provides and built the
  // index; when it loads nothing, neither has to be done again (the index only when some
  // package is hidden afterwards).
  let indexed = false;
  let loadedFilelists = false;
  let unresolved = known?.unresolved;
  const check = () => {
    if (unresolved !== undefined) return unresolved;
    indexed = true;
    return (unresolved = unresolvedFileDeps(pool));
  };
  if (mode !== 'never' && candidates.length && (mode === 'always' || check())) {
    for (const r of candidates) {
      options.onProgress?.({ repo: r.id, phase: 'filelists' });
      await loadFilelists(r, options);
      loadedFilelists = true;
    }
  }
  const fresh = indexed && !loadedFilelists;
  const restored = !fresh && known !== undefined && restoreFileProvides(pool, known);
  if (!fresh && !restored) pool.addFileProvides();
  // Written when made, and again when the stored one did not fit this pool.
  if (path && !restored) await writeFileDepCheck(path, { ...(unresolved !== undefined ? { unresolved } : {}), ...captureFileProvides(pool) });
  const excluded = [...repos.flatMap((r) => r.excludedIds), ...maskedByModules(repos)];
  if (excluded.length) pool.setExcluded(excluded);
  // Lazily: every Pool method that reads the index builds it first when it is stale.
  if ((!fresh || excluded.length) && !options.lazyIndex) pool.createWhatProvides();
}

/**
 * Loads `r`'s filelists into its repo: from the .solv extension cached beside its .solv parts
 * when there is one (dnf's -filenames.solvx), else from the XML, then caching that extension.
 */
async function loadFilelists(r: LoadedRepo, options: OpenOptions): Promise<void> {
  const fl = r.filelists!;
  const cached = fl.cacheFile ? await readFile(fl.cacheFile).catch(() => undefined) : undefined;
  let done = false;
  if (cached) {
    try {
      r.repo.addSolv(cached, { file: fl.cacheFile, flags: 16 /* REPO_EXTEND_SOLVABLES */ });
      done = true;
    } catch {
      // A damaged entry: read the XML instead (a failed extension adds no repodata).
    }
  }
  if (!done) {
    const file = `${r.location}/${fl.record.location}`;
    const data = await fetchRepoFile(fl.descriptor, fl.record.location, { cacheDir: options.cacheDir, expectedChecksum: fl.record.checksum, size: fl.record.size });
    r.repo.addRpmmd(data, { file, flags: 16 /* REPO_EXTEND_SOLVABLES */, maxBytes: options.maxBytes });
    const solvx = fl.cacheFile ? r.repo.writeFilelists() : undefined;
    if (solvx) await atomicWrite(fl.cacheFile!, solvx).catch(() => undefined);
  }
  fl.loaded = true;
  const key = repoContentKey(r.repo);
  if (key) setRepoContentKey(r.repo, `${key}+filelists`);
}

/** True when some file dependency (a path) has no provider among the primary file lists. */
function unresolvedFileDeps(pool: Pool): boolean {
  pool.addFileProvides();
  pool.createWhatProvides();
  return pool.unprovidedFileDep() !== 0;
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
