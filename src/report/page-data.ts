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
  /** Why sentences per target package (problems.js carries them: data.js leaves them out). */
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
    p: pageProblems(j),
    u,
    a,
    next: j.submitNext.map((r) => index.get(r.name)!),
    group: { ready: j.group.ready, blockedBy: j.group.blockedBy },
  };
}

/** JSON safe inside a <script> element and in a JavaScript string (no `<`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The classic script that hands the data to the page (safe inside a <script> element too). The
 * report goes through JSON.parse, which browsers read about twice as fast as an object literal.
 */
export function pageDataScript(j: ReadinessJson): string {
  const { p: _p, ...data } = pageData(j);
  return `window.GOOSE_READINESS=${parsed(data)};\n`;
}

/** The classic script of the why sentences (`p` of {@link PageData}, most of the report's bytes), loaded after data.js. */
export function pageProblemsScript(j: ReadinessJson): string {
  return `window.GOOSE_PROBLEMS=${parsed(pageProblems(j))};\n`;
}

/** Each target's problem sentences; a source failing only through the build group points at the group's list (shown once). */
function pageProblems(j: ReadinessJson): string[][] {
  return j.packages.map((p) => (p.status === 'unresolvable' && !p.problems.length && j.group.problems.length ? [GROUP_ONLY_PAGE] : p.problems));
}

/** A JSON.parse call of `value`'s JSON as a string literal. */
function parsed(value: unknown): string {
  return `JSON.parse('${scriptJson(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`;
}

/** One row of the first page, whole (first.js): what the table shows before data.js is parsed. */
export interface FirstRow {
  /** Source name. */
  name: string;
  /** Version. */
  evr: string;
  /** Status. */
  status: string;
  /** 1 when on a cycle of the blocked-by graph. */
  cyc: number;
  /** Unblocks now. */
  u: number;
  /** Blocks in all. */
  a: number;
  /** Blocked by (names). */
  b: string[];
}

/** The page folder's first.js: the first `rows` rows in the table's first order, the target count, and whether libsolv files are beside it. */
export function pageFirstScript(j: ReadinessJson, rows: number, solv: boolean): string {
  const rank = new Map(j.ranking.map((r) => [r.name, r] as const));
  const first: FirstRow[] = j.packages.slice(0, rows).map((p) => ({ name: p.name, evr: p.evr, status: p.status, cyc: p.inCycle ? 1 : 0, u: rank.get(p.name)?.unblocksNow ?? 0, a: rank.get(p.name)?.blocksInAll ?? 0, b: p.blockedBy }));
  return `window.GOOSE_FIRST=${scriptJson({ targets: j.packages.length, solv, rows: first })};\n`;
}
