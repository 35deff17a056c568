/** Turning the shared flags (--repo, --srcrepo, --group, --arch) into an opened distribution. */
import { GooseError } from '../errors.js';
import { EXAMPLE_DISTRIBUTION, openDistribution, type Distribution } from '../distribution/index.js';
import type { LoadedRepo, OpenOptions } from '../repodata/open.js';
import type { Repo } from '../solv/index.js';
import type { CommonArgs } from './args.js';
import { repoWarningLines } from './warnings.js';
import { checkArchMatches } from './arch.js';
import { openOptionsFor } from './repo-access.js';
import { defaultCacheDir } from '../repodata/cache.js';
import type { BuildrootStoreOptions } from '../buildroots/index.js';

/** The built-in example distribution (fixtures/goose-dist) as flags, for `--example`. */
export const EXAMPLE = { repo: [...EXAMPLE_DISTRIBUTION.repos], srcrepo: [...EXAMPLE_DISTRIBUTION.srcrepos], group: EXAMPLE_DISTRIBUTION.group };

/** A distribution opened from the command line's repositories, with its build group. */
export type Context = Distribution;

/** The flags with `--example`'s repositories and group filled in when it is given. */
export function withExample<T extends CommonArgs & { example?: boolean }>(args: T): T {
  return args.example ? { ...args, ...EXAMPLE, group: args.group ?? EXAMPLE.group } : args;
}

/** Where the buildroot store lives for this run: the cache folder, or undefined under `--no-cache` (every buildroot solved). */
export function storeOptions(args: { cache?: boolean; access?: { cacheDir?: string } }, warn?: (line: string) => void): BuildrootStoreOptions | undefined {
  // --cache-dir moves the buildroot store with the downloads and .solv files: one folder per cache.
  return args.cache === false ? undefined : { cacheDir: args.access?.cacheDir ?? defaultCacheDir(), onWarning: warn };
}

/** The warning for build group members no repository has (left out), or undefined when there are none. */
export function missingGroupWarning(missing: readonly string[]): string | undefined {
  if (!missing.length) return undefined;
  const list = [...missing].sort().join(', ');
  return `goose-deps: warning: ${missing.length === 1 ? 'build group member' : `${missing.length} build group members`} in no repository, left out as dnf group install does: ${list}\n`;
}

/**
 * Opens the repositories named by the shared flags (the library's openDistribution, with the
 * CLI's checks: `--arch` must accept some package); `warn` receives the warnings (damaged `.rpm`
 * files of a folder, build group members no repository has).
 */
export async function loadContext(args: CommonArgs, options: OpenOptions & { needSources?: boolean; needGroup?: boolean; warn?: (line: string) => void } = {}): Promise<Context> {
  if (!args.repo.length) throw new GooseError('USAGE', 'name at least one binary repository with --repo (or use --example)');
  if (options.needSources && !args.srcrepo.length) throw new GooseError('USAGE', 'name at least one source repository with --srcrepo (or use --example)');
  const { needSources: _needSources, needGroup, warn, ...open } = options;
  const access = openOptionsFor(args.access, args.arch);
  const dist = await openDistribution({
    ...access,
    ...open,
    vars: { ...access.vars, ...(open.vars ?? {}) },
    repos: args.repo,
    srcrepos: args.srcrepo,
    group: needGroup === false ? false : args.group,
    groupId: args.groupId,
    arch: args.arch,
    noCache: open.noCache ?? args.cache === false,
    enableModules: open.enableModules ?? args.enableModule,
  });
  checkLoaded({ arch: args.arch, loaded: [...dist.binary, ...dist.source], binaryRepos: dist.binaryRepos, groupMissing: dist.group.missing, free: () => dist.free() }, warn);
  return dist;
}

/**
 * The CLI's checks after repositories are opened, the same for every command: each repository's
 * warnings, then `--arch` (which must accept some binary package; `free` runs before it throws),
 * then the build group members no repository has. The arch comes before the group's warning:
 * under a wrong `--arch` every group member looks missing.
 */
export function checkLoaded(opened: { arch: string; loaded: readonly Pick<LoadedRepo, 'warnings'>[]; binaryRepos: readonly Repo[]; groupMissing: readonly string[]; free: () => void }, warn?: (line: string) => void): void {
  for (const line of repoWarningLines(opened.loaded)) warn?.(line);
  try {
    checkArchMatches('arch', opened.arch, opened.binaryRepos);
  } catch (e) {
    opened.free();
    throw e;
  }
  const warning = missingGroupWarning(opened.groupMissing);
  if (warning) warn?.(warning);
}
