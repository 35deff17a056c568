/**
 * Finding the stored build graph without loading the repositories (`order`, `rdeps`). The graph key
 * (graph-cache.ts) is computed from the loaded pool, which costs a second or more on a whole
 * distribution; yet when every repository is a local rpm-md folder, what the pool will be is
 * decided by files we can hash cheaply (each repomd.xml, the `--group @FILE`), the flags, and the
 * code. After a full load a run records, under a hash of those (the *load fingerprint*), the graph
 * key it computed with the build group and the load's warnings; a later run with the same
 * fingerprint opens that graph directly (`order` answers from the graph store, `--affected-by`
 * walks its reverse lists).
 *
 * Validity rule: the fingerprint covers the command-line flags that reach the loader (repos,
 * source repos, group, group id, arch, modules, weak, the repository access options), the
 * machine's architecture, each repomd.xml's sha256 and the group file's, and the code of the
 * loader and of this command (`codeFingerprint`). The loader keys repositories by their
 * repomd.xml too (repodata/content-key.ts), so an unchanged fingerprint means the same content
 * keys; a record is written only when every repository's content key is that repomd.xml's.
 * Anything else (URLs, `.repo` files, folders of `.rpm` files, variables in paths) finds no
 * shortcut and loads as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pruneContexts } from '../buildroots/index.js';
import { codeFingerprint } from '../order/index.js';
import { repoContentKey } from '../repodata/content-key.js';
import type { Repo } from '../solv/index.js';
import type { CommonArgs } from './args.js';

/** Records kept (the most recently written). */
export const SHORTCUTS_KEPT = 16;
const MAGIC = 'goose-graph-shortcut-1';

/** What a full load told about these inputs: its graph key, build group and warnings. */
export interface GraphShortcut {
  /** The graph key the loaded pool gave (graphKeyOf). */
  graphKey: string;
  /** The build group as the load resolved it. */
  group: { from: string; names: string[] };
  /** The warnings the load printed, printed again by a run that skips it. */
  warnings: string[];
}

/** The inputs that decide a load: fingerprint and the repomd.xml hash of each repository, or undefined when some input is not a local rpm-md folder. */
export interface LoadFingerprint {
  /** A sha256 of everything listed in this module's validity rule. */
  key: string;
  /** Per repository (binary then source), the sha256 of its repomd.xml. */
  repomd: string[];
}

let loaderCode: string | undefined;
/** The hash of the code a load and this command run: this folder, the loader's, the pool's. */
function code(): string {
  loaderCode ??= codeFingerprint(['./', '../repodata/', '../distribution/', '../solv/', '../order/'].map((d) => new URL(d, import.meta.url)));
  return loaderCode;
}

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The repomd.xml of `arg` when it names a local folder of rpm-md metadata, else undefined. */
function localRepomd(arg: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(arg) || arg.includes('$')) return undefined;
  const dir = resolve(arg);
  const repomd = join(dir, 'repodata', 'repomd.xml');
  try {
    return statSync(dir).isDirectory() && existsSync(repomd) ? repomd : undefined;
  } catch {
    return undefined;
  }
}

/** The load fingerprint of `args` (see the module comment), or undefined when an input is not a local file. */
export async function loadFingerprint(args: CommonArgs & { weak?: boolean }): Promise<LoadFingerprint | undefined> {
  const repos = [...args.repo, ...args.srcrepo];
  const files = repos.map(localRepomd);
  if (!repos.length || files.some((f) => f === undefined)) return undefined;
  let group: string | null = null;
  if (args.group?.startsWith('@')) {
    const text = await readFile(resolve(args.group.slice(1))).catch(() => undefined);
    if (!text) return undefined;
    group = sha256(text);
  }
  const repomd = await Promise.all(files.map(async (f) => sha256(await readFile(f!))));
  // Functions (the notice sink) drop out; the environment only reaches downloads (proxies), and every repository here is local.
  const access = args.access ? JSON.stringify({ ...args.access, network: args.access.network && { ...args.access.network, env: undefined } }) : null;
  // The flags as given (messages and the group's `from` quote them) and the folders they name.
  const where = (paths: readonly string[]) => paths.map((p) => [p, resolve(p)]);
  const groupSpec = args.group?.startsWith('@') ? [args.group, resolve(args.group.slice(1))] : (args.group ?? null);
  const canon = JSON.stringify([MAGIC, code(), process.arch, where(args.repo), where(args.srcrepo), groupSpec, args.groupId ?? null, args.arch, args.enableModule, !!args.weak, args.cache, access, repomd, group]);
  return { key: sha256(canon).slice(0, 32), repomd };
}

const fileOf = (cacheDir: string, fp: LoadFingerprint) => join(cacheDir, 'graph-shortcuts', `${fp.key}.json`);

/** The shortcut recorded for `fp` under `cacheDir`, or undefined (none, or not readable as one). */
export async function readShortcut(cacheDir: string, fp: LoadFingerprint): Promise<GraphShortcut | undefined> {
  const text = await readFile(fileOf(cacheDir, fp), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    const j = JSON.parse(text) as GraphShortcut & { magic: string; key: string };
    const ok = j.magic === MAGIC && j.key === fp.key && typeof j.graphKey === 'string' && typeof j.group?.from === 'string' && Array.isArray(j.group.names) && Array.isArray(j.warnings);
    return ok ? { graphKey: j.graphKey, group: { from: j.group.from, names: j.group.names }, warnings: j.warnings } : undefined;
  } catch {
    return undefined; // a torn or foreign file: the run loads, and writes it again
  }
}

/**
 * Records `shortcut` for `fp` when the loaded repositories' content keys are their repomd.xml
 * hashes (so the fingerprint decides them); returns whether it did. Written under a temporary
 * name and renamed; older records pruned.
 */
export async function writeShortcut(cacheDir: string, fp: LoadFingerprint, repos: readonly Repo[], shortcut: GraphShortcut): Promise<boolean> {
  if (repos.length !== fp.repomd.length) return false;
  if (!repos.every((r, i) => repoContentKey(r)?.startsWith(`rpm-md:${fp.repomd[i]}:`))) return false;
  const dir = join(cacheDir, 'graph-shortcuts');
  await mkdir(dir, { recursive: true });
  const path = fileOf(cacheDir, fp);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify({ magic: MAGIC, key: fp.key, ...shortcut }));
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
  await pruneContexts(dir, SHORTCUTS_KEPT);
  return true;
}

/**
 * A `warn` for a loading run that prints each line and keeps it: the shortcut written after the
 * load replays them, so a run that skips the load warns as the loading run did.
 */
export function keptWarnings(print: (line: string) => void): { warnings: string[]; warn: (line: string) => void } {
  const warnings: string[] = [];
  return {
    warnings,
    warn: (line) => {
      warnings.push(line);
      print(line);
    },
  };
}
