/** The readiness report as a JSON document: what `--json` prints, the HTML page embeds and the history stores. */
import type { PackageReadiness, Readiness, ReadinessSummary, RootCause, SourceRank, WhatIf } from '../readiness/index.js';
import { entryBytes, KEPT_ENTRY, parseEntry, type KeptEntry } from '../readiness/kept.js';
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
    packages: r.packages.map(packageJson),
  };
}

/** A package's JSON object; one with a kept entry reads its missing, problems and causes from the entry only when asked. */
function packageJson(p: PackageReadiness): ReadinessPackageJson {
  const entry = (p as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY];
  if (!entry) return { name: p.name, evr: p.evr, status: p.status, blockedBy: p.blockedBy, missing: p.missing, inCycle: p.inCycle, problems: problemSentences(p.name, p.explanations), causes: p.explanations };
  let parsed: ReturnType<typeof parseEntry> | undefined;
  const read = () => (parsed ??= parseEntry(entry));
  const j = { name: p.name, evr: p.evr, status: p.status, blockedBy: p.blockedBy } as ReadinessPackageJson;
  const lazy = (field: 'missing' | 'problems' | 'causes') =>
    Object.defineProperty(j, field, {
      get: () => read()[field],
      set: (v: unknown) => Object.defineProperty(j, field, { value: v, writable: true, enumerable: true, configurable: true }),
      enumerable: true,
      configurable: true,
    });
  // Fields in the order of the plain object (JSON.stringify follows it).
  lazy('missing');
  j.inCycle = p.inCycle;
  lazy('problems');
  lazy('causes');
  (j as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY] = entry;
  return j;
}

/**
 * The kept entry of a JSON package when it has one: the entry itself when its inCycle is the
 * package's (to be copied from its file), else its bytes with inCycle patched.
 */
export function keptEntryOf(p: ReadinessPackageJson): KeptEntry | Uint8Array | undefined {
  const entry = (p as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY];
  if (!entry || entry.inCycle === p.inCycle) return entry;
  const bytes = entryBytes(entry);
  const at = entry.inCycleAt;
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(String(p.inCycle)), bytes.subarray(at + (entry.inCycle ? 4 : 5))]);
}

/** A report cut where the packages go: the text before them, each package's entry, the text after. */
export interface ReadinessJsonParts {
  /** Up to and including the packages' opening bracket. */
  head: string;
  /** Each package's entry (4 spaces in, no separator): text, patched kept bytes, or a kept entry to copy. */
  entries: Iterable<string | Uint8Array | KeptEntry>;
  /** From the packages' closing bracket (with the newline before it) to the end. */
  tail: string;
}

/** What precedes the inCycle value in a package entry (a key at the entry's own depth: no string holds a raw newline). */
export const IN_CYCLE_KEY = '\n      "inCycle": ';

// Stands for the packages array while the rest is rendered: JSON.stringify escapes U+0000, so no data string renders as this.
const PACKAGES_MARK = '\u0000packages\u0000';

/**
 * The report cut in {@link ReadinessJsonParts} (undefined without packages): the head, then the
 * entries each after `\n` (the first) or `,\n`, then the tail are exactly
 * `JSON.stringify(j, null, 2) + '\n'`.
 */
export function readinessJsonParts(j: ReadinessJson): ReadinessJsonParts | undefined {
  const head = JSON.stringify({ ...j, packages: PACKAGES_MARK }, null, 2) + '\n';
  const mark = head.indexOf(JSON.stringify(PACKAGES_MARK));
  if (mark < 0 || !j.packages.length) return undefined;
  return { head: head.slice(0, mark) + '[', entries: entries(j.packages), tail: '\n  ]' + head.slice(mark + JSON.stringify(PACKAGES_MARK).length) };
}

/** Each package's entry: its kept bytes, or rendered (at depth 2, 4 spaces in: as in a list within a list, that wrapper's "[\n  [\n" and "\n  ]\n]" cut). */
function* entries(packages: readonly ReadinessPackageJson[]): Generator<string | Uint8Array | KeptEntry> {
  for (const p of packages) yield keptEntryOf(p) ?? JSON.stringify([[p]], null, 2).slice(6, -6);
}

/**
 * The report's text exactly as `JSON.stringify(j, null, 2) + '\n'`, in pieces (the head, each
 * separator and entry, the tail): a whole report is ~100 MB, and one string of it lives long
 * enough to be copied by every young-generation collection while it is built. Kept entries come
 * decoded; the CLI writes a file from {@link readinessJsonParts}, which gives their bytes.
 */
export function* readinessJsonPieces(j: ReadinessJson): Generator<string> {
  const parts = readinessJsonParts(j);
  if (!parts) {
    yield JSON.stringify(j, null, 2) + '\n';
    return;
  }
  yield parts.head;
  let first = true;
  for (const e of parts.entries) {
    yield first ? '\n' : ',\n';
    first = false;
    yield entryText(e);
  }
  yield parts.tail;
}

/** The text of an entry of {@link ReadinessJsonParts}. */
export function entryText(e: string | Uint8Array | KeptEntry): string {
  if (typeof e === 'string') return e;
  const b = e instanceof Uint8Array ? e : entryBytes(e);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}
