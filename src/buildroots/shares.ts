/** How the solve service hands requests to its worker threads. */

/**
 * Which requests each worker solves: a contiguous share each, in order, so that a worker's
 * solver sees neighbouring requests (callers pass them sorted by source name, and neighbours
 * share most of their buildroot: see BuildrootResolver); a worker whose share is done takes the
 * second half of the largest share left.
 */
export class Shares {
  readonly #next: number[];
  readonly #end: number[];

  /** Shares of `count` requests for `workers` workers. */
  constructor(count: number, workers: number) {
    this.#next = Array.from({ length: workers }, (_, w) => Math.floor((w * count) / workers));
    this.#end = Array.from({ length: workers }, (_, w) => Math.floor(((w + 1) * count) / workers));
  }

  /** The next range [start, end) of at most `batch` requests for worker `w`, or undefined when all are handed out. */
  take(w: number, batch: number): [number, number] | undefined {
    if (this.#next[w] >= this.#end[w]) {
      let v = -1;
      for (let i = 0; i < this.#next.length; i++) if (this.#end[i] - this.#next[i] > (v < 0 ? 0 : this.#end[v] - this.#next[v])) v = i;
      if (v < 0) return undefined;
      const left = this.#end[v] - this.#next[v];
      if (left <= 2 * batch) {
        // Too little to split: a batch from it.
        const start = this.#next[v];
        this.#next[v] = Math.min(start + batch, this.#end[v]);
        return [start, this.#next[v]];
      }
      const mid = this.#next[v] + (left >> 1);
      this.#next[w] = mid;
      this.#end[w] = this.#end[v];
      this.#end[v] = mid;
    }
    const start = this.#next[w];
    this.#next[w] = Math.min(start + batch, this.#end[w]);
    return [start, this.#next[w]];
  }
}
