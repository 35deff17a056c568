/** `goose-deps buildroot`: the minimal self-hosting buildroot of a build group, with the reason for every package. */
import { selfHostingBuildroot } from '../buildroot/index.js';
import { buildrootComps, buildrootJson, buildrootList, buildrootText } from '../report/buildroot.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { loadContext, storeOptions, withExample } from './context.js';
import type { CommonArgs } from './args.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';

/** Flags of the buildroot command. */
export interface BuildrootArgs extends CommonArgs {
  /** Use the built-in example distribution. */
  example: boolean;
  /** Run the proof (every buildroot re-solved from the set's binaries alone). */
  verify: boolean;
  /** Minimise the closure (`--no-minimize`: the plain closure). */
  minimize: boolean;
  /** Resolve inside the set's binaries first while growing the closure. */
  reuse: boolean;
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Output format. */
  format: 'text' | 'json' | 'list' | 'comps';
  /** For `--format list`: which names. */
  list: 'sources' | 'binaries';
  /** For `--format comps`: the group id. */
  compsId: string;
  /** Text: summary only, without the per-package lists. */
  summary: boolean;
}

/** Computes and prints the buildroot; exit 0 when self-hosting, 1 when not. */
export async function buildrootCommand(args: BuildrootArgs, io: CliIo): Promise<number> {
  const a = withExample(args);
  const progress = createProgress();
  const ctx = await loadContext(a, { needSources: true, threads: args.workers, warn: io.stderr, onProgress: (p) => progress.load(p) });
  const r = await selfHostingBuildroot(ctx.pool, ctx.binary.map((x) => x.repo), ctx.source.map((x) => x.repo), ctx.group.names, {
    verify: args.verify,
    minimize: args.minimize,
    reuse: args.reuse,
    weak: args.weak,
    workers: args.workers,
    store: storeOptions(args, io.stderr),
    onStep: (step) => progress.step(`buildroot: ${step}`),
  });
  progress.end();
  const format = args.json ? 'json' : args.format;
  if (format === 'json') io.stdout(JSON.stringify({ groupFrom: ctx.group.from, ...(buildrootJson(r) as object) }, null, 2) + '\n');
  else if (format === 'list') io.stdout(buildrootList(r, args.list));
  else if (format === 'comps') io.stdout(buildrootComps(r, args.compsId));
  else io.stdout(buildrootText(r, { summary: args.summary }));
  return r.selfHosting ? EXIT_OK : EXIT_NEGATIVE;
}
