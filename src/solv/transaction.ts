/** Transaction: the ordered steps that turn the installed system into the solver's result. */
import { C, type Bindings, type Handle } from '../native/index.js';
import { INTERNAL, NativeOwner, assertInternal, handleOf } from './lifetime.js';
import { bindingsOf, type Pool } from './pool.js';
import { Solvable } from './solvable.js';

/** What happens to a package in a transaction step. */
export type StepType = 'install' | 'erase' | 'reinstall' | 'downgrade' | 'upgrade' | 'obsoletes' | 'multiinstall' | 'change' | 'other';

const stepTypes = new Map<number, StepType>([
  [C.SOLVER_TRANSACTION_INSTALL, 'install'],
  [C.SOLVER_TRANSACTION_ERASE, 'erase'],
  [C.SOLVER_TRANSACTION_REINSTALL, 'reinstall'],
  [C.SOLVER_TRANSACTION_DOWNGRADE, 'downgrade'],
  [C.SOLVER_TRANSACTION_UPGRADE, 'upgrade'],
  [C.SOLVER_TRANSACTION_OBSOLETES, 'obsoletes'],
  [C.SOLVER_TRANSACTION_MULTIINSTALL, 'multiinstall'],
  [C.SOLVER_TRANSACTION_CHANGE, 'change'],
]);

/** One step: a package and what happens to it. */
export interface Step {
  /** The package. */
  solvable: Solvable;
  /** Install, erase, upgrade, ... */
  type: StepType;
}

/** A solver's result as a transaction; free it (or `using`) when done. */
export class Transaction extends NativeOwner {
  readonly #pool: Pool;
  readonly #b: Bindings;

  /** Not public: transactions come from Solver.transaction(). */
  constructor(token: typeof INTERNAL, pool: Pool, ptr: Handle) {
    assertInternal(token, 'a Transaction comes from Solver.transaction()');
    const b = bindingsOf(pool);
    super(ptr, (p) => b.transactionFree(p), pool);
    this.#pool = pool;
    this.#b = b;
  }

  /** Orders the steps as rpm would install them (dependencies first). */
  order(flags = 0): this {
    this.#b.transactionOrder(handleOf(this), flags);
    return this;
  }

  /** The steps, in order once `order()` ran. */
  steps(): Step[] {
    const t = handleOf(this);
    return [...this.#b.transactionSteps(t)].map((p) => ({
      solvable: new Solvable(this.#pool, p),
      type: stepTypes.get(this.#b.transactionType(t, p, C.SOLVER_TRANSACTION_SHOW_ACTIVE | C.SOLVER_TRANSACTION_SHOW_ALL)) ?? 'other',
    }));
  }
}
