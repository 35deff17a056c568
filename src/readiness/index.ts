/** Readiness during a rebuild: statuses, blockers, root causes, the next wave. */
export { computeReadiness } from './readiness.js';
export { analyseBlockers } from './blockers.js';
export { sourceNvr, indexBuilt, type BuiltIndex } from './built.js';
export { READINESS_STATUSES, type Readiness, type ReadinessInput, type ReadinessOptions, type ReadinessStatus, type PackageReadiness, type RootCause, type ReadinessSummary } from './types.js';
export { compareRanks, rankSources, type Ranking, type RankablePackage, type SourceRank } from './ranking.js';
export { whatIfBuilt, type WhatIf, type WhatIfPackage } from './whatif.js';
