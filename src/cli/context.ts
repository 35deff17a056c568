/** Turning the shared flags (--repo, --srcrepo, --group, --arch) into an opened distribution. */
import { GooseError } from '../errors.js';
import { EXAMPLE_DISTRIBUTION, openDistribution, type Distribution } from '../distribution/index.js';
import type { OpenOptions } from '../repodata/open.js';
import type { CommonArgs } from './main.js';

/** The built-in example distribution (fixtures/goose-dist) as flags, for `--example`. */
export const EXAMPLE = { repo: [...EXAMPLE_DISTRIBUTION.repos], srcrepo: [...EXAMPLE_DISTRIBUTION.srcrepos], group: EXAMPLE_DISTRIBUTION.group };

/** A distribution opened from the command line's repositories, with its build group. */
export type Context = Distribution;

/** The flags with `--example`'s repositories and group filled in when it is given. */
export function withExample<T extends CommonArgs & { example?: boolean }>(args: T): T {
  return args.example ? { ...args, ...EXAMPLE, group: args.group ?? EXAMPLE.group } : args;
}

/** Opens the repositories named by the shared flags (the library's openDistribution, with the CLI's checks). */
export async function loadContext(args: CommonArgs, options: OpenOptions & { needSources?: boolean; needGroup?: boolean } = {}): Promise<Context> {
  if (!args.repo.length) throw new GooseError('USAGE', 'name at least one binary repository with --repo (or use --example)');
  if (options.needSources && !args.srcrepo.length) throw new GooseError('USAGE', 'name at least one source repository with --srcrepo (or use --example)');
  const { needSources: _needSources, needGroup, ...open } = options;
  return openDistribution({
    ...open,
    repos: args.repo,
    srcrepos: args.srcrepo,
    group: needGroup === false ? false : args.group,
    arch: args.arch,
    noCache: open.noCache ?? args.cache === false,
  });
}
