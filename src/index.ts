/** goose-deps: the library entry point; it only re-exports. */
export * from './errors.js';
export * from './solv/index.js';
export * from './graph/index.js';
export { openRepo, openRepos, finishPool, type LoadedRepo, type OpenOptions, type LoadProgress, type RepoFormat } from './repodata/open.js';
export * from './distribution/index.js';
export * as repodata from './repodata/index.js';
export * as rpm from './rpm/index.js';
export { buildrootRequest, requestKey, newestSources, selectSources, SolveService, type BuildrootRequest, type BuildrootOutcome, type SolveServiceOptions, type SolveOptions } from './buildroots/index.js';
export { buildGraph, type BuildGraph, type BuildGraphOptions, type NeedEdge, type NeedKind, type SourceNode, type Via, type Unresolvable } from './order/index.js';
export { buildOrder, type BuildOrderResult, type BuildOrderOptions, type Break, type BreakKind, type CycleReport } from './order/index.js';
export { whyNeeds, whyText, type WhyResult, type WhyHop, type ChainStep, type StepCause } from './why/index.js';
export { selfHostingBuildroot, type Buildroot, type BuildrootOptions, type BuildrootPackage, type ReasonStep } from './buildroot/index.js';
export { verifyBuildroot, type VerifyResult, type VerifyFailure, type VerifyOptions } from './buildroot/index.js';
export { computeReadiness, READINESS_STATUSES, type Readiness, type ReadinessInput, type ReadinessOptions, type ReadinessStatus, type PackageReadiness, type RootCause, type ReadinessSummary } from './readiness/index.js';
export { buildPlan, checkSteps, DEFAULT_PLAN_EXACT_LIMIT, type BootstrapVariants, type CleanMode, type ForeignBinary, type Plan, type PlanOptions, type PlanStep, type PlanSummary, type UpstreamUse } from './plan/index.js';
export { classifyBinaries } from './order/need-class.js';
export { binaryClasses, classifyName, isContentClass, needWeights, CLASS_FACTOR, NEED_CLASS, NEED_CLASS_WORDS, VIA_BASE, type NeedClassValue, type NeedWeights } from './order/weights.js';
