/**
 * Dynamic programming over subsets, for the best order of a few nodes: `order`'s exact feedback
 * arc sets and `plan`'s exact rebuild choice both add one node at a time to the set already built.
 */

/**
 * The order of nodes `0..k-1` (k at most 20) that minimises the sum of `stepCost(v, built)` over
 * its steps, `built` being the bitmask of the nodes before `v`: `best[S ∪ {v}] = min(best[S] +
 * stepCost(v, S))`, O(2^k k) calls, 2^k memory. Ties go to the smallest node last added.
 */
export function cheapestOrder(k: number, stepCost: (v: number, built: number) => number): Int32Array {
  const full = (1 << k) - 1;
  const best = new Float64Array(full + 1).fill(Infinity);
  const last = new Int8Array(full + 1).fill(-1);
  best[0] = 0;
  for (let s = 0; s < full; s++) {
    const base = best[s];
    if (base === Infinity) continue;
    for (let v = 0; v < k; v++) {
      const bit = 1 << v;
      if ((s & bit) !== 0) continue;
      const t = s | bit;
      const c = base + stepCost(v, s);
      if (c < best[t]) {
        best[t] = c;
        last[t] = v;
      }
    }
  }
  const order = new Int32Array(k);
  for (let s = full, i = k - 1; i >= 0; i--) {
    order[i] = last[s];
    s &= ~(1 << last[s]);
  }
  return order;
}

/** The sum of `w[base + i]` over the set bits `i` of `mask`. */
export function sumBits(w: Float64Array, base: number, mask: number): number {
  let sum = 0;
  while (mask !== 0) {
    const low = mask & -mask;
    sum += w[base + 31 - Math.clz32(low)];
    mask ^= low;
  }
  return sum;
}
