/** Transaction: the ordered steps that turn the installed system into the solver's result. */
import { C, withQueue } from '../native/index.js';
import { NativeOwner } from './lifetime.js';
import type { Pool } from './pool.js';
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

  /** Wraps a native transaction; use Solver.transaction(). */
  constructor(pool: Pool, ptr: number) {
    super(ptr, (p) => pool.m._gd_transaction_free(p), pool);
    this.#pool = pool;
  }

  protected release(ptr: number): void {
    this.#pool.m._gd_transaction_free(ptr);
  }

  /** Orders the steps as rpm would install them (dependencies first). */
  order(flags = 0): this {
    this.#pool.m._gd_transaction_order(this.ptr, flags);
    return this;
  }

  /** The steps, in order once `order()` ran. */
  steps(): Step[] {
    const m = this.#pool.m;
    const ids = withQueue(m, (q) => {
      m._gd_transaction_steps(this.ptr, q.ptr);
      return q.toArray();
    });
    return [...ids].map((p) => ({
      solvable: new Solvable(this.#pool, p),
      type: stepTypes.get(m._gd_transaction_type(this.ptr, p, C.SOLVER_TRANSACTION_SHOW_ACTIVE | C.SOLVER_TRANSACTION_SHOW_ALL)) ?? 'other',
    }));
  }
}
