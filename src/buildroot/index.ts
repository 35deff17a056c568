/** The minimal self-hosting buildroot: closure, minimisation, reasons and the proof. */
export { selfHostingBuildroot, type Buildroot, type BuildrootOptions } from './buildroot.js';
export { explainSet, type BuildrootPackage, type ReasonStep } from './reasons.js';
export { buildrootClosure, solveSources, type Closure, type ClosureRound, type ClosureOptions } from './closure.js';
export { minimizeSet, type MinimizeStats, type MinimizeOptions, type SolvedSet } from './minimize.js';
export { verifyBuildroot, type VerifyResult, type VerifyFailure, type VerifyOptions } from './verify.js';
export { ownProblems } from './problems.js';
