/**
 * The build group: the packages every buildroot starts from (koji's `build` group, mock's
 * `buildsys-build`), from the repositories' comps data, a file (a list of names, a comps XML
 * file, or koji's getTagGroups answer), or the caller's list.
 */
import { readFile } from 'node:fs/promises';
import { GooseError } from '../errors.js';
import { buildGroupPackages, parseComps, type Comps } from '../repodata/comps.js';
import { decompress } from '../repodata/compression.js';
import { parseGroupFile } from '../repodata/groupFile.js';
import { parseKojiTagGroups } from '../repodata/kojiTagGroups.js';
import type { LoadedRepo } from '../repodata/open.js';
import type { Pool } from '../solv/index.js';

/** A resolved build group. */
export interface BuildGroup {
  /** Package names, in the order their source gives them. */
  names: string[];
  /** Where they came from, for reports: `comps group 'build' of REPO`, a file name, ... */
  from: string;
  /**
   * Members no repository has, left out of `names` as `dnf group install` does (filled in by
   * openDistribution and openRebuild, which have the pool; empty otherwise).
   */
  missing: string[];
}

/**
 * How to find the build group: a comps group id looked up in the repositories' group data,
 * `@FILE`, an explicit list of names, or undefined for the first of {@link DEFAULT_GROUP_IDS}
 * the repositories have.
 */
export type GroupSpec = string | readonly string[] | undefined;

/** Options of {@link resolveBuildGroup}. */
export interface GroupOptions {
  /** The group id to take from a comps or koji `@FILE` (default: `build`, then `buildsys-build`). */
  groupId?: string;
}

/** Comps group ids tried, in order, when no group is named: koji's, then mock's. */
export const DEFAULT_GROUP_IDS: readonly string[] = ['build', 'buildsys-build'];

/** Largest group file accepted after decompression. */
const MAX_GROUP_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Resolves a build group against `repos` (their comps data) for architecture `arch`. `@FILE` is a
 * list of names (one a line), a comps XML file, or koji's getTagGroups answer (XML-RPC, the JSON
 * of `koji call --json-output`, or a recorded cassette), compressed or not. Throws GROUP_NOT_FOUND
 * when the group is nowhere, GROUP_FILE_NOT_FOUND / GROUP_FILE_INVALID / COMPS_INVALID /
 * KOJI_INVALID for a bad file.
 */
export async function resolveBuildGroup(spec: GroupSpec, repos: readonly LoadedRepo[], arch: string, options: GroupOptions = {}): Promise<BuildGroup> {
  if (Array.isArray(spec)) return { names: [...spec], from: 'the given list', missing: [] };
  if (options.groupId && typeof spec === 'string' && !spec.startsWith('@')) {
    throw new GooseError('USAGE', '--group-id names the group inside --group @FILE; with --group ID it has nothing to name');
  }
  const id = (spec as string | undefined) ?? options.groupId;
  if (id?.startsWith('@')) return readGroupFile(id.slice(1), arch, options.groupId);
  for (const candidate of id ? [id] : DEFAULT_GROUP_IDS) {
    for (const r of repos) {
      if (!r.comps?.groups.some((g) => g.id === candidate)) continue;
      return { names: buildGroupPackages(r.comps, candidate, { arch }), from: `comps group '${candidate}' of ${r.id}`, missing: [] };
    }
  }
  if (id) throw new GooseError('GROUP_NOT_FOUND', `no comps group '${id}' in the repositories' group data (give --group @FILE for a list of names)`);
  throw new GooseError('GROUP_NOT_FOUND', `the repositories have no 'build' or 'buildsys-build' comps group: name one with --group ID or --group @FILE`);
}

/** A group file: comps XML or a koji answer (a group of it), or else one name a line. */
async function readGroupFile(file: string, arch: string, groupId: string | undefined): Promise<BuildGroup> {
  const raw = await readFile(file).catch((e: Error) => {
    throw new GooseError('GROUP_FILE_NOT_FOUND', `cannot read the group file: ${e.message}`, { file });
  });
  const bytes = decompress(raw, { file, maxBytes: MAX_GROUP_FILE_BYTES });
  const text = new TextDecoder().decode(bytes);
  const head = text.slice(0, 4096).trimStart();
  let comps: Comps;
  let kind: string;
  if (/<methodResponse[\s>]/.test(head) || head.startsWith('{') || head.startsWith('[')) {
    comps = parseKojiTagGroups(text, file);
    kind = 'koji group';
  } else if (head.startsWith('<')) {
    comps = parseComps(text, { file });
    kind = 'comps group';
  } else {
    return { names: parseGroupFile(text, file), from: file, missing: [] };
  }
  const ids = groupId ? [groupId] : DEFAULT_GROUP_IDS;
  const found = ids.find((g) => comps.groups.some((x) => x.id === g));
  if (!found) {
    const known = comps.groups.map((g) => g.id).sort();
    const some = known.length > 8 ? `${known.slice(0, 8).join(', ')} and ${known.length - 8} more` : known.join(', ') || 'none';
    throw new GooseError('GROUP_NOT_FOUND', `no group ${ids.map((g) => `'${g}'`).join(' or ')} in it (it has ${some}); name one with --group-id`, { file });
  }
  return { names: buildGroupPackages(comps, found, { arch }), from: `${kind} '${found}' of ${file}`, missing: [] };
}

/**
 * Leaves out the members no binary package of `pool` is named (the group installs by name), as
 * `dnf group install` does: one missing name must not make every buildroot unresolvable. The
 * pool must be finished (provides indexed, exclusions applied).
 */
export function dropMissingMembers(group: BuildGroup, pool: Pool): BuildGroup {
  const has = (name: string): boolean => {
    const id = pool.str2id(name, false);
    if (!id) return false;
    for (const p of pool.whatProvidesIds(id)) {
      const s = pool.solvable(p);
      if (s.name === name && s.arch !== 'src' && s.arch !== 'nosrc') return true;
    }
    return false;
  };
  const missing = group.names.filter((n) => !has(n));
  if (!missing.length) return group;
  return { ...group, names: group.names.filter((n) => !missing.includes(n)), missing: [...group.missing, ...missing] };
}
