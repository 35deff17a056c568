/**
 * A build graph from the graph store when it holds one for these repositories, else computed
 * (buildGraph, its buildroots read from or added to the buildroot store) and kept; with the
 * questions the commands ask of it: the graph (whole, or the rows of some sources), who needs
 * what (need-index.ts), its orders (kept too), and who requires each binary at run time.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool, Repo } from '../solv/index.js';
import { repoContentKey } from '../repodata/content-key.js';
import { buildGraph, type BuildGraphOptions } from './build-graph.js';
import type { BuildGraph } from './need-edges.js';
import { needIndexColumns, needIndexOf, type NeedIndex } from './need-index.js';
import { orderEdges, orderRowsWithRoles, orderWithRoles, type BuildOrderOptions, type BuildOrderResult, type OrderWithRoles } from './order.js';
import { installIndex, installNamesOf, type InstallIndex, type InstallNames } from './rdeps.js';
import { CycleMemo } from './cycle-memo.js';
import { codeFingerprint, graphContextKey, GraphStore, GraphStoreDamaged, orderKey, type GraphHead } from './graph-store.js';

/** A build graph and the answers computed from it, read from the graph store where it can. */
export interface GraphAccess {
  /** The graph without its needs: sources, binaries, unresolvable, group. */
  readonly head: GraphHead;
  /** The graph with the need rows of the sources `only` (every row when undefined). */
  graph(only?: ReadonlySet<number>): BuildGraph;
  /** Who needs each source, who holds each binary. */
  needIndex(): NeedIndex;
  /** buildOrder's answer (kept in the store per options). */
  order(options: BuildOrderOptions): Promise<BuildOrderResult>;
  /** Who requires each binary at run time (kept in the store). */
  install(pool: Pool, binaryRepos: readonly Repo[]): Promise<InstallIndex>;
  /** The install index with its binaries' names when the store holds both (no pool needed), else undefined. */
  storedInstall(): Promise<{ index: InstallIndex; names: InstallNames } | undefined>;
}

let fingerprint: string | undefined;
/** The hash of the code that graphs and orders depend on: the folders of this module, src/graph and src/buildroots. */
function code(): string {
  fingerprint ??= codeFingerprint([new URL('./', import.meta.url), new URL('../graph/', import.meta.url), new URL('../buildroots/', import.meta.url)]);
  return fingerprint;
}

/** A repo's content key (its loader's, else a hash of its .solv form), with its place in the pool. */
function contentKey(repo: Repo): string {
  const key = repoContentKey(repo) ?? `solv:${createHash('sha256').update(repo.writeSolv()).digest('hex')}`;
  return `${repo.start}-${repo.end}:${key}`;
}

/** The key of the graph buildGraph would compute from these arguments. */
export function graphKeyOf(pool: Pool, binaryRepos: readonly Repo[], sourceRepos: readonly Repo[], group: readonly string[], options: BuildGraphOptions): string {
  return graphContextKey({
    arch: pool.arch,
    group,
    weak: options.weak ?? false,
    binaryRepos: binaryRepos.map(contentKey),
    sourceRepos: sourceRepos.map(contentKey),
    variantRepos: (options.variants ?? []).map(contentKey),
    excluded: pool.excluded,
    only: options.only ?? null,
    code: code(),
  });
}

/**
 * Runs `fn` on the graph of these arguments (see buildGraph): read from the graph store in
 * `options.store`'s cache folder when it holds it, else computed and kept there (no store: computed
 * only). A damaged store file is a warning (through `options.store.onWarning`); the entry is
 * removed and `fn` runs again on a graph computed afresh.
 */
export async function withGraph<T>(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], options: BuildGraphOptions, fn: (g: GraphAccess) => Promise<T>): Promise<T> {
  const cache = options.store;
  if (!cache) return fn(new MemoryAccess(await buildGraph(pool, binaryRepos, sourceRepos, group, options)));
  const key = graphKeyOf(pool, binaryRepos, sourceRepos, group, options);
  const warn = (e: GraphStoreDamaged) => cache.onWarning?.(`goose-deps: warning: damaged graph store file ${e.file} skipped; the graph is computed again\n`);
  const writeFailed = (e: unknown) => cache.onWarning?.(`goose-deps: warning: cannot write the graph store in ${cache.cacheDir}: ${(e as Error).message}\n`);
  let store: GraphStore;
  try {
    store = await GraphStore.open(cache, key);
  } catch (e) {
    if (!(e instanceof GraphStoreDamaged)) throw e;
    warn(e);
    store = await reopenEmpty(cache.cacheDir, key);
  }
  const attempt = async (): Promise<T> => {
    if (store.head) return fn(new StoredAccess(store, writeFailed));
    const graph = await buildGraph(pool, binaryRepos, sourceRepos, group, options);
    const columns = needIndexColumns(graph);
    await store.save(graph, columns).catch(writeFailed);
    return fn(new MemoryAccess(graph, store, columns, writeFailed));
  };
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof GraphStoreDamaged)) throw e;
    warn(e);
    await store.remove();
    return await attempt();
  } finally {
    store.close();
  }
}

/**
 * Runs `fn` on the graph of `key` when the graph store in `cache` holds it, without a pool: for
 * callers that know the key from an earlier run (src/cli/graph-shortcut.ts). Undefined when the
 * store holds no such graph, when it is damaged (a warning; the entry is removed) or when `fn`
 * answers undefined (it needs the pool after all); the caller then loads the repositories and
 * asks {@link withGraph}.
 */
export async function withStoredGraph<T>(cache: NonNullable<BuildGraphOptions['store']>, key: string, fn: (g: GraphAccess) => Promise<T | undefined>): Promise<T | undefined> {
  const writeFailed = (e: unknown) => cache.onWarning?.(`goose-deps: warning: cannot write the graph store in ${cache.cacheDir}: ${(e as Error).message}\n`);
  let store: GraphStore | undefined;
  try {
    store = await GraphStore.open(cache, key);
    return store.head ? await fn(new StoredAccess(store, writeFailed)) : undefined;
  } catch (e) {
    if (!(e instanceof GraphStoreDamaged)) throw e;
    cache.onWarning?.(`goose-deps: warning: damaged graph store file ${e.file} skipped; the graph is computed again\n`);
    if (store) await store.remove();
    else await rm(join(cache.cacheDir, 'graphs', key), { recursive: true, force: true }).catch(() => undefined);
    return undefined;
  } finally {
    store?.close();
  }
}

/** The store of `key` after its damaged entry is removed. */
async function reopenEmpty(cacheDir: string, key: string): Promise<GraphStore> {
  await rm(join(cacheDir, 'graphs', key), { recursive: true, force: true }).catch(() => undefined);
  return GraphStore.open({ cacheDir }, key);
}

/** A graph computed in this run (kept in the store when there is one). */
class MemoryAccess implements GraphAccess {
  readonly head: GraphHead;
  readonly #graph: BuildGraph;
  readonly #store?: GraphStore;
  #columns?: ReturnType<typeof needIndexColumns>;
  readonly #writeFailed?: (e: unknown) => void;

  constructor(graph: BuildGraph, store?: GraphStore, columns?: ReturnType<typeof needIndexColumns>, writeFailed?: (e: unknown) => void) {
    const { edges, ...rest } = graph;
    this.head = { ...rest, edgeCount: edges.count, viaCount: edges.viaStart[edges.count] };
    this.#graph = graph;
    this.#store = store;
    this.#columns = columns;
    this.#writeFailed = writeFailed;
  }

  graph(): BuildGraph {
    return this.#graph;
  }

  needIndex(): NeedIndex {
    this.#columns ??= needIndexColumns(this.#graph);
    return needIndexOf(this.#columns);
  }

  async order(options: BuildOrderOptions): Promise<BuildOrderResult> {
    const { result, roles } = this.#store
      ? await orderAndKeep(this.#store, orderKey(options), this.#writeFailed, (cycleMemo) => orderWithRoles(this.#graph, { ...options, cycleMemo }))
      : orderWithRoles(this.#graph, options);
    if (options.edges) result.edges = orderEdges(this.#graph, roles, options.only);
    return result;
  }

  async install(pool: Pool, binaryRepos: readonly Repo[]): Promise<InstallIndex> {
    const index = installIndex(pool, binaryRepos);
    if (this.#store) await keepInstall(this.#store, pool, index, this.#writeFailed);
    return index;
  }

  async storedInstall(): Promise<undefined> {
    return undefined;
  }
}

/** A graph read from the store: rows read as asked for. */
class StoredAccess implements GraphAccess {
  readonly head: GraphHead;
  readonly #store: GraphStore;
  readonly #writeFailed: (e: unknown) => void;

  constructor(store: GraphStore, writeFailed: (e: unknown) => void) {
    this.head = store.head!;
    this.#store = store;
    this.#writeFailed = writeFailed;
  }

  graph(only?: ReadonlySet<number>): BuildGraph {
    return { ...this.head, edges: this.#store.edges(only) };
  }

  needIndex(): NeedIndex {
    return this.#store.needIndex();
  }

  async order(options: BuildOrderOptions): Promise<BuildOrderResult> {
    const key = orderKey(options);
    const stored = await this.#store.order(key);
    if (stored && !options.edges) return stored;
    if (!options.edges) {
      // Ordering reads the order rows alone (a quarter of the rows' size), via lists only for what it reports.
      const rows = this.#store.orderRows(options.only);
      return (await orderAndKeep(this.#store, key, this.#writeFailed, (cycleMemo) => orderRowsWithRoles(this.head, rows, { ...options, cycleMemo }))).result;
    }
    // The edges are printed: they need every row's via list, so the whole rows are read.
    const graph = this.graph(options.only);
    const roles = stored && (await this.#store.roles(key));
    if (stored && roles && roles.length === graph.edges.count) return { ...stored, edges: orderEdges(graph, roles, options.only) };
    const fresh = await orderAndKeep(this.#store, key, this.#writeFailed, (cycleMemo) => orderWithRoles(graph, { ...options, cycleMemo }));
    fresh.result.edges = orderEdges(graph, fresh.roles, options.only);
    return fresh.result;
  }

  async install(pool: Pool, binaryRepos: readonly Repo[]): Promise<InstallIndex> {
    const stored = await this.#store.install();
    if (stored) {
      if (!(await this.#store.installNames())) await this.#store.putInstallNames(installNamesOf(pool, stored)).catch(this.#writeFailed);
      return stored;
    }
    const index = installIndex(pool, binaryRepos);
    await keepInstall(this.#store, pool, index, this.#writeFailed);
    return index;
  }

  async storedInstall(): Promise<{ index: InstallIndex; names: InstallNames } | undefined> {
    const index = await this.#store.install();
    const names = index && (await this.#store.installNames());
    return index && names && names.names.length === index[0] ? { index, names } : undefined;
  }
}

/**
 * Orders with the store's cycle breaks (`order` gets them as its memo), then keeps the order under
 * `key` and, when the order broke a large cycle the store did not know, the breaks too.
 */
async function orderAndKeep(store: GraphStore, key: string, writeFailed: ((e: unknown) => void) | undefined, order: (memo: CycleMemo) => OrderWithRoles): Promise<OrderWithRoles> {
  const memo = new CycleMemo(await store.cycles());
  const fresh = order(memo);
  await store.putOrder(key, fresh.result, fresh.roles).catch(writeFailed);
  if (memo.added) await store.putCycles(memo.known).catch(writeFailed);
  return fresh;
}

/** Keeps the install index and its binaries' names (rdeps answers from both without a pool). */
async function keepInstall(store: GraphStore, pool: Pool, index: InstallIndex, writeFailed: ((e: unknown) => void) | undefined): Promise<void> {
  await store.putInstall(index).catch(writeFailed);
  await store.putInstallNames(installNamesOf(pool, index)).catch(writeFailed);
}
