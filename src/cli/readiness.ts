/** `goose-deps readiness`: how far a rebuild is, what to submit next, what blocks the most; `readiness diff`: what changed. */
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GooseError } from '../errors.js';
import { openRebuild, type Rebuild } from '../distribution/index.js';
import { computeReadiness, whatIfBuilt, type Readiness } from '../readiness/index.js';
import { readinessJson, readinessJsonPieces, type ReadinessJson } from '../report/readiness-json.js';
import { readinessText } from '../report/readiness-text.js';
import { readinessMarkdown } from '../report/readiness-markdown.js';
import { readinessHtml, readinessPage } from '../report/readiness-html.js';
import { pageSolvFiles } from '../report/page-solv.js';
import { appendReport, diffLatest, diffText } from '../history/store.js';
import { checkLoaded, storeOptions } from './context.js';
import type { CliIo } from './io.js';
import { createProgress, type Progress } from './progress.js';
import type { LoadProgress } from '../repodata/open.js';
import type { ReadinessArgs } from './readiness-args.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';
import { openOptionsFor } from './repo-access.js';
export type { ReadinessArgs } from './readiness-args.js';
import { keptKey, lookUpKept, readKept, writeJsonReport, type KeptLookup } from './readiness-kept.js';
import type { KeptResult } from '../readiness/kept.js';

/**
 * Opens the two pools (the library's openRebuild, with the CLI's checks): upstream binaries +
 * sources, and built binaries (+ the sources, for their file provides).
 */
export async function loadReadinessInput(args: Pick<ReadinessArgs, 'repo' | 'srcrepo' | 'built' | 'group' | 'arch' | 'cache' | 'access'> & { workers?: number; enableModule?: string[]; groupId?: string }, warn?: (line: string) => void, progress?: Progress): Promise<{ input: Rebuild; free: () => void }> {
  if (!args.repo.length) throw new GooseError('USAGE', 'name at least one upstream binary repository with --repo');
  if (!args.srcrepo.length) throw new GooseError('USAGE', 'name at least one source repository with --srcrepo');
  if (!args.built.length) throw new GooseError('USAGE', 'name at least one repository of rebuilt binaries with --built');
  const input = await openRebuild({ ...openOptionsFor(args.access, args.arch), repos: args.repo, srcrepos: args.srcrepo, built: args.built, group: args.group, groupId: args.groupId, arch: args.arch, noCache: args.cache === false, threads: args.workers, enableModules: args.enableModule, ...(progress ? { onProgress: (p: LoadProgress) => progress.load(p) } : {}) }).finally(() => progress?.end());
  checkLoaded({ arch: args.arch, loaded: [...input.loaded.upstream, ...input.loaded.source, ...input.loaded.built], binaryRepos: input.upstreamRepos, groupMissing: input.groupMissing, free: () => input.free() }, warn);
  return { input, free: () => input.free() };
}

/** Renders a report in one format. */
export function renderReadiness(j: ReadinessJson, format: ReadinessArgs['format'], colour: boolean): string {
  if (format === 'json') return [...readinessJsonPieces(j)].join('');
  if (format === 'markdown') return readinessMarkdown(j);
  if (format === 'html') return readinessHtml(j);
  return readinessText(j, { colour });
}

/**
 * Writes the page as a folder (index.html, first.js, data.js, problems.js, app.js; with `solv`, from
 * pageSolvFiles, libsolv.js, solv.js and page-solv.js too), creating it if needed.
 */
export async function writePageFolder(dir: string, j: ReadinessJson, solv?: ReadonlyMap<string, string>): Promise<void> {
  const files = readinessPage(j, { solv });
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of files) await writeFile(join(dir, name), text);
  } catch (e) {
    throw new GooseError('OUTPUT_WRITE', `cannot write the page folder ${dir}: ${(e as Error).message}`, {}, { cause: e });
  }
}

/**
 * Writes the text `pieces` as UTF-8 through one reused buffer: a report of 100 MB converted
 * whole would allocate (and fault in) as much again, for nothing.
 */
async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const step = 1 << 19;
  const buf = Buffer.allocUnsafe(3 * step + 4);
  const fh = await open(path, 'w');
  try {
    for (const text of pieces) for (let i = 0; i < text.length; ) {
      let end = Math.min(i + step, text.length);
      // Never split a surrogate pair between two pieces.
      if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      const n = buf.write(text.slice(i, end), 0);
      for (let at = 0; at < n; ) at += (await fh.write(buf, at, n - at)).bytesWritten;
      i = end;
    }
  } finally {
    await fh.close();
  }
}

/** The page folder's libsolv files; without the page bundle (a clone not built) a warning and none. */
function pageSolvOrWarn(input: Rebuild, weak: boolean, warn: (line: string) => void): Map<string, string> | undefined {
  try {
    return pageSolvFiles(input, { weak });
  } catch (e) {
    if (!(e instanceof GooseError) || e.code !== 'PAGE_BUNDLE_MISSING') throw e;
    warn(`goose-deps: warning: ${e.message}; the page is written without libsolv's answers\n`);
    return undefined;
  }
}

/** Runs the command; exit 1 when something is unresolvable. */
export async function readinessCommand(args: ReadinessArgs, io: CliIo): Promise<number> {
  if (args.action === 'diff') {
    if (!args.db) throw new GooseError('USAGE', 'readiness diff needs --db FILE');
    const d = await diffLatest(args.db);
    io.stdout(args.json ? JSON.stringify(d, null, 2) + '\n' : diffText(d));
    return EXIT_OK;
  }
  const format = args.json ? 'json' : args.format;
  if (format === 'html' && !args.output) throw new GooseError('USAGE', '--format html needs --output DIR (a folder: index.html and its scripts, libsolv answering in the page) or --output FILE.html (one self-contained file)');
  const folder = format === 'html' && !/\.html?$/i.test(args.output!);
  const progress = createProgress();
  const store = storeOptions(args, io.stderr);
  // The kept result's file is named by the arguments; whether it serves, by its key (the repositories loaded).
  const lookup = lookUpKept(args, store);
  const { input, free } = await loadReadinessInput(args, io.stderr, progress);
  let r: Readiness;
  let key: string | undefined;
  let kept: ReturnType<typeof readKept>;
  // The folder carries the upstream pool as .solv for libsolv in the page: written before the pools are freed.
  let solv: Map<string, string> | undefined;
  try {
    key = lookup && keptKey(input, args);
    kept = key ? readKept(lookup, key, io.stderr) : undefined;
    r = await computeReadiness(input, { only: args.only.length ? args.only : undefined, weak: args.weak, workers: args.workers, store, kept, onProgress: (phase, done, total) => progress.count(`solving buildroots (${phase})`, done, total) });
    if (folder) solv = pageSolvOrWarn(input, args.weak, io.stderr);
  } catch (e) {
    kept?.close();
    throw e;
  } finally {
    progress.end();
    free();
  }
  // Kept entries are read from the kept file until the last report is out.
  try {
    return await reportReadiness(args, io, r, lookup, key, kept, folder ? solv : undefined, format, folder);
  } finally {
    kept?.close();
  }
}

/** Renders and writes the report of `r` (and keeps it with --db); the exit code. */
async function reportReadiness(args: ReadinessArgs, io: CliIo, r: Readiness, lookup: KeptLookup | undefined, key: string | undefined, kept: KeptResult | undefined, solv: Map<string, string> | undefined, format: ReadinessArgs['format'], folder: boolean): Promise<number> {
  const j = readinessJson(r);
  const assume = args.assumeBuilt ?? [];
  if (assume.length) {
    const w = whatIfBuilt(j.packages, assume);
    if (w.unknown.length) throw new GooseError('UNKNOWN_SOURCE', `--assume-built: ${w.unknown.join(', ')} ${w.unknown.length === 1 ? 'is' : 'are'} no source of the report`);
    j.whatIf = w;
  }
  if (folder) await writePageFolder(args.output!, j, solv);
  else {
    if (format === 'json') {
      // The kept result is written by JSON runs, which render every entry anyway.
      const text = await writeJsonReport(j, r, args.output, lookup, key, io.stderr, kept);
      if (text !== undefined) io.stdout(text);
    } else {
      const text = renderReadiness(j, format, io.isTTY && !args.output && !process.env.NO_COLOR);
      if (args.output) await writePieces(args.output, [text]);
      else io.stdout(text);
    }
  }
  if (args.db) await appendReport(args.db, j);
  return j.summary.unresolvable ? EXIT_NEGATIVE : EXIT_OK;
}
