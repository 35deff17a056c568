/** `goose-deps order`: the build order of a mass rebuild. */
import { affectedSources, buildGraph, buildOrder } from '../order/index.js';
import { binariesProviding, seedsFromNames } from './affected.js';
import { orderDot, orderEdgesTsv, orderKoji, orderText } from '../report/order.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { writeJson } from '../report/json-stream.js';
import { loadContext, storeOptions, withExample } from './context.js';
import type { CommonArgs } from './main.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';

/** Flags of the order command. */
export interface OrderArgs extends CommonArgs {
  /** Use the built-in example distribution. */
  example: boolean;
  /** One graph, build-group edges included. */
  flat: boolean;
  /** Leave the build group's closure out of the edges (OBS). */
  excludeBase: boolean;
  /** Include every edge in JSON/DOT output. */
  edges: boolean;
  /** Output format. */
  format: 'text' | 'json' | 'koji' | 'dot' | 'edges';
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Order only what a change of these source or binary names affects. */
  affectedBy?: string[];
  /** Order only what a change of the binaries providing a match of these globs affects. */
  changedProvides?: string[];
  /** Levels to follow from the changed packages (default: all). */
  depth?: number;
}

/** Computes and prints the order; exit 1 when some source is unresolvable. */
export async function orderCommand(args: OrderArgs, io: CliIo): Promise<number> {
  const a = withExample(args);
  const progress = createProgress();
  const ctx = await loadContext(a, { needSources: true, onProgress: (p) => progress.load(p), threads: args.workers, warn: io.stderr });
  const graph = await buildGraph(ctx.pool, ctx.binary.map((r) => r.repo), ctx.source.map((r) => r.repo), ctx.group.names, {
    weak: args.weak,
    workers: args.workers,
    store: storeOptions(args, io.stderr),
    onProgress: (done, total) => progress.count('resolving buildroots', done, total),
  });
  progress.end();
  const format = args.json ? 'json' : args.format;
  let only: Set<number> | undefined;
  if (args.affectedBy?.length || args.changedProvides?.length) {
    const seeds = seedsFromNames(graph, ctx.pool, ctx.binaryRepos, args.affectedBy ?? []);
    if (args.changedProvides?.length) seeds.binaries = [...(seeds.binaries ?? []), ...binariesProviding(ctx.pool, ctx.binaryRepos, args.changedProvides)];
    only = new Set(affectedSources(graph, seeds, args.depth ?? Infinity).keys());
  }
  const result = buildOrder(graph, { flat: args.flat, excludeBase: args.excludeBase, edges: args.edges || format === 'dot' || format === 'edges', only });
  if (format === 'json') {
    const groupProblems = graph.groupProblems.map((p) => p.text);
    writeJson({ group: { from: ctx.group.from, packages: ctx.group.names, problems: groupProblems }, ...result }, io.stdout);
  } else if (format === 'koji') io.stdout(orderKoji(result));
  else if (format === 'dot') io.stdout(orderDot(result));
  else if (format === 'edges') orderEdgesTsv(result.edges!, io.stdout);
  else {
    if (graph.groupProblems.length) io.stdout(`The build group itself does not install: ${graph.groupProblems.map((p) => p.text).join('; ')}\n\n`);
    io.stdout(orderText(result));
  }
  return result.unresolvable.length || graph.groupProblems.length ? EXIT_NEGATIVE : EXIT_OK;
}
