/** The readiness report as a JSON document: what `--json` prints, the HTML page embeds and the history stores. */
import type { PackageReadiness, Readiness, ReadinessSummary, RootCause, SourceRank, WhatIf } from '../readiness/index.js';
import { sentence, type Explanation } from '../explain/index.js';

/**
 * One package in the JSON report: the fields of {@link PackageReadiness} but its explanations,
 * which come as `problems` (sentences) and `causes` (the same as data, src/explain causes).
 */
export interface ReadinessPackageJson extends Omit<PackageReadiness, 'explanations'> {
  /** Sentences: why it is blocked or unresolvable. */
  problems: string[];
  /** The same, as data. */
  causes: Explanation[];
}

/** The whole JSON report. */
export interface ReadinessJson {
  /** Format version of this document. */
  version: 1;
  /** Counts and percentages. */
  summary: ReadinessSummary;
  /** Blockers not blocked themselves, most blocking first. */
  rootCauses: RootCause[];
  /** The ready packages: submit these now. */
  nextWave: string[];
  /** Cycles of the blocked-by graph. */
  cycles: string[][];
  /** The ready sources, best first: most unblocked now, then most blocked in all. */
  submitNext: SourceRank[];
  /** Every unbuilt blocker and ready source, ranked the same way. */
  ranking: SourceRank[];
  /** With `--assume-built`: what would change. */
  whatIf?: WhatIf;
  /** The build group on its own. */
  group: { names: string[]; ready: boolean; blockedBy: string[]; missing: string[]; problems: string[] };
  /** Every package, sorted by name. */
  packages: ReadinessPackageJson[];
}

/** Sentences of a package's explanations. */
export function problemSentences(name: string, explanations: readonly Explanation[]): string[] {
  return explanations.map((e) => sentence(name, e));
}

/** The JSON document of a readiness report (deterministic: everything in it is sorted). */
export function readinessJson(r: Readiness): ReadinessJson {
  return {
    version: 1,
    summary: r.summary,
    rootCauses: r.rootCauses,
    nextWave: r.nextWave,
    cycles: r.cycles,
    submitNext: r.ranking.submitNext,
    ranking: r.ranking.sources,
    group: { names: r.group.names, ready: r.group.ready, blockedBy: r.group.blockedBy, missing: r.group.missing, problems: problemSentences('the build group', r.group.explanations) },
    packages: r.packages.map((p) => ({
      name: p.name,
      evr: p.evr,
      status: p.status,
      blockedBy: p.blockedBy,
      missing: p.missing,
      inCycle: p.inCycle,
      problems: problemSentences(p.name, p.explanations),
      causes: p.explanations,
    })),
  };
}

/** Packages rendered per piece by {@link readinessJsonPieces}. */
const PACKAGES_PER_PIECE = 256;
// Stands for the packages array while the rest is rendered: JSON.stringify escapes U+0000, so no data string renders as this.
const PACKAGES_MARK = '\u0000packages\u0000';

/**
 * The report's text exactly as `JSON.stringify(j, null, 2) + '\n'`, in pieces of a few hundred
 * packages each: a whole report is ~100 MB, and one string of it lives long enough to be copied
 * by every young-generation collection while it is built.
 */
export function* readinessJsonPieces(j: ReadinessJson): Generator<string> {
  const head = JSON.stringify({ ...j, packages: PACKAGES_MARK }, null, 2) + '\n';
  const mark = head.indexOf(JSON.stringify(PACKAGES_MARK));
  if (mark < 0 || !j.packages.length) {
    yield JSON.stringify(j, null, 2) + '\n';
    return;
  }
  yield head.slice(0, mark) + '[';
  for (let i = 0; i < j.packages.length; i += PACKAGES_PER_PIECE) {
    // Packages sit at depth 2 (4 spaces), as in a list within a list: render them so, then drop that wrapper's "[\n  [\n" and "\n  ]\n]".
    const s = JSON.stringify([j.packages.slice(i, i + PACKAGES_PER_PIECE)], null, 2);
    // Apart, not joined: a separator + slice is a string the writer has to flatten (copy) first,
    // which cost 0.5 s CPU on a 110 MB report; a slice alone is encoded from where it lies.
    yield i ? ',\n' : '\n';
    yield s.slice(6, s.length - 6);
  }
  yield '\n  ]' + head.slice(mark + JSON.stringify(PACKAGES_MARK).length);
}
