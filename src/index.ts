/** goose-deps: the library entry point; it only re-exports. */
export * from './errors.js';
export * from './solv/index.js';
export * from './graph/index.js';
export { openRepos, finishPool, type LoadedRepo, type OpenOptions, type LoadProgress, type RepoFormat } from './repodata/open.js';
export * as repodata from './repodata/index.js';
export * as rpm from './rpm/index.js';
export { buildGraph, type BuildGraph, type BuildGraphOptions, type NeedEdge, type NeedKind, type SourceNode, type Via, type Unresolvable } from './bootstrap/build-graph.js';
export { buildOrder, type BuildOrderResult, type BuildOrderOptions, type Break, type BreakKind, type CycleReport } from './bootstrap/order.js';
