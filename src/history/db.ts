/**
 * The history database (format 2, sql.js): one row per report, holding either a snapshot (every
 * unit of the report) or a delta on an earlier report, compressed. A format-1 file (goose-deps
 * before this layout: tables `reports` and `packages`) opens migrated in memory; the migration
 * is written by the next append.
 */
import type { Database, SqlValue } from 'sql.js';
import { GooseError } from '../errors.js';
import type { ReadinessSummary } from '../readiness/index.js';
import { loadSqlJs } from '../sqljs.js';
import { pack, unpack, type Codec, type Packed } from './codec.js';
import { applyDelta, CorruptUnits, encodeDelta } from './units.js';
import { diffAligned, type StatusChanges } from './diff.js';
import { migrateFormat1 } from './migrate.js';

/** The layout this code writes. */
export const FORMAT = 2;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  created TEXT NOT NULL,
  summary TEXT NOT NULL,
  legacy INTEGER NOT NULL,
  base INTEGER REFERENCES reports(id),
  root INTEGER NOT NULL,
  depth INTEGER NOT NULL,
  chain INTEGER NOT NULL,
  work INTEGER NOT NULL,
  codec TEXT NOT NULL,
  raw INTEGER NOT NULL,
  data BLOB NOT NULL,
  since INTEGER,
  changes_codec TEXT,
  changes_raw INTEGER,
  changes BLOB);
`;

/** A stored report's row, without its payload. */
export interface ReportRow {
  /** Its id (ascending in the order reports were stored). */
  id: number;
  /** When it was stored (ISO 8601). */
  created: string;
  /** Its counts. */
  summary: ReadinessSummary;
  /** Migrated from format 1, which kept only each package's name, evr, status and blockedBy. */
  legacy: boolean;
  /** The report its payload is a delta on; undefined for a snapshot. */
  base?: number;
  /** The snapshot its chain of deltas starts from (itself for a snapshot). */
  root: number;
  /** Deltas between the root and this report (0 for a snapshot). */
  depth: number;
  /** Stored bytes of those deltas, this one included. */
  chain: number;
  /** Characters of the units those deltas make (literal or patched): the work of rebuilding it beyond its snapshot. */
  work: number;
  /** Stored bytes of its payload. */
  bytes: number;
  /** Bytes of its payload before compression. */
  raw: number;
}

/** What is stored beside a report's units. */
export interface ReportMeta {
  /** Its id; default: one more than the largest. */
  id?: number;
  /** When it was stored (ISO 8601). */
  created: string;
  /** Its counts. */
  summary: ReadinessSummary;
  /** Migrated from format 1. */
  legacy: boolean;
}

interface NewRow extends ReportMeta {
  since?: number;
  changes: StatusChanges;
  base?: number;
  root?: number;
  depth: number;
  chain: number;
  work: number;
  packed: Packed;
}

/**
 * A report is stored as a delta on the latest report when the chain of deltas from the last
 * snapshot stays shorter than this many (reading walks it)...
 */
const MAX_DEPTH = 100;
/** ...the chain's deltas take no more bytes than the snapshot they start from... */
const MAX_CHAIN_SHARE = 1;
/**
 * ...rebuilding a report makes at most this many times its snapshot's characters in changed
 * units (a day of a 34k-source rebuild changes a few thousand packages: about 20 MB of units,
 * against a 66 MB snapshot; this bounds the time an append or a read spends rebuilding)...
 */
const MAX_WORK_SHARE = 3;
/** ...and the delta spells out at most this share of the report (else a snapshot costs little more). */
const MAX_LITERAL_SHARE = 0.5;

const COLUMNS = 'id, created, summary, legacy, base, root, depth, chain, work, length(data), raw';

function toRow(v: SqlValue[]): ReportRow {
  const [id, created, summary, legacy, base, root, depth, chain, work, bytes, raw] = v;
  return {
    id: id as number,
    created: created as string,
    summary: JSON.parse(summary as string) as ReadinessSummary,
    legacy: legacy === 1,
    ...(base === null ? {} : { base: base as number }),
    root: root as number,
    depth: depth as number,
    chain: chain as number,
    work: work as number,
    bytes: bytes as number,
    raw: raw as number,
  };
}

/** An open history database (in memory: sql.js reads and writes the whole file). */
export class HistoryDb {
  readonly #db: Database;
  readonly #units = new Map<number, string[]>();
  /** The file it was read from (for error messages). */
  readonly file: string;
  /** True when it was read from a format-1 file and migrated in memory. */
  readonly migrated: boolean;

  private constructor(db: Database, file: string, migrated: boolean) {
    this.#db = db;
    this.file = file;
    this.migrated = migrated;
  }

  /** Opens the bytes of a history file (undefined or empty: a new history). */
  static async open(file: string, bytes: Uint8Array | undefined): Promise<HistoryDb> {
    const SQL = await loadSqlJs();
    const fresh = () => {
      const db = new SQL.Database();
      db.exec(SCHEMA);
      db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['format', String(FORMAT)]);
      return db;
    };
    if (!bytes?.length) return new HistoryDb(fresh(), file, false);
    let db: Database | undefined;
    try {
      db = new SQL.Database(bytes);
      const tables = new Set((db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map((r) => r[0] as string));
      if (tables.has('meta')) {
        const format = Number(db.exec("SELECT value FROM meta WHERE key = 'format'")[0]?.values[0]?.[0]);
        if (format === FORMAT && tables.has('reports')) return new HistoryDb(db, file, false);
        if (format > FORMAT) throw new GooseError('HISTORY_NEWER_FORMAT', `this history was written by a newer goose-deps (format ${format}; this one reads ${FORMAT} and older): upgrade goose-deps`, { file });
      } else if (tables.has('reports') && tables.has('packages')) {
        const migrated = new HistoryDb(fresh(), file, true);
        try {
          migrateFormat1(db, migrated);
        } catch (e) {
          migrated.close();
          throw e;
        }
        db.close();
        return migrated;
      }
      throw new GooseError('HISTORY_UNREADABLE', 'not a goose-deps history database (no reports table of a known format)', { file });
    } catch (e) {
      db?.close();
      if (e instanceof GooseError) throw e;
      throw new GooseError('HISTORY_UNREADABLE', `not a goose-deps history database: ${(e as Error).message}`, { file });
    }
  }

  /** Every report, oldest first. */
  list(): ReportRow[] {
    return (this.#db.exec(`SELECT ${COLUMNS} FROM reports ORDER BY id`)[0]?.values ?? []).map(toRow);
  }

  /** The last `n` reports, newest first. */
  latest(n: number): ReportRow[] {
    return (this.#db.exec(`SELECT ${COLUMNS} FROM reports ORDER BY id DESC LIMIT ${Math.max(0, Math.floor(n))}`)[0]?.values ?? []).map(toRow);
  }

  /** One report's row, or undefined. */
  row(id: number): ReportRow | undefined {
    const r = this.#db.exec(`SELECT ${COLUMNS} FROM reports WHERE id = ?`, [id])[0]?.values[0];
    return r ? toRow(r) : undefined;
  }

  #payload(id: number): string {
    const [codec, raw, data] = this.#db.exec('SELECT codec, raw, data FROM reports WHERE id = ?', [id])[0].values[0];
    return unpack({ codec: codec as Codec, raw: raw as number, data: data as Uint8Array });
  }

  /**
   * The units of a report, rebuilt from its snapshot through its chain of deltas (or from a
   * report of the chain asked for before: the results are kept, the reports on the way are not).
   */
  units(id: number): string[] {
    const cached = this.#units.get(id);
    if (cached) return cached;
    const path: ReportRow[] = [];
    let at: ReportRow | undefined = this.row(id);
    while (at && !this.#units.has(at.id)) {
      path.push(at);
      if (at.base === undefined) break;
      at = this.row(at.base);
    }
    if (!at) throw this.corrupt(path[path.length - 1]?.id ?? id, path.length ? 'its chain of deltas names a report that is not there' : 'no such report');
    let units = this.#units.get(at.id);
    for (const r of path.reverse()) {
      try {
        const text = this.#payload(r.id);
        units = r.base === undefined ? text.split('\n') : applyDelta(units!, text.split('\n'));
      } catch (e) {
        if (e instanceof CorruptUnits) throw this.corrupt(r.id, e.message);
        throw e;
      }
    }
    this.#units.set(id, units!);
    return units!;
  }

  /** A typed error about report `id` of this file. */
  corrupt(id: number, why: string): GooseError {
    return new GooseError('HISTORY_CORRUPT', `report ${id} of the history cannot be read: ${why}`, { file: this.file });
  }

  /**
   * The changes of report `id` since report `since` (undefined: since nothing), as computed when
   * it was stored; undefined when they were computed against another report.
   */
  changes(id: number, since: number | undefined): StatusChanges | undefined {
    const [stored, codec, raw, data] = this.#db.exec('SELECT since, changes_codec, changes_raw, changes FROM reports WHERE id = ?', [id])[0]?.values[0] ?? [];
    if (data === null || data === undefined || (stored ?? undefined) !== since) return undefined;
    try {
      return JSON.parse(unpack({ codec: codec as Codec, raw: raw as number, data: data as Uint8Array })) as StatusChanges;
    } catch (e) {
      throw this.corrupt(id, `its changes do not read back (${(e as Error).message})`);
    }
  }

  /**
   * Stores a report's units after the latest report, as a delta on it or as a snapshot, with its
   * changes since that report (what `readiness diff` shows); returns its id.
   */
  append(units: string[], meta: ReportMeta): number {
    const [latest] = this.latest(1);
    const previous = latest && this.units(latest.id);
    const d = previous && encodeDelta(previous, units);
    const changes = diffAligned(previous, units, d?.copied, d?.fresh);
    let row: NewRow | undefined;
    if (latest && d && latest.depth + 1 < MAX_DEPTH) {
      let chars = 0;
      for (const u of units) chars += u.length;
      if (d.literalChars <= chars * MAX_LITERAL_SHARE) {
        const root = latest.base === undefined ? latest : this.row(latest.root);
        const work = latest.work + d.builtChars;
        if (root && work <= root.raw * MAX_WORK_SHARE) {
          const packed = pack(d.text);
          const chain = latest.chain + packed.data.length;
          if (chain <= root.bytes * MAX_CHAIN_SHARE) row = { ...meta, since: latest.id, changes, base: latest.id, root: latest.root, depth: latest.depth + 1, chain, work, packed };
        }
      }
    }
    row ??= { ...meta, since: latest?.id, changes, depth: 0, chain: 0, work: 0, packed: pack(units.join('\n')) };
    const id = insertRow(this.#db, row);
    this.#units.set(id, units);
    return id;
  }

  /** The database file's bytes. */
  export(): Uint8Array {
    return this.#db.export();
  }

  /** Frees the database. */
  close(): void {
    this.#units.clear();
    this.#db.close();
  }
}

function insertRow(db: Database, row: NewRow): number {
  const id = row.id ?? ((db.exec('SELECT max(id) FROM reports')[0]?.values[0]?.[0] as number | null) ?? 0) + 1;
  const changes = pack(JSON.stringify(row.changes));
  db.run('INSERT INTO reports (id, created, summary, legacy, base, root, depth, chain, work, codec, raw, data, since, changes_codec, changes_raw, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    id,
    row.created,
    JSON.stringify(row.summary),
    row.legacy ? 1 : 0,
    row.base ?? null,
    row.root ?? id,
    row.depth,
    row.chain,
    row.work,
    row.packed.codec,
    row.packed.raw,
    row.packed.data,
    row.since ?? null,
    changes.codec,
    changes.raw,
    changes.data,
  ]);
  return id;
}
