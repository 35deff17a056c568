/**
 * `goose-deps query [SPEC...]`: the common `dnf repoquery` questions over any repository source.
 *
 * Output matches `dnf repoquery` (dnf 4): the distinct lines sorted by code point, default format
 * `%{name}-%{epoch}:%{version}-%{release}.%{arch}`. Exit codes follow the project, not dnf:
 * 0 when something matched, 1 when nothing did (dnf exits 0 with no output), 2 for bad input.
 */
import { GooseError } from '../errors.js';
import { openDistribution } from '../distribution/index.js';
import { isFilePattern, runQuery, treeLines, treeRequires, type QueryAttr, type QueryOptions, type TreeRow } from '../query/index.js';
import { DEFAULT_QUERYFORMAT, formatPackage, packageRecord, parseQueryFormat, sortRecords, sortedUnique, type PackageRecord } from '../query/format.js';
import type { Pool } from '../solv/index.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';
import { machineArch } from './args.js';
import { printRepoWarnings } from './warnings.js';
import { checkArchMatches } from './arch.js';
import { openOptionsFor, type RepoAccess } from './repo-access.js';

/** Flags of the query command (as yargs parses them). */
export interface QueryArgs {
  /** Binary repositories. */
  repo: string[];
  /** Source repositories. */
  srcrepo: string[];
  /** Package specs. */
  specs?: string[];
  /** Architecture filter (each may hold a comma list). */
  arch?: string[] | string;
  /** Pool architecture policy. */
  forcearch?: string;
  /** --whatprovides values. */
  whatprovides: string[];
  /** --whatrequires values. */
  whatrequires: string[];
  /** --exactdeps. */
  exactdeps: boolean;
  /** --resolve. */
  resolve: boolean;
  /** --srpm. */
  srpm: boolean;
  /** --recursive. */
  recursive?: boolean;
  /** --tree. */
  tree?: boolean;
  /** --latest-limit. */
  'latest-limit'?: number;
  /** --qf. */
  qf?: string;
  /** --json. */
  json: boolean;
  /** .solv cache on/off. */
  cache: boolean;
  /** --enable-module NAME:STREAM values. */
  enableModule?: string[];
  /** --releasever, --setvar, --setopt, ... (main.ts). */
  access?: RepoAccess;
  /** Dependency-list switches (--requires, --provides, ...). */
  [attr: string]: unknown;
}

const ATTRS: QueryAttr[] = ['requires', 'provides', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances'];

/** dnf's comma-separated option values (`--arch x86_64,noarch`). */
function commaList(values: string[] | string | undefined): string[] {
  const all = values === undefined ? [] : Array.isArray(values) ? values : [values];
  return all.filter((v) => v !== undefined).flatMap((v) => String(v).split(/\s*,\s*/)).filter((v) => v !== '');
}

/** Turns the flags into query options; throws USAGE for combinations dnf rejects. */
export function queryOptions(args: QueryArgs): QueryOptions {
  const attrs = ATTRS.filter((a) => args[a] === true);
  if (attrs.length > 1) throw new GooseError('USAGE', `--${attrs[0]} and --${attrs[1]} cannot be combined`);
  if (args.resolve && !attrs.length) throw new GooseError('USAGE', `--resolve needs one of ${ATTRS.map((a) => `--${a}`).join(', ')}`);
  const whatrequires = commaList(args.whatrequires);
  if (args.exactdeps && !whatrequires.length) throw new GooseError('USAGE', '--exactdeps needs --whatrequires');
  if (args.recursive) {
    if (args.exactdeps) throw new GooseError('USAGE', '--recursive and --exactdeps cannot be combined');
    if (!whatrequires.length && !(attrs[0] === 'requires' && args.resolve)) throw new GooseError('USAGE', '--recursive needs --whatrequires, or --requires with --resolve');
  }
  if (args.tree && !whatrequires.length && !attrs.length) throw new GooseError('USAGE', `--tree needs --whatrequires or one of ${ATTRS.map((a) => `--${a}`).join(', ')}`);
  const limit = args['latest-limit'];
  if (limit !== undefined && !Number.isInteger(limit)) throw new GooseError('USAGE', '--latest-limit takes a whole number');
  return {
    specs: args.specs ?? [],
    arch: commaList(args.arch),
    whatprovides: commaList(args.whatprovides),
    whatrequires,
    exactdeps: args.exactdeps,
    latestLimit: limit,
    srpm: args.srpm,
    ...(attrs.length ? { attr: attrs[0] } : {}),
    resolve: args.resolve,
    ...(args.recursive ? { recursive: true } : {}),
    ...(args.tree ? { tree: true } : {}),
  };
}

/** Loads the repositories, runs the query, prints lines or JSON; exit 0 with results, 1 without. */
export async function queryCommand(args: QueryArgs, io: CliIo): Promise<number> {
  const options = queryOptions(args);
  const qf = parseQueryFormat(args.qf ?? DEFAULT_QUERYFORMAT);
  if (!args.repo.length && !args.srcrepo.length) throw new GooseError('USAGE', 'name at least one repository with --repo or --srcrepo');
  const arch = args.forcearch ?? machineArch();
  // dnf always has the file lists; load them when the question is about files.
  const files = [...(options.specs ?? []), ...(options.whatprovides ?? [])].some((s) => isFilePattern(s) || s.includes('/'));
  const progress = createProgress();
  // The provides index is built when the query first needs it (--whatprovides, --whatrequires,
  // --resolve, a file spec): a query by name never does.
  const dist = await openDistribution({ ...openOptionsFor(args.access, arch), onProgress: (p) => progress.load(p), repos: args.repo, srcrepos: args.srcrepo, group: false, arch, noCache: args.cache === false, filelists: files ? 'always' : 'auto', enableModules: args.enableModule, lazyIndex: true }).finally(() => progress.end());
  const pool = dist.pool;
  try {
    printRepoWarnings(io, [...dist.binary, ...dist.source]);
    if (args.forcearch !== undefined) checkArchMatches('forcearch', arch, dist.binaryRepos);
    const result = runQuery(pool, options);
    if (options.srpm && !dist.source.length) io.stderr('goose-deps: --srpm finds source packages only in --srcrepo repositories\n');
    if (result.kind === 'tree') {
      if (args.json) io.stdout(JSON.stringify(treeJson(pool, result.rows), null, 2) + '\n');
      else io.stdout(treeLines(pool, result.rows, (id) => formatPackage(pool, id, qf)).map((l) => l + '\n').join(''));
      return result.rows.length ? EXIT_OK : EXIT_NEGATIVE;
    }
    if (result.kind === 'deps') {
      const lines = sortedUnique(result.deps);
      io.stdout(args.json ? JSON.stringify(lines, null, 2) + '\n' : lines.map((l) => l + '\n').join(''));
      return lines.length ? EXIT_OK : EXIT_NEGATIVE;
    }
    if (args.json) {
      io.stdout(JSON.stringify(sortRecords(result.ids.map((id) => packageRecord(pool, id))), null, 2) + '\n');
    } else {
      io.stdout(sortedUnique(result.ids.map((id) => formatPackage(pool, id, qf))).map((l) => l + '\n').join(''));
    }
    return result.ids.length ? EXIT_OK : EXIT_NEGATIVE;
  } finally {
    dist.free();
  }
}

/** A package of `query --tree --json`: its record, its Requires, and what lies below it. */
export interface TreeNodeJson extends PackageRecord {
  /** Its Requires, as dnf's tree lists them. */
  requires: string[];
  /** True when it was expanded above under the same top-level package (nothing below it here). */
  repeated?: boolean;
  /** What lies below it. */
  children: TreeNodeJson[];
}

/** The rows of a tree as nested JSON (one array of top-level packages). */
export function treeJson(pool: Pool, rows: readonly TreeRow[]): TreeNodeJson[] {
  const top: TreeNodeJson[] = [];
  const path: TreeNodeJson[] = []; // path[level + 1]: the last node at that level
  for (const r of rows) {
    const node: TreeNodeJson = { ...packageRecord(pool, r.id), requires: treeRequires(pool, r.id), ...(r.repeated ? { repeated: true } : {}), children: [] };
    if (r.level < 0) top.push(node);
    else path[r.level].children.push(node);
    path[r.level + 1] = node;
    path.length = r.level + 2;
  }
  return top;
}
