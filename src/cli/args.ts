/**
 * The flags every command shares (`--repo`, `--srcrepo`, `--group`, `--arch`, `--json`, ...), apart
 * from main.ts so that the commands can name their type without importing the CLI entry.
 */
import type { Argv } from 'yargs';
import { REPO_ACCESS_FLAGS, type RepoAccess } from './repo-access.js';

/** The flags every command shares (see the README's "Command line"). */
export interface CommonArgs {
  /** Binary repositories: folders, URLs, .repo files, .rpm files. */
  repo: string[];
  /** Source repositories: rpm-md of arch src, or folders of .src.rpm. */
  srcrepo: string[];
  /** Build group: a comps group id, or @FILE (names one a line, comps XML, or koji's getTagGroups answer). */
  group?: string;
  /** The group id inside a comps or koji @FILE (default build, then buildsys-build). */
  groupId?: string;
  /** Target architecture; default: the machine's. */
  arch: string;
  /** Machine-readable output. */
  json: boolean;
  /** Use the .solv cache (`--no-cache` turns it off). */
  cache: boolean;
  /** Module streams to enable, `NAME:STREAM` (`--enable-module`, repeatable). */
  enableModule: string[];
  /** --releasever, --setvar, --varsdir, --setopt, --config, --timeout, --retries, read before the command runs. */
  access?: RepoAccess;
}

/** The machine's architecture in RPM terms. */
export function machineArch(): string {
  const map: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[process.arch] ?? process.arch;
}

/** Declares the shared flags on a yargs parser. */
export function common<T>(y: Argv<T>) {
  return y
    .option('repo', { type: 'string', array: true, default: [] as string[], describe: 'binary repository: folder, URL, .repo file or .rpm files (repeatable)' })
    .option('srcrepo', { type: 'string', array: true, default: [] as string[], describe: 'source repository: rpm-md of arch src, or a folder of .src.rpm (repeatable)' })
    .option('group', { type: 'string', describe: "build group: a comps group id, or @FILE: package names one a line, a comps XML file, or koji's getTagGroups answer" })
    .option('group-id', { type: 'string', describe: 'the group inside a comps or koji --group @FILE (default: build, then buildsys-build)' })
    .option('arch', { type: 'string', default: machineArch(), describe: 'target architecture' })
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' })
    .option('cache', { type: 'boolean', default: true, describe: 'use the .solv cache in $XDG_CACHE_HOME/goose-deps (--no-cache to bypass)' })
    .option('enable-module', { type: 'string', array: true, default: [] as string[], describe: 'enable a module stream NAME:STREAM, as `dnf module enable` (repeatable)' })
    .options(REPO_ACCESS_FLAGS);
}
