/** Solver: solves jobs against a pool; problems come back as data. */
import { GooseError } from '../errors.js';
import { C, guard, type Bindings } from '../native/index.js';
import { INTERNAL, NativeOwner, assertInternal, handleOf } from './lifetime.js';
import { bindingsOf, type Pool } from './pool.js';
import type { Job } from './job.js';
import { ruleKind, type Problem, type RuleInfo } from './problem.js';
import { Transaction } from './transaction.js';

/** Solver switches (libsolv's SOLVER_FLAG_*), by name. */
export type SolverFlag = 'allowDowngrade' | 'allowArchchange' | 'allowVendorchange' | 'allowUninstall' | 'ignoreRecommended'
  | 'addAlreadyRecommended' | 'noInfarchcheck' | 'allowNamechange' | 'bestObeyPolicy' | 'focusInstalled' | 'focusBest'
  | 'strongRecommends' | 'installAlsoUpdates' | 'strictRepoPriority' | 'yumObsoletes';

const solverFlags: Record<SolverFlag, number> = {
  allowDowngrade: C.SOLVER_FLAG_ALLOW_DOWNGRADE,
  allowArchchange: C.SOLVER_FLAG_ALLOW_ARCHCHANGE,
  allowVendorchange: C.SOLVER_FLAG_ALLOW_VENDORCHANGE,
  allowUninstall: C.SOLVER_FLAG_ALLOW_UNINSTALL,
  ignoreRecommended: C.SOLVER_FLAG_IGNORE_RECOMMENDED,
  addAlreadyRecommended: C.SOLVER_FLAG_ADD_ALREADY_RECOMMENDED,
  noInfarchcheck: C.SOLVER_FLAG_NO_INFARCHCHECK,
  allowNamechange: C.SOLVER_FLAG_ALLOW_NAMECHANGE,
  bestObeyPolicy: C.SOLVER_FLAG_BEST_OBEY_POLICY,
  focusInstalled: C.SOLVER_FLAG_FOCUS_INSTALLED,
  focusBest: C.SOLVER_FLAG_FOCUS_BEST,
  strongRecommends: C.SOLVER_FLAG_STRONG_RECOMMENDS,
  installAlsoUpdates: C.SOLVER_FLAG_INSTALL_ALSO_UPDATES,
  strictRepoPriority: C.SOLVER_FLAG_STRICT_REPO_PRIORITY,
  yumObsoletes: C.SOLVER_FLAG_YUM_OBSOLETES,
};

/** A libsolv solver; reusable for many solves over the same pool. Free it when done. */
export class Solver extends NativeOwner {
  readonly #pool: Pool;
  readonly #b: Bindings;
  #problemCount = 0;
  readonly #generation: number;

  /** Not public: solvers come from Pool.createSolver(), which prepares the provides index. */
  constructor(token: typeof INTERNAL, pool: Pool) {
    assertInternal(token, 'a Solver comes from Pool.createSolver()');
    const b = bindingsOf(pool);
    super(b.solverCreate(handleOf(pool)), (p) => b.solverFree(p), pool);
    this.#pool = pool;
    this.#b = b;
    this.#generation = pool.indexGeneration;
  }

  /** The pool it solves over. */
  get pool(): Pool {
    return this.#pool;
  }

  /** Sets a solver flag; returns the previous value. */
  setFlag(flag: SolverFlag, value: boolean): boolean {
    return this.#b.solverSetFlag(handleOf(this), solverFlags[flag], value);
  }

  /** Solves `jobs`; returns the problems (empty when the jobs can be satisfied). */
  solve(jobs: Job[]): Problem[] {
    const count = this.solveCount(jobs);
    const problems: Problem[] = [];
    for (let i = 1; i <= count; i++) problems.push(this.problem(i));
    return problems;
  }

  /** Solves `jobs` and returns only the number of problems (cheaper when the details are not needed). */
  solveCount(jobs: Job[]): number {
    const s = handleOf(this);
    if (this.#pool.indexGeneration !== this.#generation) {
      throw new GooseError('SOLVER_STALE', 'the pool changed (repos, excludes or provides index) after this solver was created: create a new solver');
    }
    const flat = new Int32Array(jobs.length * 2);
    jobs.forEach((j, i) => {
      flat[2 * i] = j.how;
      flat[2 * i + 1] = j.what;
    });
    this.#problemCount = guard('solving', () => this.#b.solverSolve(s, flat));
    return this.#problemCount;
  }

  /** Problem `id` (1-based) of the last solve, with every rule involved. */
  problem(id: number): Problem {
    const s = handleOf(this);
    const infos: RuleInfo[] = [];
    for (const a of this.#b.allRuleInfos(s, this.#b.problemRules(s, id))) {
      for (let i = 0; i < a.length; i += 4) infos.push(this.#info(s, a[i], a[i + 1], a[i + 2], a[i + 3]));
    }
    const [code, source, target, dep] = this.#b.ruleInfo(s, this.#b.problemRule(s, id));
    const primary = this.#info(s, code, source, target, dep);
    return { id, text: this.#b.problem2str(s, id), rules: infos, primary };
  }

  #info(s: number, code: number, source: number, target: number, dep: number): RuleInfo {
    const text = this.#b.ruleInfo2str(s, code, source, target, dep);
    const kind = ruleKind(code);
    if (kind.startsWith('job')) {
      // For job rules libsolv reports (job index, how, what), not solvables.
      const select = target & C.SOLVER_SELECTMASK;
      const what = select === C.SOLVER_SOLVABLE_PROVIDES || select === C.SOLVER_SOLVABLE_NAME ? dep : 0;
      return { kind, code, source: 0, target: 0, dep: what, job: { index: source, how: target, what: dep }, text };
    }
    return { kind, code, source, target, dep, text };
  }

  /** Solvable ids the last solve decided to install (the full resulting set, installed ones included). */
  decidedInstalls(): Int32Array {
    return this.#b.solverInstalls(handleOf(this));
  }

  /** The last solve's result as a transaction (caller frees). */
  transaction(): Transaction {
    return new Transaction(INTERNAL, this.#pool, this.#b.transactionCreate(handleOf(this)));
  }

  /** The last solve's result in libsolv testcase form (the text testsolv compares). */
  resultText(flags = C.TESTCASE_RESULT_TRANSACTION | C.TESTCASE_RESULT_PROBLEMS): string {
    return this.#b.testcaseResult(handleOf(this), flags);
  }

  /** Writes a libsolv testcase (repos, job, result) of the last solve into `dir`, for bug reports. */
  writeTestcase(dir: string, resultFlags: number): boolean {
    return this.#b.testcaseWrite(handleOf(this), dir, resultFlags);
  }
}
