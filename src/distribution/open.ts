/**
 * Opening a distribution in one call: binary and source repositories into one finished pool,
 * and its build group. The CLI's commands and a pipeline script do exactly this.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GooseError } from '../errors.js';
import { Pool, type Repo } from '../solv/index.js';
import { finishPool, openRepos, type LoadedRepo, type OpenOptions } from '../repodata/open.js';
import { atomicWrite } from '../repodata/cache.js';
import { dropMissingMembers, resolveBuildGroup, type BuildGroup, type GroupSpec } from './group.js';

/** What {@link openDistribution} opens. */
export interface DistributionOptions extends OpenOptions {
  /** Binary repositories: folders, `file://` or `http(s)://` baseurls, `.repo` files, `.rpm` files or folders of them. */
  repos: readonly string[];
  /** Source repositories: rpm-md of arch `src`, or folders of `.src.rpm`. */
  srcrepos?: readonly string[];
  /**
   * The build group: a comps group id, `@FILE`, a list of names, undefined for the repositories'
   * `build` (then `buildsys-build`) group, or `false` for none. Members no repository has are
   * left out (and listed in `group.missing`).
   */
  group?: GroupSpec | false;
  /** The group id inside a comps or koji `@FILE` (default `build`, then `buildsys-build`). */
  groupId?: string;
  /** Target architecture (default `x86_64`); also `$basearch` and `$arch` in `.repo` files. */
  arch?: string;
}

/** An opened distribution. Free it (or `using`) when done: it owns its pool. */
export interface Distribution extends Disposable {
  /** The pool, finished: file provides added, exclusions applied, provides indexed (with `lazyIndex`: on first use). */
  pool: Pool;
  /** The binary repositories as loaded (id, location, format, comps, ...). */
  binary: LoadedRepo[];
  /** The source repositories as loaded. */
  source: LoadedRepo[];
  /** The binary repos of `pool`, as the build-graph, buildroot and why functions take them. */
  binaryRepos: Repo[];
  /** The source repos of `pool`. */
  sourceRepos: Repo[];
  /** The build group (empty, from `none`, when `group: false`). */
  group: BuildGroup;
  /** Frees the pool. */
  free(): void;
}

/** The built-in example distribution (fixtures/goose-dist): binaries, sources and group id. */
export const EXAMPLE_DISTRIBUTION: { readonly repos: readonly string[]; readonly srcrepos: readonly string[]; readonly group: string } = (() => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'goose-dist', 'repos');
  return { repos: [join(root, 'binary')], srcrepos: [join(root, 'source')], group: 'build' };
})();

/** `OpenOptions` with the architecture's `.repo` variables filled in. */
function openOptions(options: OpenOptions, arch: string): OpenOptions {
  return { ...options, vars: { basearch: arch, arch, ...(options.vars ?? {}) } };
}

/** Runs `fn` on a new pool; frees the pool when it throws. */
async function withPool<T>(arch: string, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ arch });
  try {
    return await fn(pool);
  } catch (e) {
    pool.free();
    throw e;
  }
}

/**
 * Opens binary and source repositories into one finished pool (as dnf would: filelists when a
 * file dependency needs them, module and `.repo` exclusions applied) and resolves the build group
 * against their comps data. USAGE when no repository is named.
 */
export async function openDistribution(options: DistributionOptions): Promise<Distribution> {
  if (!options.repos.length && !options.srcrepos?.length) throw new GooseError('USAGE', 'name at least one repository (--repo or --srcrepo)');
  const arch = options.arch ?? 'x86_64';
  const opts = openOptions(options, arch);
  return withPool(arch, async (pool) => {
    const binary = await openRepos(pool, [...options.repos], opts);
    const source = await openRepos(pool, [...(options.srcrepos ?? [])], opts);
    await finishPool(pool, [...binary, ...source], options);
    const group = options.group === false ? { names: [], from: 'none', missing: [] } : dropMissingMembers(await resolveBuildGroup(options.group, [...binary, ...source], arch, options), pool);
    return {
      pool,
      binary,
      source,
      binaryRepos: binary.map((r) => r.repo),
      sourceRepos: source.map((r) => r.repo),
      group,
      free: () => pool.free(),
      [Symbol.dispose]: () => pool.free(),
    };
  });
}

/** What {@link openRebuild} opens. */
export interface RebuildOptions extends OpenOptions {
  /** Upstream binary repositories (what the distribution being rebuilt ships). */
  repos: readonly string[];
  /** Source repositories (what is to be rebuilt). */
  srcrepos: readonly string[];
  /** Repositories of the binaries rebuilt so far. */
  built: readonly string[];
  /** The build group, as for {@link openDistribution} (looked up in every repository's comps). */
  group?: GroupSpec;
  /** The group id inside a comps or koji `@FILE`. */
  groupId?: string;
  /** Target architecture (default `x86_64`). */
  arch?: string;
}

/**
 * A rebuild in progress as two finished pools: upstream binaries with the sources, and the
 * rebuilt binaries (with a copy of the sources, whose BuildRequires decide the file provides the
 * rebuilt repos need). Its fields are `computeReadiness`'s input. Free it when done.
 */
export interface Rebuild extends Disposable {
  /** Upstream binaries first, then the sources. */
  upstream: Pool;
  /** The upstream binary repos of `upstream`. */
  upstreamRepos: Repo[];
  /** The source repos of `upstream`. */
  sourceRepos: Repo[];
  /** The rebuilt binaries first, then the copied sources. */
  built: Pool;
  /** The rebuilt binary repos of `built`. */
  builtRepos: Repo[];
  /** Build group package names (those upstream has). */
  group: string[];
  /** Where the group came from. */
  groupFrom: string;
  /** Group members upstream does not have, left out of `group`. */
  groupMissing: string[];
  /** The repositories as loaded: upstream binaries, sources, rebuilt binaries. */
  loaded: { upstream: LoadedRepo[]; source: LoadedRepo[]; built: LoadedRepo[] };
  /** Frees both pools. */
  free(): void;
}

/**
 * Adds the sources `s` to the built pool as one `.solv` of its upstream copy. Written once and
 * kept beside the repo's `.solv` cache file (on bookworm, writing it took ~0.5 s of every
 * readiness run): the bytes loaded are those writeSolv gives, so the pool is the same either way.
 * The copy is named by the cache file, itself named by the repo's repomd.xml: it is never stale.
 * (Written after finishPool, it could hold file provides the other repos asked for; a source
 * package lists only relative names (foo.spec, foo.tar.gz), which no file dependency matches.)
 */
async function addSourcesCopy(built: Pool, s: LoadedRepo): Promise<void> {
  const path = s.solvCache && `${s.solvCache}.sources-copy.solv`;
  if (path && existsSync(path)) {
    const repo = built.addRepo(`${s.id}-sources`);
    try {
      repo.addSolvFile(path, 0, { file: path });
      return;
    } catch {
      // A damaged copy is not the user's problem: write it again (as the .solv cache does).
      repo.free();
    }
  }
  const bytes = s.repo.writeSolv();
  if (path) await atomicWrite(path, bytes).catch(() => undefined);
  built.addRepo(`${s.id}-sources`).addSolv(bytes);
}

/** Opens the two pools of a rebuild (see {@link Rebuild}). USAGE when a list of repositories is empty. */
export async function openRebuild(options: RebuildOptions): Promise<Rebuild> {
  if (!options.repos.length) throw new GooseError('USAGE', 'name at least one upstream binary repository (--repo)');
  if (!options.srcrepos.length) throw new GooseError('USAGE', 'name at least one source repository (--srcrepo)');
  if (!options.built.length) throw new GooseError('USAGE', 'name at least one repository of rebuilt binaries (--built)');
  const arch = options.arch ?? 'x86_64';
  const opts = openOptions(options, arch);
  return withPool(arch, async (upstream) => {
    const up = await openRepos(upstream, [...options.repos], opts);
    const src = await openRepos(upstream, [...options.srcrepos], opts);
    await finishPool(upstream, [...up, ...src], opts);
    return withPool(arch, async (built) => {
      const bl = await openRepos(built, [...options.built], opts);
      for (const s of src) await addSourcesCopy(built, s);
      await finishPool(built, bl, opts);
      const group = dropMissingMembers(await resolveBuildGroup(options.group, [...up, ...src, ...bl], arch, options), upstream);
      const free = () => {
        upstream.free();
        built.free();
      };
      return {
        upstream,
        upstreamRepos: up.map((r) => r.repo),
        sourceRepos: src.map((r) => r.repo),
        built,
        builtRepos: bl.map((r) => r.repo),
        group: group.names,
        groupFrom: group.from,
        groupMissing: group.missing,
        loaded: { upstream: up, source: src, built: bl },
        free,
        [Symbol.dispose]: free,
      };
    });
  });
}
