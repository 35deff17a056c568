/** `goose-deps order`: the build order of a mass rebuild. */
import { affectedLevels, graphKeyOf, seedIndexes, withGraph, withStoredGraph, type ChangeSeeds, type GraphAccess } from '../order/index.js';
import { binariesProviding, seedsFromNames, seedsInGraph } from './affected.js';
import { loadFingerprint, readShortcut, writeShortcut, keptWarnings } from './graph-shortcut.js';
import { fillTemplate } from '../report/build-commands.js';
import { buildFields, buildScript, kojiChainBuild, orderBuilds, orderDot, orderEdgesTsv, orderText } from '../report/order.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { writeJson } from '../report/json-stream.js';
import { loadContext, storeOptions, withExample } from './context.js';
import type { CommonArgs } from './args.js';
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
  /** With --format dot: draw the build-group needs too. */
  groupEdges?: boolean;
  /** With --format dot: draw only this source's neighbourhood. */
  focus?: string;
  /** With --focus: steps away (default 1); with --affected-by/--changed-provides: levels to follow (default: all). */
  depth?: number;
  /** Output format. */
  format: 'text' | 'json' | 'koji' | 'script' | 'dot' | 'edges';
  /** koji target or mock config of --format koji/script. */
  target?: string;
  /** How each build is named in --format koji/script ({name} {nvr} {version} ...). */
  template?: string;
  /** What --format script runs. */
  builder?: 'koji' | 'mock';
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Order only what a change of these source or binary names affects. */
  affectedBy?: string[];
  /** Order only what a change of the binaries providing a match of these globs affects. */
  changedProvides?: string[];
}

/**
 * Computes and prints the order; exit 1 when some source is unresolvable. The graph and the order
 * are read from the graph store when it holds them for these repositories and flags; when an
 * earlier run recorded which graph these inputs give (graph-shortcut.ts), without loading the
 * repositories at all.
 */
export async function orderCommand(args: OrderArgs, io: CliIo): Promise<number> {
  if (args.template !== undefined) fillTemplate(args.template, buildFields({ name: 'x', evr: '1-1' }), 'T'); // a bad placeholder fails before the solves
  const a = withExample(args);
  const progress = createProgress();
  const format = args.json ? 'json' : args.format;
  const store = storeOptions(args, io.stderr);
  const orderOptions = (only?: Set<number>) => ({ flat: args.flat, excludeBase: args.excludeBase, edges: args.edges || format === 'dot' || format === 'edges', only });
  const affected = async (g: GraphAccess, seeds: ChangeSeeds) => {
    const s = seedIndexes(g.head, seeds);
    return new Set(affectedLevels(g.needIndex(), s.sources, s.binaries, args.depth ?? Infinity).keys());
  };
  const scoped = !!(args.affectedBy?.length || args.changedProvides?.length);

  // --changed-provides reads the binaries' provides: only the pool has them.
  const fp = store && !args.changedProvides?.length ? await loadFingerprint({ ...a, weak: args.weak }) : undefined;
  const shortcut = fp && (await readShortcut(store!.cacheDir, fp));
  let answer = shortcut
    ? await withStoredGraph(store!, shortcut.graphKey, async (g) => {
        const seeds = scoped ? seedsInGraph(g.head, args.affectedBy ?? []) : undefined;
        if (scoped && !seeds) return undefined; // a name outside the graph: the repositories say what it is
        return { head: g.head, group: shortcut.group, result: await g.order(orderOptions(seeds && (await affected(g, seeds)))) };
      })
    : undefined;
  if (answer) {
    progress.end();
    for (const line of shortcut!.warnings) io.stderr(line);
  } else {
    const { warnings, warn } = keptWarnings((line) => io.stderr(line));
    const ctx = await loadContext(a, { needSources: true, onProgress: (p) => progress.load(p), threads: args.workers, warn });
    const binaryRepos = ctx.binary.map((r) => r.repo);
    const sourceRepos = ctx.source.map((r) => r.repo);
    const options = {
      weak: args.weak,
      workers: args.workers,
      store,
      onProgress: (done: number, total: number) => progress.count('resolving buildroots', done, total),
    };
    answer = await withGraph(ctx.pool, binaryRepos, sourceRepos, ctx.group.names, options, async (g) => {
      progress.end();
      let only: Set<number> | undefined;
      if (scoped) {
        const seeds = seedsFromNames(g.head, ctx.pool, ctx.binaryRepos, args.affectedBy ?? []);
        if (args.changedProvides?.length) seeds.binaries = [...(seeds.binaries ?? []), ...binariesProviding(ctx.pool, ctx.binaryRepos, args.changedProvides)];
        only = await affected(g, seeds);
      }
      return { head: g.head, group: { from: ctx.group.from, names: ctx.group.names }, result: await g.order(orderOptions(only)) };
    });
    if (fp) {
      const graphKey = graphKeyOf(ctx.pool, binaryRepos, sourceRepos, ctx.group.names, options);
      await writeShortcut(store!.cacheDir, fp, [...binaryRepos, ...sourceRepos], { graphKey, group: answer.group, warnings }).catch(() => undefined); // only a later run's speed depends on it
    }
  }
  const { head, result, group } = answer;
  const builds = orderBuilds(result, new Map(head.sources.map((s) => [s.name, s.evr])));
  const commands = { target: args.target, template: args.template, builder: args.builder, notBuilt: result.unresolvable.map((u) => u.name) };
  if (format === 'json') {
    const groupProblems = [...new Set(head.groupProblems.map((p) => p.text))];
    const { waves, ...rest } = result;
    const nvrs = builds.map((w) => w.map((b) => buildFields(b).nvr));
    writeJson({ group: { from: group.from, packages: group.names, problems: groupProblems }, waves, nvrs, ...rest }, io.stdout);
  } else if (format === 'koji') io.stdout(kojiChainBuild(builds, commands));
  else if (format === 'script') io.stdout(buildScript(builds, commands));
  else if (format === 'dot') io.stdout(orderDot(result, { groupEdges: args.groupEdges, focus: args.focus, depth: args.depth }));
  else if (format === 'edges') orderEdgesTsv(result.edges!, io.stdout);
  else {
    const groupTexts = [...new Set(head.groupProblems.map((p) => p.text))];
    if (groupTexts.length) io.stdout(`The build group itself does not install (${groupTexts.length} problem${groupTexts.length === 1 ? '' : 's'}):\n${groupTexts.map((t) => `  ${t}\n`).join('')}\n`);
    io.stdout(orderText(result));
  }
  return result.unresolvable.length || head.groupProblems.length ? EXIT_NEGATIVE : EXIT_OK;
}
