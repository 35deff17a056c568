/**
 * Format 1 (goose-deps before the compact store): tables `reports (id, created, summary)` and
 * `packages (report, name, evr, status, blocked_by)`, every report in full. Each of its reports
 * becomes a legacy report of format 2, `{ summary, packages: [{ name, evr, status, blockedBy }] }`,
 * under the same id and date: what format 1 kept, so `readiness diff` reads it as before.
 */
import type { Database } from 'sql.js';
import { GooseError } from '../errors.js';
import type { ReadinessSummary } from '../readiness/index.js';
import { reportUnits } from './units.js';

/** Where migrated reports go: a HistoryDb (declared here, not imported, so db.ts can call this file). */
export interface MigrationTarget {
  /** The history file, named in errors. */
  readonly file: string;
  /** Stores one report's units with its id, date and counts. */
  append(units: string[], meta: { id: number; created: string; summary: ReadinessSummary; legacy: true }): number;
}

/** Stores every report of the format-1 database `old` into `into`, oldest first. */
export function migrateFormat1(old: Database, into: MigrationTarget): void {
  const reports = old.exec('SELECT id, created, summary FROM reports ORDER BY id')[0]?.values ?? [];
  const stmt = old.prepare('SELECT name, evr, status, blocked_by FROM packages WHERE report = ? ORDER BY rowid');
  try {
    for (const [id, created, summary] of reports) {
      const packages: { name: string; evr: string; status: string; blockedBy: unknown }[] = [];
      stmt.bind([id]);
      while (stmt.step()) {
        const [name, evr, status, blockedBy] = stmt.get() as [string, string, string, string];
        packages.push({ name, evr, status, blockedBy: parseJson(blockedBy, into.file, `report ${String(id)}, package ${name}`) });
      }
      stmt.reset();
      const s = parseJson(summary as string, into.file, `report ${String(id)}`) as ReadinessSummary;
      into.append(reportUnits({ summary: s, packages }), { id: id as number, created: created as string, summary: s, legacy: true });
    }
  } finally {
    stmt.free();
  }
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GooseError('HISTORY_CORRUPT', `${what} of this format-1 history is not JSON`, { file });
  }
}
