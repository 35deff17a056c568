/** `goose-deps readiness`: how far a rebuild is, what to submit next, what blocks the most; `readiness diff`: what changed. */
import { writeFile } from 'node:fs/promises';
import { GooseError } from '../errors.js';
import { Pool } from '../solv/index.js';
import { openRepos, finishPool } from '../repodata/open.js';
import { computeReadiness, type Readiness } from '../readiness/index.js';
import { readinessJson, type ReadinessJson } from '../report/readiness-json.js';
import { readinessText } from '../report/readiness-text.js';
import { readinessMarkdown } from '../report/readiness-markdown.js';
import { readinessHtml } from '../report/readiness-html.js';
import { appendReport, diffLatest, diffText } from '../history/store.js';
import { resolveGroup } from './context.js';
import type { CliIo } from './io.js';
import type { CommonArgs } from './main.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';

/** Flags of the readiness command. */
export interface ReadinessArgs extends CommonArgs {
  /** `diff` compares the last two reports of --db; absent computes a report. */
  action?: 'diff';
  /** Repositories of what is already rebuilt. */
  built: string[];
  /** Only these source names. */
  only: string[];
  /** Output format (--json overrides). */
  format: 'text' | 'json' | 'markdown' | 'html';
  /** Write the report here instead of stdout (required for html). */
  output?: string;
  /** SQLite history file. */
  db?: string;
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads. */
  workers?: number;
}

/** Loads the two pools: upstream binaries + sources, and built binaries (+ the sources, for their file provides). */
export async function loadReadinessInput(args: Pick<ReadinessArgs, 'repo' | 'srcrepo' | 'built' | 'group' | 'arch' | 'cache'> & { workers?: number }) {
  if (!args.repo.length) throw new GooseError('USAGE', 'name at least one upstream binary repository with --repo');
  if (!args.srcrepo.length) throw new GooseError('USAGE', 'name at least one source repository with --srcrepo');
  if (!args.built.length) throw new GooseError('USAGE', 'name at least one repository of rebuilt binaries with --built');
  const opts = { vars: { basearch: args.arch, arch: args.arch }, noCache: args.cache === false, threads: args.workers };
  const upstream = new Pool({ arch: args.arch });
  const up = await openRepos(upstream, args.repo, opts);
  const src = await openRepos(upstream, args.srcrepo, opts);
  await finishPool(upstream, [...up, ...src], opts);
  const built = new Pool({ arch: args.arch });
  const bl = await openRepos(built, args.built, opts);
  // The sources' BuildRequires decide which file provides the built repos need.
  for (const s of src) built.addRepo(`${s.id}-sources`).addSolv(s.repo.writeSolv());
  await finishPool(built, bl, opts);
  const group = await resolveGroup(args.group, [...up, ...src, ...bl], args.arch);
  return {
    input: { upstream, upstreamRepos: up.map((r) => r.repo), sourceRepos: src.map((r) => r.repo), built, builtRepos: bl.map((r) => r.repo), group: group.names },
    free: () => {
      upstream.free();
      built.free();
    },
  };
}

/** Renders a report in one format. */
export function renderReadiness(j: ReadinessJson, format: ReadinessArgs['format'], colour: boolean): string {
  if (format === 'json') return JSON.stringify(j, null, 2) + '\n';
  if (format === 'markdown') return readinessMarkdown(j);
  if (format === 'html') return readinessHtml(j);
  return readinessText(j, { colour });
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
  if (format === 'html' && !args.output) throw new GooseError('USAGE', '--format html needs --output FILE');
  const { input, free } = await loadReadinessInput(args);
  let r: Readiness;
  try {
    r = await computeReadiness(input, { only: args.only.length ? args.only : undefined, weak: args.weak, workers: args.workers });
  } finally {
    free();
  }
  const j = readinessJson(r);
  const text = renderReadiness(j, format, io.isTTY && !args.output);
  if (args.output) await writeFile(args.output, text);
  else io.stdout(text);
  if (args.db) await appendReport(args.db, j);
  return j.summary.unresolvable ? EXIT_NEGATIVE : EXIT_OK;
}
