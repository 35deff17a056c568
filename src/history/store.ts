/**
 * Readiness history: every report of `readiness --db FILE` kept in one SQLite file (sql.js),
 * compactly (a snapshot now and then, per-package deltas otherwise, compressed; see db.ts and
 * units.ts), written by one process at a time (lock.ts) and atomically (file.ts). Reading a
 * report back gives exactly the JSON that was stored.
 */
import { GooseError } from '../errors.js';
import type { ReadinessJson } from '../report/readiness-json.js';
import { HistoryDb, type ReportRow } from './db.js';
import { diffUnits, type ReadinessDiff, type ReportHeader } from './diff.js';
import { readHistoryBytes, removeLeftovers, writeAtomically } from './file.js';
import { withLock } from './lock.js';
import { reportUnits, unitsReport, CorruptUnits } from './units.js';

export { diffStatuses, diffText, diffUnits, type ReadinessDiff, type ReportHeader, type StatusChanges } from './diff.js';
export { lockPath } from './lock.js';

/** Options of {@link appendReport}. */
export interface AppendOptions {
  /** The report's date (default: now). */
  now?: Date;
  /** How long to wait for another process writing the same file, in milliseconds (default 60,000). */
  lockTimeoutMs?: number;
}

/** A stored report, as {@link listReports} describes it. */
export interface StoredReport extends ReportHeader {
  /** Migrated from an older goose-deps, which kept only each package's name, evr, status and blockedBy. */
  legacy: boolean;
  /** Stored whole (a snapshot), not as a delta on the report before it. */
  snapshot: boolean;
  /** Bytes its payload takes in the file. */
  bytes: number;
}

function checkReport(report: unknown, file: string): asserts report is ReadinessJson {
  const r = report as Partial<ReadinessJson> | null;
  const bad = (why: string) => new GooseError('HISTORY_BAD_REPORT', `cannot store this report: ${why}`, { file });
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw bad('it is not an object');
  if (typeof r.summary !== 'object' || r.summary === null) throw bad('it has no summary');
  if (!Array.isArray(r.packages)) throw bad('it has no packages list');
  for (const p of r.packages) if (typeof p?.name !== 'string' || typeof p.status !== 'string') throw bad('a package has no name or status');
}

async function openExisting(file: string): Promise<HistoryDb> {
  const bytes = await readHistoryBytes(file);
  if (!bytes) throw new GooseError('HISTORY_NOT_FOUND', 'no history file here; write one with `goose-deps readiness --db FILE`', { file });
  return HistoryDb.open(file, bytes);
}

async function reading<T>(file: string, fn: (db: HistoryDb) => T): Promise<T> {
  const db = await openExisting(file);
  try {
    return fn(db);
  } catch (e) {
    if (e instanceof CorruptUnits) throw new GooseError('HISTORY_CORRUPT', `the history cannot be read: ${e.message}`, { file });
    throw e;
  } finally {
    db.close();
  }
}

const header = (r: ReportRow): ReportHeader => ({ id: r.id, created: r.created, summary: r.summary });

/**
 * Appends a report to the history file (created when absent; a file of an older goose-deps is
 * migrated) and returns its id. Concurrent appends to one file, from any number of processes,
 * all land: each waits for the file's lock.
 */
export async function appendReport(file: string, report: ReadinessJson, options: AppendOptions = {}): Promise<number> {
  checkReport(report, file);
  const units = reportUnits(report);
  const created = (options.now ?? new Date()).toISOString();
  return withLock(
    file,
    async () => {
      await removeLeftovers(file);
      const db = await HistoryDb.open(file, await readHistoryBytes(file));
      try {
        const id = db.append(units, { created, summary: report.summary, legacy: false });
        await writeAtomically(file, db.export());
        return id;
      } catch (e) {
        if (e instanceof CorruptUnits) throw new GooseError('HISTORY_CORRUPT', `the history cannot be read: ${e.message}`, { file });
        throw e;
      } finally {
        db.close();
      }
    },
    { timeoutMs: options.lockTimeoutMs },
  );
}

/** Every report of a history file, oldest first. */
export function listReports(file: string): Promise<StoredReport[]> {
  return reading(file, (db) => db.list().map((r) => ({ ...header(r), legacy: r.legacy, snapshot: r.base === undefined, bytes: r.bytes })));
}

/** Report `id` of a history file: exactly the JSON that was stored. */
export function readReport(file: string, id: number): Promise<ReadinessJson> {
  return reading(file, (db) => {
    const row = db.row(id);
    if (!row) throw new GooseError('HISTORY_NO_REPORT', `the history holds no report ${id}`, { file });
    if (row.legacy) throw new GooseError('HISTORY_LEGACY_REPORT', `report ${id} was stored by an older goose-deps, which kept only each package's evr, status and blockedBy; \`readiness diff\` reads it, the full report is not there`, { file });
    return unitsReport(db.units(id)) as unknown as ReadinessJson;
  });
}

/** The difference between the last two reports of a history file. */
export function diffLatest(file: string): Promise<ReadinessDiff> {
  return reading(file, (db) => {
    const [to, from] = db.latest(2);
    if (!to) throw new GooseError('HISTORY_EMPTY', 'the history holds no report yet', { file });
    // Computed when `to` was stored; from the two reports' units only if that was against another report.
    const d = db.changes(to.id, from?.id) ?? diffUnits(from && db.units(from.id), db.units(to.id));
    return { ...(from ? { from: header(from) } : {}), to: header(to), ...d };
  });
}
