import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../src/sqljs.js';
import { appendReport, diffLatest, diffStatuses, diffText, listReports, lockPath, readReport } from '../../src/history/store.js';
import type { ReadinessJson } from '../../src/report/readiness-json.js';
import { failure } from '../helpers/errors.js';
import { syntheticReport } from './synthetic.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const dirs: string[] = [];
const tempDir = () => (dirs.push(mkdtempSync(join(tmpdir(), 'goose-history-'))), dirs[dirs.length - 1]);
const fresh = () => join(tempDir(), 'history.sqlite');
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const statuses = (r: ReadinessJson) => new Map(r.packages.map((p) => [p.name, p.status]));

describe('the history store', () => {
  it('reads every stored report back as exactly the JSON stored, snapshots and deltas alike', async () => {
    const db = fresh();
    const inputs = Array.from({ length: 12 }, (_, day) => syntheticReport(600, day));
    for (const [day, r] of inputs.entries()) expect(await appendReport(db, r, { now: new Date(Date.UTC(2025, 0, 1 + day)) })).toBe(day + 1);
    const stored = await listReports(db);
    expect(stored.map((s) => s.id)).toEqual(inputs.map((_, i) => i + 1));
    expect(stored[3].created).toBe('2025-01-04T00:00:00.000Z');
    expect(stored.some((s) => s.snapshot) && stored.some((s) => !s.snapshot)).toBe(true);
    for (const s of stored) expect(JSON.stringify(await readReport(db, s.id))).toBe(JSON.stringify(inputs[s.id - 1]));
    // Deltas are small: the whole file takes less than three snapshots.
    const snapshot = stored[0].bytes;
    expect(readFileSync(db).length).toBeLessThan(3 * snapshot + 64 * 1024);
    // A report that shares nothing with the one before is stored whole, and reads back too.
    const other = { ...inputs[11], packages: inputs[11].packages.map((p) => ({ ...p, name: `other-${p.name}` })) };
    expect(await appendReport(db, other)).toBe(13);
    expect((await listReports(db))[12].snapshot).toBe(true);
    expect(JSON.stringify(await readReport(db, 13))).toBe(JSON.stringify(other));
    expect(JSON.stringify(await readReport(db, 12))).toBe(JSON.stringify(inputs[11]));
  });

  it('diffs the last two reports as a comparison of their statuses does', async () => {
    const db = fresh();
    let prev: ReadinessJson | undefined;
    for (const day of [0, 1, 2, 7]) {
      const r = syntheticReport(400, day);
      await appendReport(db, r);
      const d = await diffLatest(db);
      expect(d.to.id).toBeGreaterThan(0);
      const { from, to, ...changes } = d;
      expect(changes).toEqual(diffStatuses(prev ? statuses(prev) : new Map(), statuses(r)));
      expect(from?.summary).toEqual(prev?.summary);
      expect(to.summary).toEqual(r.summary);
      prev = r;
    }
    const d = await diffLatest(db);
    expect(d.newlyBuilt.length).toBeGreaterThan(10);
    expect(diffText(d)).toContain(`newly built (${d.newlyBuilt.length}): `);
    // Without the changes stored with the last report, the diff is computed from both reports.
    const SQL = await loadSqlJs();
    const file = new SQL.Database(readFileSync(db));
    file.run('UPDATE reports SET changes = NULL WHERE id = 4');
    writeFileSync(db, file.export());
    file.close();
    expect(await diffLatest(db)).toEqual(d);
  });

  it('finds packages added and removed between reports', async () => {
    const db = fresh();
    const a = syntheticReport(50, 1);
    const b = { ...a, packages: [...a.packages.slice(1), { ...a.packages[0], name: 'zz-new', status: 'ready' as const }] };
    await appendReport(db, a);
    await appendReport(db, b);
    const d = await diffLatest(db);
    expect(d).toMatchObject({ added: ['zz-new'], removed: [a.packages[0].name], newlyReady: ['zz-new'] });
    expect(JSON.stringify(await readReport(db, 2))).toBe(JSON.stringify(b));
  });

  it('reads a format-1 history as before and migrates it on the first append', async () => {
    const db = fresh();
    copyFileSync(join(FIXTURES, 'format1.sqlite'), db);
    const before = readFileSync(db);
    expect(await diffLatest(db)).toEqual(JSON.parse(readFileSync(join(FIXTURES, 'format1-diff.json'), 'utf8')));
    expect(readFileSync(db).equals(before)).toBe(true); // reading does not write
    expect((await listReports(db)).map((r) => [r.id, r.legacy])).toEqual([[1, true], [2, true]]);
    expect((await failure(readReport(db, 1))).code).toBe('HISTORY_LEGACY_REPORT');

    const old = JSON.parse(readFileSync(join(FIXTURES, 'format1-diff.json'), 'utf8'));
    const next = syntheticReport(40, 3);
    expect(await appendReport(db, next)).toBe(3);
    const SQL = await loadSqlJs();
    const file = new SQL.Database(readFileSync(db));
    expect(file.exec("SELECT value FROM meta WHERE key = 'format'")[0].values[0][0]).toBe('2');
    file.close();
    expect((await listReports(db)).map((r) => [r.id, r.created, r.legacy])).toEqual([
      [1, old.from.created, true],
      [2, old.to.created, true],
      [3, expect.any(String), false],
    ]);
    expect(JSON.stringify(await readReport(db, 3))).toBe(JSON.stringify(next));
    const d = await diffLatest(db);
    expect(d.from).toEqual(old.to);
    expect(d.removed.length).toBe(36);
    expect(d.added.length).toBe(40);
  });

  it('says what is wrong with a file it cannot read', async () => {
    const db = fresh();
    expect(await failure(diffLatest(db))).toMatchObject({ code: 'HISTORY_NOT_FOUND', file: db });
    writeFileSync(db, 'not a database at all, just text');
    expect(await failure(appendReport(db, syntheticReport(5, 0)))).toMatchObject({ code: 'HISTORY_UNREADABLE', file: db });
    expect(await failure(listReports(db))).toMatchObject({ code: 'HISTORY_UNREADABLE' });

    const SQL = await loadSqlJs();
    const newer = new SQL.Database();
    newer.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', '9'); CREATE TABLE reports (id INTEGER PRIMARY KEY);");
    writeFileSync(db, newer.export());
    newer.close();
    const e = await failure(appendReport(db, syntheticReport(5, 0)));
    expect(e).toMatchObject({ code: 'HISTORY_NEWER_FORMAT', file: db });
    expect(e.message).toContain('upgrade goose-deps');

    const ok = fresh();
    await appendReport(ok, syntheticReport(30, 0));
    await appendReport(ok, syntheticReport(30, 1));
    expect(await failure(readReport(ok, 7))).toMatchObject({ code: 'HISTORY_NO_REPORT' });
    const damaged = new SQL.Database(readFileSync(ok));
    damaged.run('UPDATE reports SET data = ? WHERE id = 1', [new Uint8Array([1, 2, 3, 4, 5])]);
    writeFileSync(ok, damaged.export());
    damaged.close();
    expect(await failure(readReport(ok, 2))).toMatchObject({ code: 'HISTORY_CORRUPT', file: ok });
    expect((await failure(readReport(ok, 2))).message).toMatch(/report 1 of the history cannot be read/);
    expect(await failure(appendReport(ok, syntheticReport(30, 2)))).toMatchObject({ code: 'HISTORY_CORRUPT' });
    expect(await failure(appendReport(fresh(), { summary: {} } as unknown as ReadinessJson))).toMatchObject({ code: 'HISTORY_BAD_REPORT' });
  });
});

describe('the history lock', () => {
  it('waits for a live writer, then ends in a typed error naming the lock file and its owner', async () => {
    const db = fresh();
    writeFileSync(lockPath(db), JSON.stringify({ pid: process.pid, host: hostname(), time: '2025-01-01T00:00:00.000Z', token: 'someone' }));
    const t0 = Date.now();
    const e = await failure(appendReport(db, syntheticReport(5, 0), { lockTimeoutMs: 400 }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(e).toMatchObject({ code: 'HISTORY_LOCKED', file: lockPath(db) });
    expect(e.message).toContain(`process ${process.pid} on ${hostname()} (since 2025-01-01T00:00:00.000Z)`);
    expect(e.message).toContain('delete the lock file');
    expect(existsSync(db)).toBe(false);
    expect(existsSync(lockPath(db))).toBe(true); // not ours to remove
  });

  it('takes over the lock of a process that is gone, and a half-written one that is old', async () => {
    const db = fresh();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockPath(db), JSON.stringify({ pid: Number(gone.stdout), host: hostname(), time: '2025-01-01T00:00:00.000Z', token: 'dead' }));
    expect(await appendReport(db, syntheticReport(5, 0), { lockTimeoutMs: 2000 })).toBe(1);
    expect(existsSync(lockPath(db))).toBe(false);

    writeFileSync(lockPath(db), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath(db), old, old);
    expect(await appendReport(db, syntheticReport(5, 1), { lockTimeoutMs: 2000 })).toBe(2);
    expect(existsSync(lockPath(db))).toBe(false);
  });

  it('serialises concurrent appends of one process', async () => {
    const db = fresh();
    const ids = await Promise.all([0, 1, 2, 3].map((d) => appendReport(db, syntheticReport(100, d, 'same'))));
    expect([...ids].sort()).toEqual([1, 2, 3, 4]);
    const stored = await listReports(db);
    for (const s of stored) expect(JSON.stringify(await readReport(db, s.id))).toBe(JSON.stringify(syntheticReport(100, ids.indexOf(s.id), 'same')));
  });
});
