/** The build order: the needs graph from solved buildroots, and the waves, cycles and breaks computed from it. */
export { buildGraph, type BuildGraphOptions } from './build-graph.js';
export { needEdge, findNeed, packNeedEdges, NEED_KINDS, type BuildGraph, type NeedEdge, type NeedEdges, type NeedKind, type SourceNode, type Via, type Unresolvable } from './need-edges.js';
export { affectedSources, type ChangeSeeds } from './affected.js';
export { installRdeps } from './rdeps.js';
export { buildOrder, ownProblemTexts, type BuildOrderResult, type BuildOrderOptions, type Break, type BreakKind, type CycleReport, type EdgeRole, type OrderEdge } from './order.js';
