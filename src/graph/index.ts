/** Pure graph algorithms for build ordering: no libsolv, no IO. */
export { buildDigraph, digraphFromArrays, edgeAt, findEdge, packDigraph, type Digraph, type Edge } from './digraph.js';
export { stronglyConnected, type Components } from './scc.js';
export { componentWaves, condense, groupByWave, layerWaves, type Layering } from './waves.js';
export { breakCost, DEFAULT_EXACT_LIMIT, feedbackArcSet, restoreWhatFits, type FeedbackMemo, type FeedbackOptions } from './feedback.js';
export { cheapestOrder, sumBits } from './subsets.js';
export { orderGraph, type BuildOrder, type Cycle, type OrderOptions } from './order.js';
export { allReachable, reverseReachCounts, shortestPath, type Direction, type Path } from './paths.js';
