/** `goose-deps rdeps NAME`: what needs a package, to build (in whose buildroot it is) and at run time (whose Requires reach it). */
import { affectedLevels, graphKeyOf, installLevels, installNameOf, installSeedIds, seedIndexes, withGraph, withStoredGraph, type ChangeSeeds, type GraphAccess } from '../order/index.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { loadContext, storeOptions, withExample } from './context.js';
import type { CommonArgs } from './args.js';
import { EXIT_OK } from './exit.js';
import { seedBinaryIds, seedsFromNames, seedsInGraph } from './affected.js';
import { loadFingerprint, readShortcut, writeShortcut, keptWarnings } from './graph-shortcut.js';

/** Flags of the rdeps command. */
export interface RdepsArgs extends CommonArgs {
  /** Source or binary package names. */
  names: string[];
  /** Levels to follow (default: all). */
  depth?: number;
  /** Use the built-in example distribution. */
  example: boolean;
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads. */
  workers?: number;
}

/** The answer of rdeps, as its JSON. */
export interface RdepsResult {
  /** The names asked about. */
  names: string[];
  /** Sources whose buildroot holds it (level 1) or a binary of a level-k source (level k+1), sorted by level then name. */
  build: { name: string; level: number }[];
  /** Binaries whose runtime Requires reach it, the same way. */
  install: { name: string; level: number }[];
}

const byLevel = (a: { name: string; level: number }, b: { name: string; level: number }) => a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Prints what needs the named packages (the graph and the install index read from the graph store
 * when it holds them; without loading the repositories when an earlier run recorded which graph
 * these inputs give and the install index with its names is stored: graph-shortcut.ts); exit 0.
 */
export async function rdepsCommand(args: RdepsArgs, io: CliIo): Promise<number> {
  const a = withExample(args);
  const progress = createProgress();
  const store = storeOptions(args, io.stderr);
  const depth = args.depth ?? Infinity;
  /** The answer from the graph and the install side's levels, named. */
  const answer = (g: GraphAccess, seeds: ChangeSeeds, installIds: Map<number, number>, nameOf: (p: number) => string): RdepsResult => {
    const s = seedIndexes(g.head, seeds);
    const build = [...affectedLevels(g.needIndex(), s.sources, s.binaries, depth)].map(([i, level]) => ({ name: g.head.sources[i].name, level }));
    const install = new Map<string, number>();
    for (const [p, level] of installIds) {
      const name = nameOf(p);
      install.set(name, Math.min(level, install.get(name) ?? level));
    }
    return { names: [...args.names], build: build.sort(byLevel), install: [...install].map(([name, level]) => ({ name, level })).sort(byLevel) };
  };

  const fp = store ? await loadFingerprint({ ...a, weak: args.weak }) : undefined;
  const shortcut = fp && (await readShortcut(store!.cacheDir, fp));
  let result = shortcut
    ? await withStoredGraph(store!, shortcut.graphKey, async (g) => {
        const seeds = seedsInGraph(g.head, args.names);
        const stored = seeds && (await g.storedInstall());
        if (!seeds || !stored) return undefined; // the pool decides (a name outside the graph) or computes the install index
        const nameOf = installNameOf(stored.index, stored.names);
        return answer(g, seeds, installLevels(stored.index, installSeedIds(stored.index, stored.names, seeds), depth), (p) => nameOf(p)!);
      })
    : undefined;
  if (result) {
    progress.end();
    for (const line of shortcut!.warnings) io.stderr(line);
  } else {
    const { warnings, warn } = keptWarnings((line) => io.stderr(line));
    const ctx = await loadContext(a, { needSources: true, onProgress: (p) => progress.load(p), threads: args.workers, warn });
    try {
      const options = { weak: args.weak, workers: args.workers, store, onProgress: (done: number, total: number) => progress.count('resolving buildroots', done, total) };
      result = await withGraph(ctx.pool, ctx.binaryRepos, ctx.sourceRepos, ctx.group.names, options, async (g): Promise<RdepsResult> => {
        progress.end();
        const seeds = seedsFromNames(g.head, ctx.pool, ctx.binaryRepos, args.names);
        const installIds = installLevels(await g.install(ctx.pool, ctx.binaryRepos), seedBinaryIds(ctx.pool, ctx.binaryRepos, seeds), depth);
        return answer(g, seeds, installIds, (p) => ctx.pool.solvable(p).name);
      });
      if (fp) {
        const graphKey = graphKeyOf(ctx.pool, ctx.binaryRepos, ctx.sourceRepos, ctx.group.names, options);
        await writeShortcut(store!.cacheDir, fp, [...ctx.binaryRepos, ...ctx.sourceRepos], { graphKey, group: { from: ctx.group.from, names: ctx.group.names }, warnings }).catch(() => undefined); // only a later run's speed depends on it
      }
    } finally {
      ctx.free();
    }
  }
  io.stdout(args.json ? JSON.stringify(result, null, 2) + '\n' : rdepsText(result));
  return EXIT_OK;
}

/** The text form: two lists, each line `level name`. */
export function rdepsText(r: RdepsResult): string {
  const lines = [`${r.names.join(', ')} is needed`, `  to build (${r.build.length} sources, in whose buildroot it is):`];
  for (const e of r.build) lines.push(`    ${e.level} ${e.name}`);
  lines.push(`  at run time (${r.install.length} binaries, whose Requires reach it):`);
  for (const e of r.install) lines.push(`    ${e.level} ${e.name}`);
  return lines.join('\n') + '\n';
}
