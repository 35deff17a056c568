/**
 * The readiness page's data: the JSON report packed for a browser (names once, blockers as
 * indexes, statuses as small numbers), as the classic script `data.js` assigns it to a global.
 */
import type { ReadinessJson } from './readiness-json.js';
import { READINESS_STATUSES } from '../readiness/index.js';

/** The why of an unresolvable source with no problem of its own, on the page. */
const GROUP_ONLY_PAGE = "Only the build group's problems, listed once at the top of the page.";

/** The packed report the page reads from `window.GOOSE_READINESS`. */
export interface PageData {
  /** Format version. */
  version: 1;
  /** Counts. */
  summary: ReadinessJson['summary'];
  /** Status names; `s` holds indexes into it (the last is `external`: a blocker outside the target). */
  statuses: string[];
  /** Target packages first (sorted by name), then external blockers (sorted). */
  n: string[];
  /** How many of `n` are target packages. */
  targets: number;
  /** Versions of the target packages. */
  e: string[];
  /** Status index per name. */
  s: number[];
  /** Blocked-by per target package, as indexes into `n`. */
  b: number[][];
  /** 1 when on a cycle of the blocked-by graph. */
  c: number[];
  /** Why sentences per target package. */
  p: string[][];
  /** Unblocks-now per name (0 when not ranked). */
  u: number[];
  /** Blocks-in-all per name (0 when not ranked). */
  a: number[];
  /** Submit next: indexes into `n`, best first. */
  next: number[];
  /** The build group. */
  group: { ready: boolean; blockedBy: string[] };
}

/** Packs a JSON report for the page (deterministic). */
export function pageData(j: ReadinessJson): PageData {
  const targets = j.packages.map((p) => p.name);
  const inTarget = new Set(targets);
  const external = [...new Set(j.packages.flatMap((p) => p.blockedBy).filter((b) => !inTarget.has(b)))].sort();
  const n = [...targets, ...external];
  const index = new Map(n.map((x, i) => [x, i] as const));
  const statuses = [...READINESS_STATUSES, 'external'];
  const u = new Array<number>(n.length).fill(0);
  const a = new Array<number>(n.length).fill(0);
  for (const r of j.ranking) {
    const i = index.get(r.name);
    if (i === undefined) continue;
    u[i] = r.unblocksNow;
    a[i] = r.blocksInAll;
  }
  return {
    version: 1,
    summary: j.summary,
    statuses,
    n,
    targets: targets.length,
    e: j.packages.map((p) => p.evr),
    s: [...j.packages.map((p) => statuses.indexOf(p.status)), ...external.map(() => statuses.length - 1)],
    b: j.packages.map((p) => p.blockedBy.map((x) => index.get(x)!)),
    c: j.packages.map((p) => (p.inCycle ? 1 : 0)),
    p: j.packages.map((p) => (p.status === 'unresolvable' && !p.problems.length && j.group.problems.length ? [GROUP_ONLY_PAGE] : p.problems)),
    u,
    a,
    next: j.submitNext.map((r) => index.get(r.name)!),
    group: { ready: j.group.ready, blockedBy: j.group.blockedBy },
  };
}

/** The classic script that hands the data to the page (safe inside a <script> element too). */
export function pageDataScript(j: ReadinessJson): string {
  const json = JSON.stringify(pageData(j)).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `window.GOOSE_READINESS=${json};\n`;
}
