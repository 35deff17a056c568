/**
 * The rebuilds of a large dependency cycle: a small feedback vertex set of its must-needs.
 *
 * Rebuilding `A` at the end makes every need of `A`'s first build harmless, so the rebuilt set
 * must meet every cycle of must-needs: it is a feedback vertex set. A minimum one is NP-hard;
 * {@link greedyRebuilds} takes the reductions of Levy and Low (a member no one left needs, or
 * that needs no one left, is on no cycle; one that needs itself is always rebuilt) and otherwise
 * the member on the most cycles by the product of its in- and out-degrees, the one whose needs
 * weigh least on a tie. {@link pruneRebuilds} then drops every rebuild the others make
 * unnecessary, so no single rebuild can go (minimal), keeping a dynamic topological order
 * (Pearce and Kelly, 2006) so each check searches only between the two ends.
 */
import type { LocalNeeds } from './local.js';

/** Must-needs of a component as rows both ways (see {@link mustRows}). */
export interface MustRows {
  /** Out-rows of member `v`: `outStart[v] .. outStart[v+1]-1`. */
  outStart: Int32Array;
  /** Needed member, per out-row. */
  outTo: Int32Array;
  /** Weight, per out-row. */
  outW: Float64Array;
  /** In-rows of member `v`: `inStart[v] .. inStart[v+1]-1`. */
  inStart: Int32Array;
  /** Needing member, per in-row. */
  inFrom: Int32Array;
  /** The out-row of each in-entry (so its weight is at hand). */
  inRow: Int32Array;
}

/** The must-needs of `L` as out-rows (with weights) and in-rows. */
export function mustRows(L: LocalNeeds): MustRows {
  const k = L.k;
  const outStart = new Int32Array(k + 1);
  const to: number[] = [];
  const w: number[] = [];
  for (let v = 0; v < k; v++) {
    for (let r = L.start[v]; r < L.start[v + 1]; r++) {
      if (!L.must[r]) continue;
      to.push(L.to[r]);
      w.push(L.weight[r]);
    }
    outStart[v + 1] = to.length;
  }
  const inStart = new Int32Array(k + 1);
  for (const x of to) inStart[x + 1]++;
  for (let v = 0; v < k; v++) inStart[v + 1] += inStart[v];
  const inFrom = new Int32Array(to.length);
  const inRow = new Int32Array(to.length);
  const fill = inStart.slice(0, k);
  for (let v = 0; v < k; v++) {
    for (let r = outStart[v]; r < outStart[v + 1]; r++) {
      inRow[fill[to[r]]] = r;
      inFrom[fill[to[r]]++] = v;
    }
  }
  return { outStart, outTo: Int32Array.from(to), outW: Float64Array.from(w), inStart, inFrom, inRow };
}

/** A feedback vertex set of the must-needs of `L`: `rebuild[v]` = 1, and the members in the order they were picked. */
export function greedyRebuilds(L: LocalNeeds, g: MustRows = mustRows(L)): { rebuild: Uint8Array; picked: number[] } {
  const k = L.k;
  const left = new Uint8Array(k).fill(1);
  const inDeg = new Int32Array(k);
  const outDeg = new Int32Array(k);
  const outW = new Float64Array(k);
  for (let v = 0; v < k; v++) {
    outDeg[v] = g.outStart[v + 1] - g.outStart[v];
    inDeg[v] = g.inStart[v + 1] - g.inStart[v];
    for (let r = g.outStart[v]; r < g.outStart[v + 1]; r++) outW[v] += g.outW[r];
  }
  const rebuild = new Uint8Array(k);
  const picked: number[] = [];
  const free: number[] = [];
  const remove = (v: number) => {
    left[v] = 0;
    for (let r = g.outStart[v]; r < g.outStart[v + 1]; r++) {
      const x = g.outTo[r];
      if (left[x] && --inDeg[x] === 0) free.push(x);
    }
    for (let i = g.inStart[v]; i < g.inStart[v + 1]; i++) {
      const u = g.inFrom[i];
      if (!left[u]) continue;
      outW[u] -= g.outW[g.inRow[i]];
      if (--outDeg[u] === 0) free.push(u);
    }
  };
  for (let v = 0; v < k; v++) {
    if (L.selfMust[v]) {
      rebuild[v] = 1;
      picked.push(v);
    }
  }
  for (const v of picked) remove(v);
  for (let v = 0; v < k; v++) if (left[v] && (inDeg[v] === 0 || outDeg[v] === 0)) free.push(v);
  let remaining = k - picked.length;
  while (remaining > 0) {
    while (free.length > 0) {
      const v = free.pop()!;
      if (!left[v]) continue;
      remove(v);
      remaining--;
    }
    if (remaining === 0) break;
    let pick = -1;
    for (let v = 0; v < k; v++) {
      if (!left[v]) continue;
      if (pick < 0) pick = v;
      const a = inDeg[v] * outDeg[v];
      const b = inDeg[pick] * outDeg[pick];
      if (a > b || (a === b && outW[v] < outW[pick])) pick = v;
    }
    rebuild[pick] = 1;
    picked.push(pick);
    remove(pick);
    remaining--;
  }
  return { rebuild, picked };
}

/**
 * Drops rebuilds that the others make unnecessary, trying `order` (members of `rebuild`) in turn:
 * a member need not be rebuilt when none of its must-needs reaches it back through the
 * must-needs of members not rebuilt. Changes `rebuild` in place; the result is minimal.
 */
export function pruneRebuilds(L: LocalNeeds, rebuild: Uint8Array, order: readonly number[], g: MustRows = mustRows(L)): void {
  const k = L.k;
  // pos: a topological order of the kept needs (those of members not rebuilt), needs first.
  const pos = new Int32Array(k);
  const pending = new Int32Array(k);
  const queue: number[] = [];
  for (let v = 0; v < k; v++) {
    pending[v] = rebuild[v] ? 0 : g.outStart[v + 1] - g.outStart[v];
    if (pending[v] === 0) queue.push(v);
  }
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    pos[v] = head;
    for (let i = g.inStart[v]; i < g.inStart[v + 1]; i++) {
      const u = g.inFrom[i];
      if (!rebuild[u] && --pending[u] === 0) queue.push(u);
    }
  }
  const seen = new Int32Array(k);
  let stamp = 0;
  /** Members that (transitively, through kept needs) need `v`, placed at most at `high`. */
  const dependents = (v: number, high: number): number[] => {
    stamp++;
    const found = [v];
    seen[v] = stamp;
    for (let i = 0; i < found.length; i++) {
      const w = found[i];
      for (let j = g.inStart[w]; j < g.inStart[w + 1]; j++) {
        const u = g.inFrom[j];
        if (rebuild[u] || seen[u] === stamp || pos[u] > high) continue;
        seen[u] = stamp;
        found.push(u);
      }
    }
    return found;
  };
  /** What `v` needs (transitively, through kept needs), placed at least at `low`. */
  const needed = (v: number, low: number): number[] => {
    stamp++;
    const found = [v];
    seen[v] = stamp;
    for (let i = 0; i < found.length; i++) {
      const w = found[i];
      if (rebuild[w]) continue;
      for (let r = g.outStart[w]; r < g.outStart[w + 1]; r++) {
        const x = g.outTo[r];
        if (seen[x] === stamp || pos[x] < low) continue;
        seen[x] = stamp;
        found.push(x);
      }
    }
    return found;
  };
  for (const r of order) {
    if (!rebuild[r] || L.selfMust[r]) continue;
    let high = -1;
    for (let i = g.outStart[r]; i < g.outStart[r + 1]; i++) high = Math.max(high, pos[g.outTo[i]]);
    if (high > pos[r]) {
      dependents(r, high);
      let closes = false;
      for (let i = g.outStart[r]; i < g.outStart[r + 1] && !closes; i++) closes = seen[g.outTo[i]] === stamp;
      if (closes) continue;
    }
    rebuild[r] = 0;
    // Its needs now count: move each needed member (and what it needs) before r and r's dependents.
    for (let i = g.outStart[r]; i < g.outStart[r + 1]; i++) {
      const x = g.outTo[i];
      if (pos[x] < pos[r]) continue;
      const back = needed(x, pos[r]);
      const front = dependents(r, pos[x]);
      const byPos = (a: number, b: number) => pos[a] - pos[b];
      back.sort(byPos);
      front.sort(byPos);
      const slots = [...back, ...front].map((v) => pos[v]).sort((a, b) => a - b);
      let s = 0;
      for (const v of back) pos[v] = slots[s++];
      for (const v of front) pos[v] = slots[s++];
    }
  }
}

/** Work units allowed for {@link improveRebuilds}; one trial costs about k + m. */
const SWAP_WORK = 1e7;

/**
 * Local search over minimal sets: rebuild one more member, prune, and keep the result when it
 * rebuilds fewer (one in, two or more out). Members are tried in order of in-degree times
 * out-degree; a large component gets as many trials as SWAP_WORK allows. Changes `rebuild` in
 * place; it stays minimal.
 */
export function improveRebuilds(L: LocalNeeds, rebuild: Uint8Array, g: MustRows = mustRows(L)): void {
  const k = L.k;
  let trials = Math.floor(SWAP_WORK / (k + g.outTo.length + 1));
  const degree = (v: number) => (g.outStart[v + 1] - g.outStart[v]) * (g.inStart[v + 1] - g.inStart[v]);
  let size = rebuild.reduce((a, b) => a + b, 0);
  for (let improved = true; improved && trials > 0; ) {
    improved = false;
    const candidates = [...Array(k).keys()].filter((v) => !rebuild[v]).sort((a, b) => degree(b) - degree(a) || a - b);
    for (const u of candidates) {
      if (trials-- <= 0) break;
      if (rebuild[u]) continue;
      const trial = rebuild.slice();
      trial[u] = 1;
      pruneRebuilds(L, trial, [...Array(k).keys()].filter((v) => trial[v] && v !== u), g);
      const trialSize = trial.reduce((a, b) => a + b, 0);
      if (trialSize < size) {
        rebuild.set(trial);
        size = trialSize;
        improved = true;
      }
    }
  }
}
