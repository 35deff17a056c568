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
