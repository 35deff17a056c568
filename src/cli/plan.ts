/** `goose-deps plan`: every build, in order, to a distribution built only from itself. */
import { dirname, join } from 'node:path';
import { buildGraph, type BuildGraph } from '../order/index.js';
import { newestSources } from '../buildroots/index.js';
import { buildPlan, type CleanMode } from '../plan/index.js';
import { openRepos, finishPool } from '../repodata/open.js';
import { planKoji, planScript, planText } from '../report/plan.js';
import { writeJson } from '../report/json-stream.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { EXAMPLE, loadContext, storeOptions } from './context.js';
import type { CommonArgs } from './args.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';

/** Flags of the plan command. */
export interface PlanArgs extends CommonArgs {
  /** Use the built-in example distribution. */
  example: boolean;
  /** Sources already rebuilt. */
  built: string[];
  /** Source repositories of bootstrap variants. */
  bootstrapSrcrepo: string[];
  /** What a final build may take from upstream. */
  clean: CleanMode;
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Output format. */
  format: 'text' | 'json' | 'koji' | 'script';
}

/** The example's bootstrap variants (fixtures/goose-dist/repos/source-bootstrap). */
const EXAMPLE_BOOTSTRAP = join(dirname(EXAMPLE.srcrepo[0]), 'source-bootstrap');

/** Computes and prints the plan; exit 1 when some source is unresolvable or the plan is not clean. */
export async function planCommand(args: PlanArgs, io: CliIo): Promise<number> {
  const bootstrapSrcrepo = args.example && !args.bootstrapSrcrepo.length ? [EXAMPLE_BOOTSTRAP] : args.bootstrapSrcrepo;
  const a = args.example ? { ...args, ...EXAMPLE, group: args.group ?? EXAMPLE.group, bootstrapSrcrepo } : args;
  const progress = createProgress();
  const ctx = await loadContext(a, { needSources: true, onProgress: (p) => progress.load(p), threads: args.workers });
  // Bootstrap variants join the same pool: same binaries, their own BuildRequires.
  const variants = await openRepos(ctx.pool, a.bootstrapSrcrepo, { vars: { basearch: a.arch, arch: a.arch }, noCache: a.cache === false, threads: args.workers });
  if (variants.length) await finishPool(ctx.pool, [...ctx.binary, ...ctx.source, ...variants]);
  const binary = ctx.binary.map((r) => r.repo);
  const source = ctx.source.map((r) => r.repo);
  // The buildroot store that order, buildroot, readiness and why fill: an outcome depends only on
  // its request and the binary repos, so the bootstrap variants' requests are stored alike.
  const store = storeOptions(args, io.stderr);
  const solve = (label: string, extra: { variants?: typeof source } = {}): Promise<BuildGraph> =>
    buildGraph(ctx.pool, binary, source, ctx.group.names, { weak: args.weak, workers: args.workers, store, ...extra, onProgress: (done, total) => progress.count(label, done, total) });
  const graph = await solve('resolving buildroots');
  const bootstrap = variants.length
    ? { graph: await solve('resolving bootstrap variants', { variants: variants.map((r) => r.repo) }), sources: [...newestSources(ctx.pool, variants.map((r) => r.repo)).keys()].sort() }
    : undefined;
  progress.end();
  const plan = buildPlan(graph, { clean: args.clean, built: args.built, bootstrap });
  const format = args.json ? 'json' : args.format;
  const groupProblems = graph.groupProblems.map((p) => p.text);
  if (format === 'json') writeJson({ group: { from: ctx.group.from, packages: ctx.group.names, problems: groupProblems }, ...plan }, io.stdout);
  else if (format === 'koji') io.stdout(planKoji(plan));
  else if (format === 'script') io.stdout(planScript(plan));
  else {
    if (groupProblems.length) io.stdout(`The build group itself does not install: ${groupProblems.join('; ')}\n\n`);
    io.stdout(planText(plan));
  }
  return plan.unresolvable.length || groupProblems.length || !plan.summary.isClean ? EXIT_NEGATIVE : EXIT_OK;
}
