/** The readiness report as data: statuses, per-package readiness, root causes, summary. */
import type { Pool, Repo } from '../solv/index.js';
import type { Explanation } from '../explain/index.js';
import type { BuildrootStoreOptions } from '../buildroots/index.js';
import type { KeptResult } from './kept-types.js';

/** Where a source package stands in the rebuild. */
export type ReadinessStatus = 'built' | 'ready' | 'blocked' | 'unresolvable';

/** What the built repos hold, by name, by name-evr and by the sourcerpm they were built from. */
export interface BuiltIndex {
  /** Binary names. */
  names: Set<string>;
  /** `name-evr` of each binary. */
  nevrs: Set<string>;
  /** `name-version-release` of each source a binary was built from. */
  sourceNvrs: Set<string>;
  /** Binary name ids (of the built pool). */
  nameIds: Set<number>;
}

/** The statuses, in the order reports list them. */
export const READINESS_STATUSES: readonly ReadinessStatus[] = ['built', 'ready', 'blocked', 'unresolvable'];

/** What the readiness computation reads. */
export interface ReadinessInput {
  /** Finished pool: the upstream binary repos first, then the source repos. */
  upstream: Pool;
  /** The upstream binary repos of `upstream`. */
  upstreamRepos: Repo[];
  /** The source repos of `upstream`. */
  sourceRepos: Repo[];
  /** Finished pool with the built binary repos first (other repos after them are ignored). */
  built: Pool;
  /** The built binary repos of `built`. */
  builtRepos: Repo[];
  /** Build group package names. */
  group: readonly string[];
}

/** Options of {@link computeReadiness}. */
export interface ReadinessOptions {
  /** Only these source names (default: every source). */
  only?: readonly string[];
  /** Install weak dependencies into buildroots (mock does not). */
  weak?: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Blocker sentences kept per package (default 5); blockedBy always lists all. */
  maxBlockerCauses?: number;
  /** Read and fill the buildroot store (see SolveServiceOptions.store); undefined: solve everything. */
  store?: BuildrootStoreOptions;
  /** The previous run's kept result (kept.ts): entries whose inputs are unchanged are taken from it instead of explained. */
  kept?: KeptResult;
  /** Progress of the two solve phases. */
  onProgress?: (phase: 'built' | 'upstream', done: number, total: number) => void;
}

/** One source package's readiness. */
export interface PackageReadiness {
  /** Source name. */
  name: string;
  /** Its epoch:version-release in the source repos. */
  evr: string;
  /** built, ready, blocked or unresolvable. */
  status: ReadinessStatus;
  /** Blocked: the sources whose binaries are missing, sorted. */
  blockedBy: string[];
  /** Blocked: the upstream buildroot's binaries the built repos lack, sorted. */
  missing: string[];
  /** True when it is blocked by itself or sits on a cycle of the blocked-by graph. */
  inCycle: boolean;
  /** Why it is blocked or unresolvable (empty otherwise). */
  explanations: Explanation[];
}

/** A blocker that is not itself blocked by anything outside it: a package, or a cycle to bootstrap. */
export interface RootCause {
  /** The package, or the cycle's members, sorted. */
  members: string[];
  /** The package's status; `cycle` for a blocked cycle; `external` for a source outside the target. */
  status: ReadinessStatus | 'cycle' | 'external';
  /** Packages blocked by it directly. */
  blocks: number;
  /** Packages blocked by it directly or through other blocked packages. */
  blocksTransitively: number;
}

/** Counts over the target. */
export interface ReadinessSummary {
  /** Source packages in the target. */
  total: number;
  /** Per status. */
  built: number;
  ready: number;
  blocked: number;
  unresolvable: number;
  /** Blocked packages on a cycle of the blocked-by graph. */
  inCycle: number;
  /** built / total, in percent (one decimal). */
  percentBuilt: number;
  /** ready / total, in percent (one decimal). */
  percentReady: number;
}

/** The whole report, as data. */
export interface Readiness {
  /** Every target source, sorted by name. */
  packages: PackageReadiness[];
  /** Counts. */
  summary: ReadinessSummary;
  /** Root causes, most blocking first. */
  rootCauses: RootCause[];
  /** The next wave to submit: the ready packages, sorted. */
  nextWave: string[];
  /** Cycles of the blocked-by graph (members sorted; a self-blocked package is a cycle of one). */
  cycles: string[][];
  /** Every unbuilt blocker and ready source ranked by unblocks-now, then blocks-in-all; submitNext the ready ones. */
  ranking: Ranking;
  /** The build group itself: whether it installs from the built repos, what it misses, why it fails upstream. */
  group: { names: string[]; ready: boolean; blockedBy: string[]; missing: string[]; explanations: Explanation[] };
  /** How much work was done. */
  stats: { requests: number; rejectedWithoutSolve: number; builtSolves: number; upstreamSolves: number; seconds: number; carried?: number; kept?: number; patched?: number };
  /** The built repos' index (what a kept result records of them). */
  builtIndex?: BuiltIndex;
}

/** One source not yet built, ranked. */
export interface SourceRank {
  /** Source name. */
  name: string;
  /** Its status; `external` for a blocker outside the target. */
  status: ReadinessStatus | 'external';
  /** Blocked sources that wait for this one only: they become ready when it is built. */
  unblocksNow: number;
  /** Blocked sources that wait for it, directly or through other blocked sources. */
  blocksInAll: number;
  /** True when it sits on a cycle of the blocked-by graph (or blocks itself). */
  onCycle: boolean;
}

/** The ranking of a readiness report. */
export interface Ranking {
  /** Every source not yet built that blocks something or is ready, best first (see {@link compareRanks}). */
  sources: SourceRank[];
  /** The ready sources, best first: submit these in this order. */
  submitNext: SourceRank[];
}
