import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A cache folder with one old file (40 days) and one new file, in repository folders and solv/. */
function makeCache(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'mirror-abc'), { recursive: true });
  mkdirSync(join(dir, 'solv'), { recursive: true });
  const old = join(dir, 'mirror-abc', 'aaa-primary.xml.gz');
  writeFileSync(old, 'x'.repeat(1000));
  const day = 86_400;
  const then = Date.now() / 1000 - 40 * day;
  utimesSync(old, then, then);
  writeFileSync(join(dir, 'solv', 'new.solv'), 'y');
  return dir;
}

describe('goose-deps cache clean', () => {
  it('--older-than DAYS removes only older files, and folders left empty', async () => {
    const dir = makeCache('a');
    const r = await runCli(['cache', 'clean', '--cache-dir', dir, '--older-than', '30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Removed 1 file (0.0 MB) from ${dir}; kept 1 newer than 30 days.\n`);
    expect(existsSync(join(dir, 'mirror-abc'))).toBe(false);
    expect(existsSync(join(dir, 'solv', 'new.solv'))).toBe(true);
  });
  it('without --older-than removes everything; --json says what', async () => {
    const dir = makeCache('b');
    const r = await runCli(['cache', 'clean', '--cache-dir', dir, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ cacheDir: dir, removed: 2, bytes: 1001, kept: 0 });
    expect(existsSync(join(dir, 'solv'))).toBe(false);
  });
  it('a missing cache is an empty one; a bad --older-than is a usage error', async () => {
    expect((await runCli(['cache', 'clean', '--cache-dir', join(tmp, 'none')])).stdout).toContain('Removed 0 files');
    expect((await runCli(['cache', 'clean', '--cache-dir', tmp, '--older-than', 'x'])).code).toBe(2);
    expect((await runCli(['cache', 'nuke'])).code).toBe(2);
  });
});
