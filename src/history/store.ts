/**
 * Readiness history: every report kept in one SQLite file (sql.js, in memory, written back
 * atomically: a temporary file in the same folder, then a rename), and the difference between the
 * last two reports.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Database } from 'sql.js';
import { GooseError } from '../errors.js';
import type { ReadinessStatus, ReadinessSummary } from '../readiness/index.js';
import type { ReadinessJson } from '../report/readiness-json.js';
import { loadSqlJs } from '../sqljs.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, created TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages (
  report INTEGER NOT NULL REFERENCES reports(id), name TEXT NOT NULL, evr TEXT NOT NULL,
  status TEXT NOT NULL, blocked_by TEXT NOT NULL, PRIMARY KEY (report, name));
`;

async function openDb(file: string, create: boolean): Promise<Database> {
  const SQL = await loadSqlJs();
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new GooseError('HISTORY_UNREADABLE', `cannot read the history: ${(e as Error).message}`, { file });
    if (!create) throw new GooseError('HISTORY_NOT_FOUND', 'no history file here; write one with `goose-deps readiness --db FILE`', { file });
  }
  try {
    const db = new SQL.Database(bytes);
    db.exec(SCHEMA);
    return db;
  } catch (e) {
    throw new GooseError('HISTORY_UNREADABLE', `not a goose-deps history database: ${(e as Error).message}`, { file });
  }
}

/** Writes `bytes` to `file` atomically (temporary file beside it, then rename). */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new GooseError('HISTORY_WRITE_FAILED', `cannot write the history: ${(e as Error).message}`, { file });
  }
}

/** Appends a report to the history file (created when absent); returns its id. */
export async function appendReport(file: string, report: ReadinessJson, now: Date = new Date()): Promise<number> {
  const db = await openDb(file, true);
  try {
    db.exec('BEGIN');
    db.run('INSERT INTO reports (created, summary) VALUES (?, ?)', [now.toISOString(), JSON.stringify(report.summary)]);
    const id = db.exec('SELECT last_insert_rowid()')[0].values[0][0] as number;
    const stmt = db.prepare('INSERT INTO packages (report, name, evr, status, blocked_by) VALUES (?, ?, ?, ?, ?)');
    for (const p of report.packages) stmt.run([id, p.name, p.evr, p.status, JSON.stringify(p.blockedBy)]);
    stmt.free();
    db.exec('COMMIT');
    await writeAtomically(file, db.export());
    return id;
  } finally {
    db.close();
  }
}

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

function statuses(db: Database, report: number): Map<string, ReadinessStatus> {
  const out = new Map<string, ReadinessStatus>();
  const stmt = db.prepare('SELECT name, status FROM packages WHERE report = ? ORDER BY name');
  stmt.bind([report]);
  while (stmt.step()) {
    const [name, status] = stmt.get() as [string, ReadinessStatus];
    out.set(name, status);
  }
  stmt.free();
  return out;
}

/** Compares two status maps (pure). */
export function diffStatuses(before: ReadonlyMap<string, ReadinessStatus>, after: ReadonlyMap<string, ReadinessStatus>): Omit<ReadinessDiff, 'from' | 'to'> {
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

/** The difference between the last two reports of a history file. */
export async function diffLatest(file: string): Promise<ReadinessDiff> {
  const db = await openDb(file, false);
  try {
    const rows = (db.exec('SELECT id, created, summary FROM reports ORDER BY id DESC LIMIT 2')[0]?.values ?? []).map(
      ([id, created, summary]): ReportHeader => ({ id: id as number, created: created as string, summary: JSON.parse(summary as string) as ReadinessSummary }),
    );
    if (!rows.length) throw new GooseError('HISTORY_EMPTY', 'the history holds no report yet', { file });
    const [to, from] = rows;
    const d = diffStatuses(from ? statuses(db, from.id) : new Map(), statuses(db, to.id));
    return { ...(from ? { from } : {}), to, ...d };
  } finally {
    db.close();
  }
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
