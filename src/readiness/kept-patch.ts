/**
 * Patching a kept blocked entry instead of explaining it again, when the built repos only gained
 * binaries of its upstream buildroot (the ~200-builds case: on bookworm ~4,300 entries name a
 * binary of the ~345 new ones).
 *
 * Why it is exact. A blocked entry's explanations (explain.ts `blockers`) are made from the
 * binaries of its upstream buildroot missing by name: one per blocking source, its binary nearest
 * the jobs (the walk's depth, then name), the first `max` by (depth, source), then "and N more".
 * The walk's depth, dependency and origin of a binary depend only on the buildroot (fixed by the
 * kept result's context), not on which binaries are missing. When the built repos gained names
 * and lost none of the buildroot's, and some binary is still missing by name, the missing set only
 * shrank, so:
 *   - a told source whose told binary is still missing keeps that binary (the others of it can only
 *     have gone) and its sentence, if its built state is unchanged (`blockerState`);
 *   - a told source none of whose binaries is missing any more drops out (its sentence goes);
 *   - a told source whose told binary went but which still misses another would be told with that
 *     other binary: not patched;
 *   - every other source's nearest binary is no nearer than before, so the told sources that stay
 *     stay first; but when the kept entry did not tell every source ("and N more") and a told one
 *     dropped out, the next one would be told: not patched;
 *   - blockedBy and missing are this run's (computed from the buildroot without the walk), and
 *     "and N more" counts the sources beyond those told.
 * Anything else (a lost name, nothing missing by name, a flipped blocker still told) is explained
 * again as before.
 */
import type { Explanation } from '../explain/index.js';

/** What the patch reads of this run: the buildroot's blockers and names missing by name, and which sources changed built state. */
export interface PatchInput {
  /** This run's blocking sources (missing by name), sorted. */
  blockedBy: readonly string[];
  /** This run's binary names missing by name, sorted. */
  missing: readonly string[];
  /** Whether source `name`'s built state changed since the kept run. */
  flipped: (name: string) => boolean;
  /** Blocker sentences told per package. */
  maxCauses: number;
}

/**
 * The explanations of a blocked package now, from `kept` (its kept entry's causes, for the same
 * buildroot when the built repos only gained names of it), or undefined when they cannot be
 * patched (see the module comment) and must be explained again.
 */
export function patchBlockedCauses(kept: readonly Explanation[], now: PatchInput): Explanation[] | undefined {
  if (!now.missing.length) return undefined;
  const missing = new Set(now.missing);
  const blocking = new Set(now.blockedBy);
  const told: Explanation[] = [];
  let more = false;
  let dropped = false;
  for (const e of kept) {
    if (e.causes.length !== 1) return undefined;
    const c = e.causes[0];
    if (c.kind === 'more-blockers') more = true;
    else if (c.kind !== 'needs-unbuilt') return undefined;
    else if (missing.has(c.binary)) {
      if (!blocking.has(c.blocker) || now.flipped(c.blocker)) return undefined;
      told.push(e);
    } else if (blocking.has(c.blocker)) return undefined;
    else dropped = true;
  }
  if (more && dropped) return undefined;
  // Every source is told (no "more" then), or the first `maxCauses` (as before) and the rest counted.
  if (told.length !== Math.min(now.blockedBy.length, now.maxCauses)) return undefined;
  if (now.blockedBy.length > told.length) told.push({ verdict: 'blocked', causes: [{ kind: 'more-blockers', count: now.blockedBy.length - told.length }] });
  return told;
}
