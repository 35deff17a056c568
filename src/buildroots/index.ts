/** The shared machinery of the buildroot features: a source's request, the one solve service, the index of sources. */
export { buildrootRequest, buildrootRequests, requestKey, RequestSet, newestSources, selectSources, GROUP_REQUEST, type BuildrootRequest } from './request.js';
export { groupJobs, buildrootSolver, buildrootJobs, extraJobs, type SolveExtras } from './jobs.js';
export { BuildrootResolver, SOLVER_RECYCLE, type BuildrootOutcome } from './resolver.js';
export { SolveService, openStore, defaultWorkers, repoStoreKey, type SolveServiceOptions, type SolveOptions } from './service.js';
export { Shares } from './shares.js';
export { reachableBinaries, cutRepos, restrictPool } from './universe.js';
export { SourceIndex } from './source-index.js';
export { BuildrootStore, storeContextKey, storeFamilyKey, encodeSegment, decodeSegment, pruneContexts, STORE_CONTEXTS_KEPT, type BuildrootStoreOptions, type StoreContext, type PreviousContext } from './store.js';
