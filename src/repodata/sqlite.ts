/**
 * `*-primary.sqlite` databases (createrepo's `primary_db`, schema version 10) read with sql.js into
 * plain package records, for repositories or caches that offer sqlite instead of primary.xml.
 *
 * The record keeps createrepo's column meanings so the lead's conversion to libsolv solvables can
 * follow libsolv's own `repo_rpmdb`/`repo_rpmmd` conventions:
 * - `flags` is the database's string: `EQ`, `LT`, `LE`, `GT`, `GE`, or `null` for an unversioned
 *   dependency; `epoch`/`version`/`release` are `null` when absent (never `''`).
 * - rich dependencies (`(a or b)`) arrive whole in `name` with `flags` null, as createrepo stores them.
 * - `pre` is true for `Requires(pre)`-style dependencies (only the requires table has the column).
 * - `files` holds only what the primary's `files` table lists (createrepo's "primary files":
 *   `/etc/*`, `*bin/*`, `/usr/lib/sendmail`); the complete list is in filelists.
 */
import type { Database, SqlValue } from 'sql.js';
import { GooseError } from '../errors.js';
import { loadSqlJs } from '../sqljs.js';

/** One dependency row (provides, requires, ...). */
export interface SqliteDep {
  /** Capability name, or a whole rich dependency. */
  name: string;
  /** `EQ`, `LT`, `LE`, `GT`, `GE`, or null for an unversioned dependency. */
  flags: string | null;
  /** Epoch, null when not stated. */
  epoch: string | null;
  /** Version, null when not stated. */
  version: string | null;
  /** Release, null when not stated. */
  release: string | null;
  /** Pre-install dependency (requires only; false elsewhere). */
  pre: boolean;
}

/** The dependency kinds of a primary database, each its own table. */
export const DEP_KINDS = ['provides', 'requires', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances'] as const;

/** One of {@link DEP_KINDS}. */
export type DepKind = (typeof DEP_KINDS)[number];

/** One package of a primary database. */
export interface SqlitePackage extends Record<DepKind, SqliteDep[]> {
  /** Row key inside this database (not stable across databases). */
  pkgKey: number;
  /** The package checksum, createrepo's pkgId. */
  pkgId: string;
  /** Package name. */
  name: string;
  /** Epoch as stored (createrepo writes `0` when none). */
  epoch: string;
  /** Version. */
  version: string;
  /** Release. */
  release: string;
  /** Architecture (`src` for source rpms). */
  arch: string;
  /** `rpm_sourcerpm`; empty for source rpms. */
  sourcerpm: string;
  /** `location_href`, relative to the repository (or to `locationBase`). */
  location: string;
  /** `location_base`, when the package lives elsewhere. */
  locationBase?: string;
  /** Package checksum: `checksum_type` and pkgId. */
  checksum: { type: string; value: string };
  /** Primary files: path and type (`file`, `dir`, `ghost`), sorted by path. */
  files: { name: string; type: string }[];
}

/** A read primary database. */
export interface SqlitePrimary {
  /** `db_info.dbversion` (10 for every createrepo since 2008). */
  dbVersion: number;
  /** `db_info.checksum`: the checksum of the primary.xml it was made from. */
  checksum: string;
  /** Packages sorted by pkgKey. */
  packages: SqlitePackage[];
}

/** Largest database accepted: sql.js holds it in memory (whole). */
export const MAX_SQLITE_BYTES = 1024 * 1024 * 1024;

function str(v: SqlValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v);
  return s === '' ? null : s;
}

function truthy(v: SqlValue | undefined): boolean {
  return v === 1 || v === '1' || (typeof v === 'string' && v.toUpperCase() === 'TRUE');
}

/**
 * Read a decompressed primary sqlite database. Throws `SQLITE_CORRUPT` (not a database, damaged)
 * or `SQLITE_INVALID` (a database, but not a createrepo primary), naming `file`.
 */
export async function readPrimarySqlite(bytes: Uint8Array, options: { file?: string } = {}): Promise<SqlitePrimary> {
  const file = options.file ?? 'primary.sqlite';
  if (bytes.length > MAX_SQLITE_BYTES) throw new GooseError('SQLITE_INVALID', `database of ${bytes.length} bytes is larger than ${MAX_SQLITE_BYTES}`, { file });
  if (bytes.length < 100 || new TextDecoder().decode(bytes.subarray(0, 16)) !== 'SQLite format 3\0') {
    throw new GooseError('SQLITE_CORRUPT', 'not an SQLite database (was it decompressed?)', { file });
  }
  const SQL = await loadSqlJs();
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    return readAll(db, file);
  } catch (e) {
    if (e instanceof GooseError) throw e;
    throw new GooseError('SQLITE_CORRUPT', `the database is damaged: ${(e as Error).message}`, { file }, { cause: e });
  } finally {
    db?.close();
  }
}

function readAll(db: Database, file: string): SqlitePrimary {
  const tables = new Set((db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map((r) => String(r[0])));
  for (const t of ['db_info', 'packages', 'files', 'provides', 'requires']) {
    if (!tables.has(t)) throw new GooseError('SQLITE_INVALID', `no '${t}' table: not a createrepo primary database`, { file });
  }
  const info = db.exec('SELECT dbversion, checksum FROM db_info')[0]?.values[0] ?? [];
  const packages = new Map<number, SqlitePackage>();
  const rows = (sql: string, fn: (r: SqlValue[]) => void): void => {
    const stmt = db.prepare(sql);
    try {
      while (stmt.step()) fn(stmt.get());
    } finally {
      stmt.free();
    }
  };
  rows(
    'SELECT pkgKey, pkgId, name, epoch, version, release, arch, rpm_sourcerpm, location_href, location_base, checksum_type FROM packages ORDER BY pkgKey',
    (r) => {
      const pkg = {
        pkgKey: Number(r[0]),
        pkgId: str(r[1]) ?? '',
        name: str(r[2]) ?? '',
        epoch: str(r[3]) ?? '0',
        version: str(r[4]) ?? '',
        release: str(r[5]) ?? '',
        arch: str(r[6]) ?? '',
        sourcerpm: str(r[7]) ?? '',
        location: str(r[8]) ?? '',
        checksum: { type: str(r[10]) ?? '', value: str(r[1]) ?? '' },
        files: [],
      } as unknown as SqlitePackage;
      const base = str(r[9]);
      if (base) pkg.locationBase = base;
      for (const k of DEP_KINDS) pkg[k] = [];
      if (!pkg.name) throw new GooseError('SQLITE_INVALID', `package row ${pkg.pkgKey} has no name`, { file });
      packages.set(pkg.pkgKey, pkg);
    },
  );
  for (const kind of DEP_KINDS) {
    if (!tables.has(kind)) continue; // old databases lack the weak-dependency tables
    const hasPre = kind === 'requires';
    rows(`SELECT pkgKey, name, flags, epoch, version, release${hasPre ? ', pre' : ''} FROM ${kind} ORDER BY pkgKey, rowid`, (r) => {
      const pkg = packages.get(Number(r[0]));
      const name = str(r[1]);
      if (!pkg || !name) return; // a row for a deleted package, as createrepo's trigger leaves none
      pkg[kind].push({ name, flags: str(r[2]), epoch: str(r[3]), version: str(r[4]), release: str(r[5]), pre: hasPre && truthy(r[6]) });
    });
  }
  rows('SELECT pkgKey, name, type FROM files ORDER BY pkgKey, name', (r) => {
    const pkg = packages.get(Number(r[0]));
    const name = str(r[1]);
    if (pkg && name) pkg.files.push({ name, type: str(r[2]) ?? 'file' });
  });
  return { dbVersion: Number(info[0] ?? 0), checksum: str(info[1]) ?? '', packages: [...packages.values()] };
}
