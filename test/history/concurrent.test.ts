/**
 * Two real processes appending to one history file at once: every report of both lands, and
 * each reads back as its writer stored it. A writer killed in the middle of an append leaves the
 * file readable with every report it holds intact, and its lock is taken over.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendReport, listReports, readReport } from '../../src/history/store.js';
import { syntheticReport } from './synthetic.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(ROOT, 'test', 'history', 'append-child.ts');
const SIZE = 1500;
const DAYS = [0, 1, 2, 3, 4];
const dirs: string[] = [];
const tempDir = () => (dirs.push(mkdtempSync(join(tmpdir(), 'goose-history-'))), dirs[dirs.length - 1]);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function child(db: string, tag: string, first: number, last: number) {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, db, tag, String(SIZE), String(first), String(last)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) => p.on('close', (code, signal) => r({ code, signal, stderr })));
  return { proc: p, done };
}

async function readAll(db: string): Promise<string[]> {
  const out: string[] = [];
  for (const r of await listReports(db)) out.push(JSON.stringify(await readReport(db, r.id)));
  return out;
}

describe('two processes on one history file', () => {
  it('both writers land every report, each equal to what it stored', async () => {
    const db = join(tempDir(), 'history.sqlite');
    const [a, b] = [child(db, 'a', 0, 4), child(db, 'b', 0, 4)];
    const results = await Promise.all([a.done, b.done]);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const expected = (tag: string) => DAYS.map((d) => JSON.stringify(syntheticReport(SIZE, d, tag)));
    const stored = await readAll(db);
    expect(stored).toHaveLength(10);
    expect([...stored].sort()).toEqual([...expected('a'), ...expected('b')].sort());
    // Each writer's reports are in the order it appended them.
    for (const tag of ['a', 'b']) {
      const at = expected(tag).map((e) => stored.indexOf(e));
      expect(at).toEqual([...at].sort((x, y) => x - y));
    }
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('a writer killed in the middle leaves every stored report intact; the next append takes its lock over', async () => {
    const dir = tempDir();
    const db = join(dir, 'history.sqlite');
    const w = child(db, 'k', 0, 40);
    // Kill it once a few reports are in, at whatever point of an append it is.
    for (let n = 0; n < 3; n = existsSync(db) ? (await listReports(db)).length : 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 37));
    w.proc.kill('SIGKILL');
    expect((await w.done).signal).toBe('SIGKILL');
    const before = await readAll(db);
    expect(before.length).toBeGreaterThanOrEqual(3);
    before.forEach((text, day) => expect(text).toBe(JSON.stringify(syntheticReport(SIZE, day, 'k'))));
    // The killed writer's lock, if it held it, names a process that is gone: taken over at once.
    const id = await appendReport(db, syntheticReport(SIZE, 41, 'k'), { lockTimeoutMs: 5_000 });
    expect(id).toBe(before.length + 1);
    expect(await readAll(db)).toEqual([...before, JSON.stringify(syntheticReport(SIZE, 41, 'k'))]);
    // No lock and no temporary file of the killed writer is left.
    expect(readdirSync(dir)).toEqual(['history.sqlite']);
  });
});
