/** `why A B`: the chain of dependencies that makes one source need another. */
export { whyNeeds, whyText, type WhyResult, type WhyHop, type ChainStep, type StepCause } from './why.js';
export { whyNeedClasses, whyReportText, type WhyNeedClass } from './report.js';
