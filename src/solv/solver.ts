/** Solver: solves jobs against a pool; problems come back as data. */
import { GooseError } from '../errors.js';
import { C, guard, readString, withQueue, withAlloc, readInt32s } from '../native/index.js';
import { NativeOwner } from './lifetime.js';
import type { Pool } from './pool.js';
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
  #problemCount = 0;
  readonly #generation: number;

  /** Creates a solver; prefer Pool.createSolver(), which prepares the provides index. */
  constructor(pool: Pool) {
    const ptr = pool.m._gd_solver_create(pool.handle);
    super(ptr, (p) => pool.m._gd_solver_free(p), pool);
    this.#pool = pool;
    this.#generation = pool.indexGeneration;
  }

  protected release(ptr: number): void {
    this.#pool.m._gd_solver_free(ptr);
  }

  /** The pool it solves over. */
  get pool(): Pool {
    return this.#pool;
  }

  /** Sets a solver flag; returns the previous value. */
  setFlag(flag: SolverFlag, value: boolean): boolean {
    return this.#pool.m._gd_solver_set_flag(this.ptr, solverFlags[flag], value ? 1 : 0) !== 0;
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
    const m = this.#pool.m;
    if (this.#pool.indexGeneration !== this.#generation) {
      throw new GooseError('SOLVER_STALE', 'the pool changed (repos, excludes or provides index) after this solver was created: create a new solver');
    }
    const flat = new Int32Array(jobs.length * 2);
    jobs.forEach((j, i) => {
      flat[2 * i] = j.how;
      flat[2 * i + 1] = j.what;
    });
    this.#problemCount = guard('solving', () => withQueue(m, (q) => m._gd_solver_solve(this.ptr, q.set(flat).ptr)));
    return this.#problemCount;
  }

  /** Problem `id` (1-based) of the last solve, with every rule involved. */
  problem(id: number): Problem {
    const m = this.#pool.m;
    const rules = withQueue(m, (q) => {
      m._gd_solver_problem_rules(this.ptr, id, q.ptr);
      return q.toArray();
    });
    const infos: RuleInfo[] = [];
    withQueue(m, (q) => {
      for (const rule of rules) {
        m._gd_solver_allruleinfos(this.ptr, rule, q.ptr);
        const a = q.toArray();
        for (let i = 0; i < a.length; i += 4) infos.push(this.#info(a[i], a[i + 1], a[i + 2], a[i + 3]));
      }
    });
    const primaryRule = m._gd_solver_problem_rule(this.ptr, id);
    const primary = withAlloc(m, 12, (p) => {
      const code = m._gd_solver_ruleinfo(this.ptr, primaryRule, p);
      const [source, target, dep] = readInt32s(m, p, 3);
      return this.#info(code, source, target, dep);
    });
    const text = readString(m, m._gd_solver_problem2str(this.ptr, id)) ?? '';
    return { id, text, rules: infos, primary };
  }

  #info(code: number, source: number, target: number, dep: number): RuleInfo {
    const m = this.#pool.m;
    const text = readString(m, m._gd_solver_ruleinfo2str(this.ptr, code, source, target, dep)) ?? '';
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
    const m = this.#pool.m;
    return withQueue(m, (q) => {
      m._gd_solver_installs(this.ptr, q.ptr);
      return q.toArray();
    });
  }

  /** The last solve's result as a transaction (caller frees). */
  transaction(): Transaction {
    return new Transaction(this.#pool, this.#pool.m._gd_solver_create_transaction(this.ptr));
  }

  /** The last solve's result in libsolv testcase form (the text testsolv compares). */
  resultText(flags = C.TESTCASE_RESULT_TRANSACTION | C.TESTCASE_RESULT_PROBLEMS): string {
    const m = this.#pool.m;
    const p = m._gd_testcase_solverresult(this.ptr, flags);
    const s = readString(m, p) ?? '';
    m._gd_free(p);
    return s;
  }

  /** Writes a libsolv testcase (repos, job, result) of the last solve into `dir`, for bug reports. */
  writeTestcase(dir: string, resultFlags: number): boolean {
    const m = this.#pool.m;
    const d = m._malloc(m.lengthBytesUTF8(dir) + 1);
    m.stringToUTF8(dir, d, m.lengthBytesUTF8(dir) + 1);
    try {
      return m._gd_testcase_write(this.ptr, d, resultFlags) !== 0;
    } finally {
      m._free(d);
    }
  }
}
