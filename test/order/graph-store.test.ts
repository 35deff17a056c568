/**
 * The graph store: a graph round-trips (head, every row, the rows of some sources, the reverse
 * lists), orders and install indexes round-trip, every context field changes the key, a damaged
 * file is GraphStoreDamaged; withGraph answers a second time from the store with the same order,
 * and recomputes with a warning when a file is damaged.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, Repo } from '../../src/solv/index.js';
import {
  affectedLevels,
  buildOrder,
  orderEdges,
  orderRowsOf,
  orderRowsWithRoles,
  orderWithRoles,
  graphContextKey,
  GraphStore,
  GraphStoreDamaged,
  installIndex,
  installLevels,
  installRdeps,
  needIndexColumns,
  needIndexOf,
  orderKey,
  withGraph,
  type BuildGraph,
  type GraphContext,
  type NeedEdges,
} from '../../src/order/index.js';
import { examplePool, exampleGraph } from '../helpers/example.js';

let graph: BuildGraph;
let tmp: string;
beforeAll(async () => {
  graph = await exampleGraph();
  tmp = await mkdtemp(join(tmpdir(), 'goose-graphs-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The rows of `E` whose source is in `only`, as plain objects. */
function rowsOf(E: NeedEdges, only?: ReadonlySet<number>) {
  const out: unknown[] = [];
  for (let r = 0; r < E.count; r++) {
    if (only && !only.has(E.from[r])) continue;
    const via = [];
    for (let v = E.viaStart[r]; v < E.viaStart[r + 1]; v++) via.push([E.viaBinary[v], E.viaRequire[v]]);
    out.push([E.from[r], E.needs[r], E.kind[r], via]);
  }
  return out;
}

const context: GraphContext = { arch: 'x86_64', group: ['bash'], weak: false, binaryRepos: ['2-10:a'], sourceRepos: ['10-20:b'], variantRepos: [], excluded: [], only: null, code: 'c' };

describe('graph store files', () => {
  it('round-trip the graph: head, all rows, the rows of some sources, the reverse lists', async () => {
    const dir = join(tmp, 'rt');
    const key = graphContextKey(context);
    const columns = needIndexColumns(graph);
    await (await GraphStore.open({ cacheDir: dir }, key)).save(graph, columns);
    const store = await GraphStore.open({ cacheDir: dir }, key);
    try {
      const { edges, ...head } = graph;
      expect(store.head).toEqual({ ...head, edgeCount: edges.count, viaCount: edges.viaStart[edges.count] });
      expect(store.edges()).toEqual(edges);
      const some = new Set([0, 1, 2, 7, graph.sources.length - 1]);
      expect(rowsOf(store.edges(some))).toEqual(rowsOf(edges, some));
      const a = store.needIndex();
      const b = needIndexOf(columns);
      for (let t = 0; t < graph.sources.length; t++) expect([...a.neededBy(t)]).toEqual([...b.neededBy(t)]);
      for (let k = 0; k < graph.binaries.length; k++) expect([...a.holders(k)]).toEqual([...b.holders(k)]);
      expect(affectedLevels(a, [3], [], Infinity)).toEqual(affectedLevels(b, [3], [], Infinity));
    } finally {
      store.close();
    }
  });

  it('give the order rows of all or some sources as the graph has them, and the same order from them', async () => {
    const dir = join(tmp, 'order-rows');
    const key = graphContextKey(context);
    await (await GraphStore.open({ cacheDir: dir }, key)).save(graph, needIndexColumns(graph));
    const store = await GraphStore.open({ cacheDir: dir }, key);
    try {
      const columns = (R: ReturnType<typeof orderRowsOf>) => {
        const rows: unknown[] = [];
        for (let r = 0; r < R.count; r++) rows.push([R.from[r], R.needs[r], R.kind[r], R.weight[r], R.content[r], R.via(r)]);
        return rows;
      };
      const whole = orderRowsOf(graph);
      const stored = store.orderRows();
      expect(stored.count).toBe(graph.edges.count);
      expect(columns(stored)).toEqual(columns(whole));
      const some = new Set([0, 1, 2, 7, 9, graph.sources.length - 1]);
      const sub = store.orderRows(some);
      expect(columns(sub)).toEqual(columns(orderRowsOf({ ...graph, edges: store.edges(some) })));
      for (const options of [{}, { flat: true }, { excludeBase: true }, { only: some }, { only: new Set(graph.sources.map((_, i) => i).filter((i) => i % 3)) }]) {
        const slow = orderWithRoles({ ...graph, edges: store.edges(options.only) }, options);
        const fast = orderRowsWithRoles(store.head!, store.orderRows(options.only), options);
        expect(fast.result).toEqual(slow.result);
        expect([...fast.roles]).toEqual([...slow.roles]);
        expect(slow.result).toEqual(orderWithRoles(graph, options).result);
      }
    } finally {
      store.close();
    }
  });

  it('round-trip an order (edges rebuilt from the row roles) and an install index', async () => {
    const dir = join(tmp, 'orders');
    const store = await GraphStore.open({ cacheDir: dir }, 'k');
    const { result, roles } = orderWithRoles(graph, {});
    await store.putOrder('o', result, roles);
    expect(await store.order('o')).toEqual(result);
    expect(orderEdges(graph, (await store.roles('o'))!)).toEqual(buildOrder(graph, { edges: true }).edges);
    expect(await store.order('none')).toBeUndefined();
    const words = Int32Array.from([2, 5, 9, 0, 1, 2, 1, 0]);
    await store.putInstall(words);
    expect([...(await store.install())!]).toEqual([...words]);
  });

  it('change key with every field of the context, and order keys with every option', () => {
    const keys = new Set([
      graphContextKey(context),
      graphContextKey({ ...context, arch: 'aarch64' }),
      graphContextKey({ ...context, group: ['bash', 'gcc'] }),
      graphContextKey({ ...context, weak: true }),
      graphContextKey({ ...context, binaryRepos: ['2-10:x'] }),
      graphContextKey({ ...context, sourceRepos: ['10-20:x'] }),
      graphContextKey({ ...context, variantRepos: ['v'] }),
      graphContextKey({ ...context, excluded: [4] }),
      graphContextKey({ ...context, only: ['zlib'] }),
      graphContextKey({ ...context, code: 'd' }),
    ]);
    expect(keys.size).toBe(10);
    expect(graphContextKey({ ...context, group: ['b', 'a'] })).toBe(graphContextKey({ ...context, group: ['a', 'b'] }));
    const orders = new Set([orderKey({}), orderKey({ flat: true }), orderKey({ excludeBase: true }), orderKey({ only: new Set([1]) }), orderKey({ only: new Set([1, 2]) })]);
    expect(orders.size).toBe(5);
    expect(orderKey({ only: new Set([2, 1]) })).toBe(orderKey({ only: new Set([1, 2]) }));
  });

  it('find damage: an altered block, a truncated data file, an altered head, an altered order', async () => {
    const dir = join(tmp, 'damage');
    const key = graphContextKey(context);
    await (await GraphStore.open({ cacheDir: dir }, key)).save(graph, needIndexColumns(graph));
    const entry = join(dir, 'graphs', key);
    const bin = (await readdir(entry)).find((n) => n.endsWith('.bin'))!;
    const bytes = await readFile(join(entry, bin));
    bytes[bytes.length >> 1] ^= 1;
    await writeFile(join(entry, bin), bytes);
    let store = await GraphStore.open({ cacheDir: dir }, key);
    expect(() => store.edges()).toThrow(GraphStoreDamaged);
    store.close();
    await writeFile(join(entry, bin), bytes.subarray(0, 100));
    store = await GraphStore.open({ cacheDir: dir }, key);
    expect(() => store.edges()).toThrow(/truncated/);
    store.close();
    const head = await readFile(join(entry, 'graph.json'));
    head[10] ^= 1;
    await writeFile(join(entry, 'graph.json'), head);
    await expect(GraphStore.open({ cacheDir: dir }, key)).rejects.toThrow(GraphStoreDamaged);
    await writeFile(join(entry, 'x.order'), 'garbage that is long enough to hold a checksum at its end');
    await expect(new GraphStoreWithoutHead(dir, key).order('x')).rejects.toThrow(GraphStoreDamaged);
  });
});

/** A store of `key` whose head file is ignored (to read an order file beside a damaged head). */
class GraphStoreWithoutHead {
  constructor(
    readonly dir: string,
    readonly key: string,
  ) {}
  async order(k: string) {
    await rm(join(this.dir, 'graphs', this.key, 'graph.json'), { force: true });
    return (await GraphStore.open({ cacheDir: this.dir }, this.key)).order(k);
  }
}

describe('withGraph', () => {
  let pool: Pool;
  let bin: Repo[];
  let src: Repo[];
  let group: string[];
  beforeAll(async () => {
    const ex = await examplePool();
    ({ pool, group } = ex);
    bin = ex.bin.map((r) => r.repo);
    src = ex.src.map((r) => r.repo);
  });
  afterAll(() => pool.free());

  it('answers the second time from the store, the same order and rdeps; a damaged file is a warning and a recompute', async () => {
    const cacheDir = join(tmp, 'with');
    const warnings: string[] = [];
    const store = { cacheDir, onWarning: (l: string) => warnings.push(l) };
    const ask = () =>
      withGraph(pool, bin, src, group, { workers: 0, store }, async (g) => ({
        rows: g.graph().edges.count,
        order: await g.order({ edges: true }),
        affected: await g.order({ only: new Set(affectedLevels(g.needIndex(), [g.head.sources.findIndex((s) => s.name === 'zlib')], [], 1).keys()) }),
        install: installLevels(await g.install(pool, bin), [2, 3], Infinity),
      }));
    const first = await ask();
    expect(first.order).toEqual(buildOrder(graph, { edges: true }));
    expect(first.install).toEqual(installRdeps(pool, bin, [2, 3]));
    expect(installLevels(installIndex(pool, bin), [2, 3], 1).size).toBeLessThanOrEqual(first.install.size);
    const entry = join(cacheDir, 'graphs', (await readdir(join(cacheDir, 'graphs')))[0]);
    const files = await readdir(entry);
    expect(files.filter((n) => n.endsWith('.order'))).toHaveLength(2);
    expect(files).toContain('install.bin');
    expect(await ask()).toEqual(first);
    expect(warnings).toEqual([]);
    // Damage the data file: the second answer still equals the first, with one warning.
    const bin0 = files.find((n) => n.endsWith('.bin') && n !== 'install.bin')!;
    const bytes = await readFile(join(entry, bin0));
    bytes[8] ^= 0xff;
    await writeFile(join(entry, bin0), bytes);
    await rm(join(entry, files.find((n) => n.endsWith('.order'))!)); // so that some order must read rows
    expect(await ask()).toEqual(first);
    expect(warnings.join('')).toMatch(/damaged graph store file .*\.bin/);
    expect(await ask()).toEqual(first);
    expect(warnings).toHaveLength(1);
  });
});
