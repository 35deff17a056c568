/** Turning the shared flags (--repo, --srcrepo, --group, --arch) into a loaded pool. */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GooseError } from '../errors.js';
import { Pool } from '../solv/index.js';
import { openRepos, finishPool, type LoadedRepo, type OpenOptions } from '../repodata/open.js';
import { buildGroupPackages, findGroup } from '../repodata/comps.js';
import { parseGroupFile } from '../repodata/groupFile.js';
import type { CommonArgs } from './main.js';
import { openOptionsFor } from './repo-access.js';

/** The built-in example distribution (fixtures/goose-dist), for `--example`. */
export const EXAMPLE = (() => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'goose-dist', 'repos');
  return { repo: [join(root, 'binary')], srcrepo: [join(root, 'source')], group: 'build' };
})();

/** A pool loaded from the command line's repositories, and the build group. */
export interface Context {
  /** The pool, finished (file provides, provides index). */
  pool: Pool;
  /** Binary repositories. */
  binary: LoadedRepo[];
  /** Source repositories. */
  source: LoadedRepo[];
  /** Build group package names, and where they came from. */
  group: { names: string[]; from: string };
}

/** Comps group ids tried, in order, when --group is not given. */
const DEFAULT_GROUPS = ['build', 'buildsys-build'];

/** Resolves --group: a comps id looked up in the repos' group data, or @FILE. */
export async function resolveGroup(spec: string | undefined, repos: LoadedRepo[], arch: string): Promise<{ names: string[]; from: string }> {
  if (spec?.startsWith('@')) {
    const file = spec.slice(1);
    const text = await readFile(file, 'utf8').catch((e: Error) => {
      throw new GooseError('GROUP_FILE_NOT_FOUND', `cannot read the group file: ${e.message}`, { file });
    });
    return { names: parseGroupFile(text, file), from: file };
  }
  const ids = spec ? [spec] : DEFAULT_GROUPS;
  for (const id of ids) {
    for (const r of repos) {
      if (!r.comps) continue;
      if (!r.comps.groups.some((g) => g.id === id)) continue;
      findGroup(r.comps, id);
      return { names: buildGroupPackages(r.comps, id, { arch }), from: `comps group '${id}' of ${r.id}` };
    }
  }
  if (spec) throw new GooseError('GROUP_NOT_FOUND', `no comps group '${spec}' in the repositories' group data (give --group @FILE for a list of names)`);
  throw new GooseError('GROUP_NOT_FOUND', `the repositories have no 'build' or 'buildsys-build' comps group: name one with --group ID or --group @FILE`);
}

/** Loads the repositories named by the shared flags. */
export async function loadContext(args: CommonArgs, options: OpenOptions & { needSources?: boolean; needGroup?: boolean } = {}): Promise<Context> {
  if (!args.repo.length) throw new GooseError('USAGE', 'name at least one binary repository with --repo (or use --example)');
  if (options.needSources && !args.srcrepo.length) throw new GooseError('USAGE', 'name at least one source repository with --srcrepo (or use --example)');
  const pool = new Pool({ arch: args.arch });
  const access = openOptionsFor(args.access, args.arch);
  const opts = { ...access, ...options, vars: { ...access.vars, ...(options.vars ?? {}) }, noCache: options.noCache ?? args.cache === false };
  const binary = await openRepos(pool, args.repo, opts);
  const source = await openRepos(pool, args.srcrepo, opts);
  await finishPool(pool, [...binary, ...source], options);
  const group = options.needGroup === false ? { names: [], from: 'none' } : await resolveGroup(args.group, [...binary, ...source], args.arch);
  return { pool, binary, source, group };
}
