/** Loads the built-in example distribution (fixtures/goose-dist) into a pool, once per test file. */
import { Pool } from '../../src/solv/index.js';
import { openRepos, finishPool } from '../../src/repodata/open.js';
import { buildGroupPackages } from '../../src/repodata/comps.js';
import { buildGraph, type BuildGraph } from '../../src/bootstrap/build-graph.js';
import { EXAMPLE } from '../../src/cli/context.js';

/** The example's build graph (noCache: tests never touch the user's cache). */
export async function exampleGraph(): Promise<BuildGraph> {
  const pool = new Pool({ arch: 'x86_64' });
  const binary = await openRepos(pool, EXAMPLE.repo, { noCache: true });
  const source = await openRepos(pool, EXAMPLE.srcrepo, { noCache: true });
  await finishPool(pool, [...binary, ...source]);
  const group = buildGroupPackages(binary[0].comps!, 'build');
  const graph = await buildGraph(pool, binary.map((r) => r.repo), source.map((r) => r.repo), group);
  pool.free();
  return graph;
}
