/** The data of a build plan: what goes in, what comes out. See docs/plan.md. */
import type { BuildGraph } from '../order/index.js';

/**
 * What a final build may take from upstream: `strict`, nothing at all; `content`, tools only
 * (only content needs must come from the plan, as hand-kept toolchain scripts accept old tools).
 */
export type CleanMode = 'strict' | 'content';

/** Sources built with their bootstrap conditionals (`rpmbuild -bs --with bootstrap`, same names). */
export interface BootstrapVariants {
  /** The build graph of the variants: their own BuildRequires, needs on the plan's sources. */
  graph: BuildGraph;
  /** The names of the sources that have a variant (the variant graph's resolved sources). */
  sources: readonly string[];
}

/** Options of {@link buildPlan}. */
export interface PlanOptions {
  /** What a final build may take from upstream; default `strict`. */
  clean?: CleanMode;
  /** Sources already rebuilt: not planned, their binaries count as the plan's from the start. */
  built?: readonly string[];
  /** Bootstrap variants a cycle may be broken with. */
  bootstrap?: BootstrapVariants;
  /** Largest dependency cycle chosen exactly (minimum rebuilds, then minimum weight); default 16, at most 20. */
  exactLimit?: number;
}

/** Upstream binaries of one source that a step's buildroot takes. */
export interface UpstreamUse {
  /** The source, built later in the plan (or by this very step). */
  source: string;
  /** Its binaries in the buildroot, sorted. */
  binaries: string[];
  /** True when one of them is content (a library, headers, a development package, rpm macros). */
  content: boolean;
  /** The binary that weighs most, and what it is ("a development package"...). */
  heaviest: { binary: string; class: string };
}

/** One build of one source. */
export interface PlanStep {
  /** Source package name. */
  source: string;
  /** Its name-version-release (of the variant for a bootstrap variant build). */
  nvr: string;
  /** Wave, from 1: steps of a wave can run in parallel; a step sees the binaries of earlier waves. */
  wave: number;
  /** Which build of this source: 1, then 2 for the rebuild. */
  pass: number;
  /** True when its buildroot takes an upstream binary of a planned source, or it builds the bootstrap variant. */
  bootstrap: boolean;
  /** True when it builds the source's bootstrap variant. */
  variant: boolean;
  /** Why this build, in words: a bootstrap build's upstream binaries, a rebuild's cause. */
  reason: string;
  /** The upstream binaries its buildroot takes, by source (sorted by source). */
  upstream: UpstreamUse[];
}

/** A binary of a source outside the plan that some build still uses. */
export interface ForeignBinary {
  /** Binary package name. */
  binary: string;
  /** Its source, when it is one whose buildroot does not install; absent when no source repository has it. */
  source?: string;
}

/** Counts and checks of a plan. */
export interface PlanSummary {
  /** The clean mode the plan was made for. */
  clean: CleanMode;
  /** Sources planned (each built at least once). */
  sources: number;
  /** Steps. */
  builds: number;
  /** Steps with pass > 1. */
  rebuilds: number;
  /** Steps that are bootstrap builds. */
  bootstrapBuilds: number;
  /** Steps that build a bootstrap variant. */
  bootstrapVariants: number;
  /** Waves. */
  waves: number;
  /** Sources given as already built. */
  built: number;
  /** Sources whose buildroot does not install. */
  unresolvable: number;
  /** Foreign binaries. */
  foreign: number;
  /** True when the last build of every source took nothing from upstream the mode forbids and is no variant. */
  isClean: boolean;
  /** Sources whose last build is not clean (empty when isClean). */
  unclean: string[];
  /**
   * Sources in dependency cycles, by how their rebuilds were chosen: `exact` (at most
   * `exactLimit` members: the fewest rebuilds there are) or `heuristic` (larger cycles).
   */
  cycles: { exact: number; heuristic: number };
  /** Every rebuild checked: removing it leaves the plan unclean. `unneeded` lists those that would not. */
  rebuildsNeeded: { checked: number; unneeded: string[] };
}

/** A complete plan: see docs/plan.md. */
export interface Plan {
  /** Every build, by wave then source name then pass. */
  steps: PlanStep[];
  /** Sources given as already built, sorted: not planned, their binaries the plan's from the start. */
  built: string[];
  /** Sources whose buildroot does not install, with libsolv's explanation. */
  unresolvable: { name: string; problems: string[] }[];
  /** Binaries of sources outside the plan that builds use, sorted. */
  foreign: ForeignBinary[];
  /** Counts and checks. */
  summary: PlanSummary;
}
