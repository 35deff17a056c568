/** The TypeScript mirror of libsolv's model: Pool, Repo, Solvable, Dep, Job, Solver, Problem, Transaction. */
export { Pool, type PoolFlag, type SolvableTable } from './pool.js';
export type { IdLists } from '../native/index.js';
export { Repo, sniffCompression, type Compression, type AddOptions } from './repo.js';
export { Solvable, depKeys, type DepKind, type DepPart } from './solvable.js';
export { Dep, depSlot } from './dep.js';
export * from './job.js';
export { Solver, type SolverFlag } from './solver.js';
export { ruleKind, type Problem, type RuleInfo, type RuleKind } from './problem.js';
export { Transaction, type Step, type StepType } from './transaction.js';
export { runTestcase, type TestcaseResult } from './testcase.js';
export { C as constants } from '../native/index.js';
export { wasmDecompress } from './decompress.js';
export { compileLibsolv, useCompiledLibsolv, compiledLibsolv } from '../native/index.js';
