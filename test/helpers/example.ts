/** Loads the built-in example distribution (fixtures/goose-dist) into a pool. */
import { Pool } from '../../src/solv/index.js';
import { openRepos, finishPool, type LoadedRepo } from '../../src/repodata/open.js';
import { buildGroupPackages } from '../../src/repodata/comps.js';
import { buildGraph, type BuildGraph } from '../../src/order/index.js';
import { EXAMPLE } from '../../src/cli/context.js';

/** The example's finished pool, its repos and its build group (noCache: tests never touch the user's cache). */
export async function examplePool(): Promise<{ pool: Pool; bin: LoadedRepo[]; src: LoadedRepo[]; group: string[] }> {
  const pool = new Pool({ arch: 'x86_64' });
  const bin = await openRepos(pool, EXAMPLE.repo, { noCache: true });
  const src = await openRepos(pool, EXAMPLE.srcrepo, { noCache: true });
  await finishPool(pool, [...bin, ...src]);
  return { pool, bin, src, group: buildGroupPackages(bin[0].comps!, 'build') };
}

/** The example's build graph, solved with `workers` worker threads (0: in this thread). */
export async function exampleGraph(workers = 0): Promise<BuildGraph> {
  const { pool, bin, src, group } = await examplePool();
  const graph = await buildGraph(pool, bin.map((r) => r.repo), src.map((r) => r.repo), group, { workers });
  pool.free();
  return graph;
}
