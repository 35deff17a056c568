/**
 * The best first-build order of a small dependency cycle, by dynamic programming over the set of
 * members already built (as src/graph/feedback.ts orders small components for `order`).
 *
 * Adding member `v` after the set `S` makes `v` a rebuild when it must-needs a member not yet
 * built (or itself); a rebuild costs one build (`big`, more than all weights together) plus the
 * weight of the strong needs (content, or named by a BuildRequires) its first build takes from
 * upstream, normal or as its bootstrap variant, whichever is less. A member that is not rebuilt
 * pays the weight of its strong needs not yet built that are no must (tools under
 * `--clean content`). The minimum is the fewest rebuilds, then the lightest bootstrap builds.
 * O(2^k k^2) time, 2^k memory.
 */
import { cheapestOrder, sumBits } from '../graph/index.js';
import type { LocalNeeds } from './local.js';

/** The matrices and masks of a component of at most 20 members. */
interface Masks {
  /** Members the member must-needs. */
  must: Int32Array;
  /** Members it strongly needs (content or a BuildRequires; normal build), weights in `strongW`. */
  strong: Int32Array;
  /** Members it strongly needs without must (tools named by BuildRequires under `content`), weights in `softW`. */
  soft: Int32Array;
  /** Members its bootstrap variant strongly needs, weights in `variantW`. */
  variant: Int32Array;
  /** Weights of `strong`, `soft` and `variant`: row `v * k + x`. */
  strongW: Float64Array;
  softW: Float64Array;
  variantW: Float64Array;
  /** More than every weight together: one rebuild outweighs any bootstrap quality. */
  big: number;
}

function masksOf(L: LocalNeeds): Masks {
  const k = L.k;
  const m: Masks = {
    must: new Int32Array(k),
    strong: new Int32Array(k),
    soft: new Int32Array(k),
    variant: new Int32Array(k),
    strongW: new Float64Array(k * k),
    softW: new Float64Array(k * k),
    variantW: new Float64Array(k * k),
    big: 1,
  };
  for (let v = 0; v < k; v++) {
    for (let r = L.start[v]; r < L.start[v + 1]; r++) {
      const x = L.to[r];
      const bit = 1 << x;
      m.big += L.weight[r];
      if (L.must[r]) m.must[v] |= bit;
      if (!L.strong[r]) continue;
      if (!L.must[r]) {
        m.soft[v] |= bit;
        m.softW[v * k + x] = L.weight[r];
      }
      m.strong[v] |= bit;
      m.strongW[v * k + x] = L.weight[r];
    }
    if (!L.hasVariant[v]) continue;
    for (let r = L.variant.start[v]; r < L.variant.start[v + 1]; r++) {
      const x = L.variant.to[r];
      m.big += L.variant.weight[r];
      if (!L.variant.strong[r]) continue;
      m.variant[v] |= 1 << x;
      m.variantW[v * k + x] = L.variant.weight[r];
    }
  }
  return m;
}

/** Whether building `v` after the members `built` makes it a rebuild. */
function isRebuild(L: LocalNeeds, m: Masks, v: number, built: number): boolean {
  return L.selfMust[v] === 1 || (m.must[v] & ~built & ~(1 << v)) !== 0;
}

/** The strong-need weight `v`'s first build takes from upstream after `built`: normal, and as its variant (Infinity without one). */
function upstreamContent(L: LocalNeeds, m: Masks, v: number, built: number): [number, number] {
  const ahead = ~built & ~(1 << v) & ((1 << L.k) - 1);
  const normal = sumBits(m.strongW, v * L.k, m.strong[v] & ahead);
  return [normal, L.hasVariant[v] ? sumBits(m.variantW, v * L.k, m.variant[v] & ahead) : Infinity];
}

/** What building `v` after the members `built` costs (see the file comment). */
function stepCost(L: LocalNeeds, m: Masks, v: number, built: number): number {
  if (isRebuild(L, m, v, built)) {
    const [normal, variant] = upstreamContent(L, m, v, built);
    return m.big + Math.min(normal, variant);
  }
  return sumBits(m.softW, v * L.k, m.soft[v] & ~built & ~(1 << v) & ((1 << L.k) - 1));
}

/** The chosen order of a small component, and per member whether it is rebuilt and first built as its variant. */
export interface ExactChoice {
  /** Local ids in first-build order. */
  order: Int32Array;
  /** 1 when the member is rebuilt. */
  rebuild: Uint8Array;
  /** 1 when its first build is its bootstrap variant. */
  variant: Uint8Array;
}

/** The optimal first-build order of `L` (at most 20 members); see the file comment. */
export function exactChoice(L: LocalNeeds): ExactChoice {
  const k = L.k;
  const m = masksOf(L);
  const order = cheapestOrder(k, (v, built) => stepCost(L, m, v, built));
  const rebuild = new Uint8Array(k);
  const variant = new Uint8Array(k);
  let built = 0;
  for (const v of order) {
    if (isRebuild(L, m, v, built)) {
      rebuild[v] = 1;
      const [normal, variantWeight] = upstreamContent(L, m, v, built);
      variant[v] = variantWeight < normal ? 1 : 0;
    }
    built |= 1 << v;
  }
  return { order, rebuild, variant };
}
