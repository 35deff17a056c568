/**
 * Ownership of native handles: owners free explicitly (`free()` or `using`), and a
 * FinalizationRegistry frees what a caller forgot, as a backstop only.
 *
 * A Solver or Transaction lives inside its Pool's memory: freeing the pool frees them first, and
 * the backstop never frees a child after its pool (finalizers run in any order).
 */
import { moduleGeneration } from '../native/index.js';

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

/** Base of the classes that own native memory (Pool, Solver, Transaction). */
export abstract class NativeOwner implements Disposable {
  #ptr: number;
  readonly #token = {};
  readonly #parent?: Liveness;
  /** Cleared when this object's native memory is released, by whichever path. */
  readonly liveness: Liveness = { alive: true };
  readonly #children = new Set<WeakRef<NativeOwner>>();

  protected constructor(ptr: number, release: (ptr: number) => void, parent?: NativeOwner) {
    this.#ptr = ptr;
    this.#parent = parent?.liveness;
    if (parent) parent.#children.add(new WeakRef(this));
    registry.register(this, { release: () => release(ptr), generation: moduleGeneration(), own: this.liveness, parent: this.#parent }, this.#token);
  }

  /** The native address; throws once freed. */
  protected get ptr(): number {
    if (!this.#ptr || !this.liveness.alive) throw new Error(`${this.constructor.name} used after free()`);
    return this.#ptr;
  }

  /** True until `free()` is called (on this object or on its owner). */
  get alive(): boolean {
    return this.#ptr !== 0 && this.liveness.alive;
  }

  /** Frees the native object (children first); later use throws. Safe to call twice. */
  free(): void {
    if (!this.#ptr) return;
    const ptr = this.#ptr;
    this.#ptr = 0;
    registry.unregister(this.#token);
    for (const ref of this.#children) ref.deref()?.free();
    this.#children.clear();
    if (!this.liveness.alive || (this.#parent && !this.#parent.alive)) return;
    this.liveness.alive = false;
    this.release(ptr);
  }

  /** Frees the native memory behind `ptr` (subclasses call libsolv's *_free). */
  protected abstract release(ptr: number): void;

  /** `using pool = new Pool()` frees at the end of the block. */
  [Symbol.dispose](): void {
    this.free();
  }
}
