/**
 * The build group: the packages every buildroot starts from (koji's `build` group, mock's
 * `buildsys-build`), from the repositories' comps data, a file, or the caller's list.
 */
import { readFile } from 'node:fs/promises';
import { GooseError } from '../errors.js';
import { buildGroupPackages, findGroup } from '../repodata/comps.js';
import { parseGroupFile } from '../repodata/groupFile.js';
import type { LoadedRepo } from '../repodata/open.js';

/** A resolved build group. */
export interface BuildGroup {
  /** Package names, sorted as their source gives them. */
  names: string[];
  /** Where they came from, for reports: `comps group 'build' of REPO`, a file name, ... */
  from: string;
}

/**
 * How to find the build group: a comps group id looked up in the repositories' group data,
 * `@FILE` (one package name a line), an explicit list of names, or undefined for the first of
 * {@link DEFAULT_GROUP_IDS} the repositories have.
 */
export type GroupSpec = string | readonly string[] | undefined;

/** Comps group ids tried, in order, when no group is named: koji's, then mock's. */
export const DEFAULT_GROUP_IDS: readonly string[] = ['build', 'buildsys-build'];

/**
 * Resolves a build group against `repos` (their comps data) for architecture `arch`. Throws
 * GROUP_NOT_FOUND when no repository has the group, GROUP_FILE_NOT_FOUND / GROUP_FILE_INVALID
 * for a bad `@FILE`.
 */
export async function resolveBuildGroup(spec: GroupSpec, repos: readonly LoadedRepo[], arch: string): Promise<BuildGroup> {
  if (Array.isArray(spec)) return { names: [...spec], from: 'the given list' };
  const id = spec as string | undefined;
  if (id?.startsWith('@')) {
    const file = id.slice(1);
    const text = await readFile(file, 'utf8').catch((e: Error) => {
      throw new GooseError('GROUP_FILE_NOT_FOUND', `cannot read the group file: ${e.message}`, { file });
    });
    return { names: parseGroupFile(text, file), from: file };
  }
  for (const candidate of id ? [id] : DEFAULT_GROUP_IDS) {
    for (const r of repos) {
      if (!r.comps?.groups.some((g) => g.id === candidate)) continue;
      findGroup(r.comps, candidate);
      return { names: buildGroupPackages(r.comps, candidate, { arch }), from: `comps group '${candidate}' of ${r.id}` };
    }
  }
  if (id) throw new GooseError('GROUP_NOT_FOUND', `no comps group '${id}' in the repositories' group data (give --group @FILE for a list of names)`);
  throw new GooseError('GROUP_NOT_FOUND', `the repositories have no 'build' or 'buildsys-build' comps group: name one with --group ID or --group @FILE`);
}
