/**
 * Ownership of native handles: owners free explicitly (`free()` or `using`), and a
 * FinalizationRegistry frees what a caller forgot, as a backstop only.
 *
 * A Solver or Transaction lives inside its Pool's memory: freeing the pool frees them first, and
 * the backstop never frees a child after its pool (finalizers run in any order).
 *
 * Handles stay in private fields: sibling classes of src/solv reach them through {@link handleOf},
 * which this package does not export, so no public property of a libsolv object is a pointer.
 */
import { GooseError } from '../errors.js';
import { moduleGeneration, type Handle } from '../native/index.js';

/** Shared flag a child checks before freeing itself: false once its owner is gone. */
export interface Liveness {
  alive: boolean;
}

interface Held {
  release: () => void;
  generation: number;
  own: Liveness;
  parent?: Liveness;
}

const registry = new FinalizationRegistry<Held>((held) => {
  // A handle from a module instance that has since been discarded must not be freed.
  if (held.generation !== moduleGeneration() || !held.own.alive) return;
  if (held.parent && !held.parent.alive) return;
  held.own.alive = false;
  held.release();
});

/**
 * The token that lets src/solv call the constructors taking a native handle (Repo, Solver,
 * Transaction); not exported from the package, so those objects come only from their owners.
 */
export const INTERNAL: unique symbol = Symbol('goose-deps internal');

/** Throws unless `token` is {@link INTERNAL}: `what` names where such objects come from. */
export function assertInternal(token: unknown, what: string): void {
  if (token !== INTERNAL) throw new GooseError('ILLEGAL_CONSTRUCTOR', `${what}; its constructor is not public`);
}

/** The error every use of a freed object throws. */
export function usedAfterFree(what: string): GooseError {
  return new GooseError('USED_AFTER_FREE', `${what} used after free()`);
}

let ptrOf: (owner: NativeOwner) => Handle;

/** The native address of a live owner, for src/solv only; throws USED_AFTER_FREE once freed. */
export function handleOf(owner: NativeOwner): Handle {
  return ptrOf(owner);
}

/** Base of the classes that own native memory (Pool, Solver, Transaction). */
export abstract class NativeOwner implements Disposable {
  #ptr: Handle;
  readonly #release: (ptr: Handle) => void;
  readonly #token = {};
  readonly #parent?: Liveness;
  readonly #liveness: Liveness = { alive: true };
  readonly #children = new Set<WeakRef<NativeOwner>>();

  static {
    ptrOf = (o) => {
      if (!o.#ptr || !o.#liveness.alive) throw usedAfterFree(o.constructor.name);
      return o.#ptr;
    };
  }

  protected constructor(ptr: Handle, release: (ptr: Handle) => void, parent?: NativeOwner) {
    this.#ptr = ptr;
    this.#release = release;
    this.#parent = parent ? parent.#liveness : undefined;
    if (parent) parent.#children.add(new WeakRef(this));
    registry.register(this, { release: () => release(ptr), generation: moduleGeneration(), own: this.#liveness, parent: this.#parent }, this.#token);
  }

  /** True until `free()` is called (on this object or on its owner). */
  get alive(): boolean {
    return this.#ptr !== 0 && this.#liveness.alive;
  }

  /** Frees the native object (children first); later use throws. Safe to call twice. */
  free(): void {
    if (!this.#ptr) return;
    const ptr = this.#ptr;
    this.#ptr = 0;
    registry.unregister(this.#token);
    for (const ref of this.#children) ref.deref()?.free();
    this.#children.clear();
    if (!this.#liveness.alive || (this.#parent && !this.#parent.alive)) return;
    this.#liveness.alive = false;
    this.#release(ptr);
  }

  /** `using pool = new Pool()` frees at the end of the block. */
  [Symbol.dispose](): void {
    this.free();
  }
}
