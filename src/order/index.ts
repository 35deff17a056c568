/** The build order: the needs graph from solved buildroots, and the waves, cycles and breaks computed from it. */
export { buildGraph, type BuildGraphOptions } from './build-graph.js';
export { needEdge, findNeed, packNeedEdges, NEED_KINDS, type BuildGraph, type NeedEdge, type NeedEdges, type NeedKind, type SourceNode, type Via, type Unresolvable } from './need-edges.js';
export { affectedSources, seedIndexes, type ChangeSeeds } from './affected.js';
export { affectedLevels, needIndexColumns, needIndexOf, type NeedIndex, type NeedIndexColumns } from './need-index.js';
export { installRdeps, installIndex, installLevels, installNamesOf, installSeedIds, installNameOf, type InstallIndex, type InstallNames } from './rdeps.js';
export { buildOrder, orderWithRoles, orderRowsOf, orderRowsWithRoles, orderEdges, ownProblemTexts, EDGE_ROLES, type BuildOrderResult, type BuildOrderOptions, type OrderWithRoles, type OrderRows, type Break, type BreakKind, type CycleReport, type EdgeRole, type OrderEdge } from './order.js';
export { withGraph, withStoredGraph, graphKeyOf, type GraphAccess } from './graph-cache.js';
export { CycleMemo, cycleKey, type CycleBreaks } from './cycle-memo.js';
export { GraphStore, GraphStoreDamaged, graphContextKey, orderKey, codeFingerprint, encodeGraphData, GRAPHS_KEPT, ORDERS_KEPT, type GraphContext, type GraphHead } from './graph-store.js';
