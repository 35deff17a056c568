/** What changed between two readiness reports (pure): by status, from their units or from status maps. */
import type { ReadinessStatus, ReadinessSummary } from '../readiness/index.js';
import { arrayRange, CorruptUnits } from './units.js';

/** One stored report's header. */
export interface ReportHeader {
  /** Its id in the file. */
  id: number;
  /** When it was stored (ISO 8601). */
  created: string;
  /** Its counts. */
  summary: ReadinessSummary;
}

/** What changed between two reports: names, sorted. */
export interface ReadinessDiff {
  /** The earlier report (absent when the file holds only one). */
  from?: ReportHeader;
  /** The later report. */
  to: ReportHeader;
  /** Built now, not before. */
  newlyBuilt: string[];
  /** Ready now, not before. */
  newlyReady: string[];
  /** Blocked now, not before. */
  newlyBlocked: string[];
  /** Unresolvable now, not before. */
  newlyUnresolvable: string[];
  /** In the later report only. */
  added: string[];
  /** In the earlier report only. */
  removed: string[];
}

/** The changes of a diff, without its headers. */
export type StatusChanges = Omit<ReadinessDiff, 'from' | 'to'>;

/** Compares two status maps (pure). */
export function diffStatuses(before: ReadonlyMap<string, ReadinessStatus>, after: ReadonlyMap<string, ReadinessStatus>): StatusChanges {
  const newly = (s: ReadinessStatus) => [...after].filter(([n, st]) => st === s && before.get(n) !== s).map(([n]) => n).sort();
  return {
    newlyBuilt: newly('built'),
    newlyReady: newly('ready'),
    newlyBlocked: newly('blocked'),
    newlyUnresolvable: newly('unresolvable'),
    added: [...after.keys()].filter((n) => !before.has(n)).sort(),
    removed: [...before.keys()].filter((n) => !after.has(n)).sort(),
  };
}

function packageUnits(units: readonly string[]): readonly string[] {
  const r = arrayRange(units, 'packages');
  if (!r) throw new CorruptUnits('the report has no packages');
  return units.slice(r[0], r[1]);
}

/**
 * The start of a package unit as readinessJson writes it (name, evr, status first). Units are
 * JSON.stringify output, which never repeats a key, so a unit that starts so has that name and
 * status: read from the start alone, without parsing the sentences and causes after it.
 */
const PACKAGE_START = /^\{"name":("(?:[^"\\]|\\.)*"),"evr":"(?:[^"\\]|\\.)*","status":"(built|ready|blocked|unresolvable)"[,}]/;

/** Name and status of a package unit. */
function nameStatus(u: string): [string, ReadinessStatus] {
  const m = PACKAGE_START.exec(u);
  if (m) return [JSON.parse(m[1]) as string, m[2] as ReadinessStatus];
  let p: { name?: unknown; status?: unknown };
  try {
    p = JSON.parse(u) as typeof p;
  } catch {
    throw new CorruptUnits('a package is not JSON');
  }
  if (typeof p?.name !== 'string' || typeof p.status !== 'string') throw new CorruptUnits('a package has no name or status');
  return [p.name, p.status as ReadinessStatus];
}

/** Name and status of the package units of `units` that `other` does not hold verbatim. */
function changedStatuses(units: readonly string[], other: ReadonlySet<string>): Map<string, ReadinessStatus> {
  const out = new Map<string, ReadinessStatus>();
  for (const u of units) {
    if (other.has(u)) continue;
    const [name, status] = nameStatus(u);
    out.set(name, status);
  }
  return out;
}

/**
 * Compares two reports given as units, with what a delta of `after` on `before` found: which
 * units of `before` it copied and which of `after` it did not (see units.ts). Only the packages
 * that are not copied are read, and nothing is hashed whole.
 */
export function diffAligned(before: readonly string[] | undefined, after: readonly string[], copied: Uint8Array | undefined, fresh: readonly number[] | undefined): StatusChanges {
  const range = (units: readonly string[]) => {
    const r = arrayRange(units, 'packages');
    if (!r) throw new CorruptUnits('the report has no packages');
    return r;
  };
  const was = new Map<string, ReadinessStatus>();
  if (before) {
    const [b0, b1] = range(before);
    for (let k = b0; k < b1; k++) if (!copied?.[k]) was.set(...nameStatus(before[k]));
  }
  const now = new Map<string, ReadinessStatus>();
  const [a0, a1] = range(after);
  if (fresh) {
    for (const k of fresh) if (k >= a0 && k < a1) now.set(...nameStatus(after[k]));
  } else for (let k = a0; k < a1; k++) now.set(...nameStatus(after[k]));
  return diffStatuses(was, now);
}

/**
 * Compares two reports given as units (see units.ts). A package whose unit is the same text in
 * both has the same status in both, so only the packages whose text differs are parsed: a few
 * hundred of 34,000 between two days of a rebuild. (Package names are unique in a report.)
 */
export function diffUnits(before: readonly string[] | undefined, after: readonly string[]): StatusChanges {
  const b = before ? packageUnits(before) : [];
  const a = packageUnits(after);
  return diffStatuses(changedStatuses(b, new Set(a)), changedStatuses(a, new Set(b)));
}

/** The difference for a person. */
export function diffText(d: ReadinessDiff): string {
  const out: string[] = [];
  const s = (h: ReportHeader) => `${h.summary.built} built, ${h.summary.ready} ready, ${h.summary.blocked} blocked, ${h.summary.unresolvable} unresolvable`;
  out.push(d.from ? `Since report ${d.from.id} (${d.from.created}: ${s(d.from)})` : 'First report');
  out.push(`to report ${d.to.id} (${d.to.created}: ${s(d.to)}):`);
  const list = (label: string, names: string[]) => out.push(`  ${label} (${names.length})${names.length ? ': ' + names.join(' ') : ''}`);
  list('newly built', d.newlyBuilt);
  list('newly ready', d.newlyReady);
  list('newly blocked', d.newlyBlocked);
  list('newly unresolvable', d.newlyUnresolvable);
  if (d.from) {
    if (d.added.length) list('added', d.added);
    if (d.removed.length) list('removed', d.removed);
  }
  return out.join('\n') + '\n';
}
