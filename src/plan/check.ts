/**
 * Where a step's binaries come from, and the two checks of a plan: every last build clean, every
 * rebuild needed. Computed from the steps alone (their sources, waves and variants), not from how
 * they were chosen, so the checks hold whatever made the steps.
 */
import type { PlanNeeds } from './needs.js';

/** A step as the checks see it. */
export interface CheckedStep {
  /** Source index. */
  source: number;
  /** Wave (any numbering where a smaller wave is built earlier). */
  wave: number;
  /** True for a build of the bootstrap variant. */
  variant: boolean;
}

/** What one build takes from upstream. */
export interface Upstream {
  /** Rows of the needs (normal, or the variant's for a variant build) whose source is not built yet. */
  rows: number[];
  /** True when it takes its own source's upstream binaries (no earlier build of it). */
  self: boolean;
  /** True when something of it is a must-need (the build cannot be a final one). */
  must: boolean;
  /** Their total weight. */
  weight: number;
}

/** Before which wave each source is first built (2^30 when the plan never builds it). */
export function earliestWaves(n: number, steps: readonly CheckedStep[]): Int32Array {
  const earliest = new Int32Array(n).fill(1 << 30);
  for (const s of steps) if (s.wave < earliest[s.source]) earliest[s.source] = s.wave;
  return earliest;
}

/** What a build of `v` in `wave` takes from upstream, when each source is first built at `earliest`. */
export function upstreamOf(needs: PlanNeeds, v: number, wave: number, earliest: Int32Array): Upstream {
  const out: Upstream = { rows: [], self: false, must: false, weight: 0 };
  for (let r = needs.start[v]; r < needs.start[v + 1]; r++) {
    if (earliest[needs.to[r]] < wave) continue;
    out.rows.push(r);
    out.weight += needs.weight[r];
    if (needs.must[r]) out.must = true;
  }
  if (needs.selfRow[v] >= 0 && earliest[v] >= wave) {
    out.self = true;
    out.weight += needs.selfWeight[v];
    if (needs.selfMust[v]) out.must = true;
  }
  return out;
}

/** The outcome of {@link checkSteps}. */
export interface StepsCheck {
  /** Sources whose last build took a must-need from upstream, or is a bootstrap variant. */
  unclean: number[];
  /** Rebuilt sources whose build before the last was already clean (so the last was not needed). */
  unneeded: number[];
  /** Rebuilt sources checked. */
  checked: number;
}

/**
 * Checks `steps` against the needs. Removing the last build of a source rebuilt changes no other
 * build's buildroot (its earlier build is still there, so its binaries stay the plan's); the plan
 * without it is clean exactly when the build before it was clean. So "every rebuild is needed"
 * is "every rebuilt source's build before the last took a must-need from upstream or was a variant".
 */
export function checkSteps(normal: PlanNeeds, steps: readonly CheckedStep[]): StepsCheck {
  const earliest = earliestWaves(normal.n, steps);
  const bySource = new Map<number, CheckedStep[]>();
  for (const s of steps) (bySource.get(s.source) ?? bySource.set(s.source, []).get(s.source)!).push(s);
  const clean = (s: CheckedStep) => !s.variant && !upstreamOf(normal, s.source, s.wave, earliest).must;
  const unclean: number[] = [];
  const unneeded: number[] = [];
  let checked = 0;
  for (const [v, list] of [...bySource.entries()].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.wave - b.wave);
    if (!clean(list[list.length - 1])) unclean.push(v);
    if (list.length < 2) continue;
    checked++;
    if (clean(list[list.length - 2])) unneeded.push(v);
  }
  return { unclean, unneeded, checked };
}
