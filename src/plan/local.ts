/**
 * One dependency cycle of the plan (a strongly connected component of the needs) on local ids
 * `0..k-1`: its needs among its members, normal and of the bootstrap variants.
 */
import type { NeedRows, PlanNeeds } from './needs.js';

/**
 * Needs inside one component, as rows over local ids (members ascending, so rows stay sorted):
 * the normal ones, and `variant`'s of the members' bootstrap variants (empty rows without one).
 * `row` points into the PlanNeeds they came from.
 */
export interface LocalNeeds extends NeedRows {
  /** Number of members. */
  readonly k: number;
  /** Local id -> source index, ascending. */
  readonly members: Int32Array;
  /** The bootstrap variants' needs inside the component. */
  readonly variant: NeedRows;
  /** 1 when the member has a bootstrap variant. */
  readonly hasVariant: Uint8Array;
  /** 1 when the member's need on itself is a must (it is rebuilt whatever the order). */
  readonly selfMust: Uint8Array;
}

/** Rows of `needs` from `members` into `members`, on local ids (`localOf` is scratch: -1 outside). */
function rowsInside(needs: PlanNeeds, members: Int32Array, localOf: Int32Array, take: (v: number) => boolean): NeedRows {
  const k = members.length;
  const start = new Int32Array(k + 1);
  const to: number[] = [];
  const weight: number[] = [];
  const content: number[] = [];
  const must: number[] = [];
  const strong: number[] = [];
  const row: number[] = [];
  for (let i = 0; i < k; i++) {
    const v = members[i];
    if (take(v)) {
      const rows: number[] = [];
      for (let r = needs.start[v]; r < needs.start[v + 1]; r++) if (localOf[needs.to[r]] >= 0) rows.push(r);
      rows.sort((a, b) => localOf[needs.to[a]] - localOf[needs.to[b]]);
      for (const r of rows) {
        to.push(localOf[needs.to[r]]);
        weight.push(needs.weight[r]);
        content.push(needs.content[r]);
        must.push(needs.must[r]);
        strong.push(needs.strong[r]);
        row.push(r);
      }
    }
    start[i + 1] = to.length;
  }
  return { start, to: Int32Array.from(to), weight: Float64Array.from(weight), content: Uint8Array.from(content), must: Uint8Array.from(must), strong: Uint8Array.from(strong), row: Int32Array.from(row) };
}

/**
 * The local view of the component `members` (source indices, ascending). `variant` holds the
 * needs of the bootstrap variants, `hasVariant[v]` which sources have one. `localOf` is a
 * scratch array of length n filled with -1; it is left that way.
 */
export function localNeeds(members: Int32Array, normal: PlanNeeds, variant: PlanNeeds | undefined, hasVariant: Uint8Array, localOf: Int32Array): LocalNeeds {
  members.forEach((v, i) => (localOf[v] = i));
  const a = rowsInside(normal, members, localOf, () => true);
  const b = variant ? rowsInside(variant, members, localOf, (v) => hasVariant[v] === 1) : undefined;
  const k = members.length;
  const out: LocalNeeds = {
    k,
    members,
    ...a,
    variant: b ?? rowsInside(normal, members, localOf, () => false),
    hasVariant: Uint8Array.from(members, (v) => hasVariant[v]),
    selfMust: Uint8Array.from(members, (v) => normal.selfMust[v]),
  };
  for (const v of members) localOf[v] = -1;
  return out;
}
