/** Build plans: every build, in order, to a distribution built only from itself (pure: no libsolv, no IO). */
export { buildPlan, DEFAULT_PLAN_EXACT_LIMIT } from './plan.js';
export { checkSteps, upstreamOf, type CheckedStep, type StepsCheck, type Upstream } from './check.js';
export { planNeeds, type PlanNeeds } from './needs.js';
export type { BootstrapVariants, CleanMode, ForeignBinary, Plan, PlanOptions, PlanStep, PlanSummary, UpstreamUse } from './types.js';
