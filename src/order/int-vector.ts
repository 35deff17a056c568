/** A growable Int32 column, for graph data too large to hold as objects (millions of edges). */
export class IntVector {
  #data: Int32Array;
  #length = 0;

  constructor(capacity = 1024) {
    this.#data = new Int32Array(capacity);
  }

  /** Number of values pushed. */
  get length(): number {
    return this.#length;
  }

  /** Appends a value. */
  push(v: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new Int32Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length++] = v;
  }

  /** A trimmed copy of the values. */
  toArray(): Int32Array {
    return this.#data.slice(0, this.#length);
  }
}
