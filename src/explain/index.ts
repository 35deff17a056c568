/** Causes as data (from libsolv's structured rule info) and the sentences made from them. */
export { causeOfRule, explainProblem, providerNames, tidyCauses, type BlockerState, type Cause, type Explanation, type Origin } from './cause.js';
export { clause, listWords, sentence } from './sentence.js';
