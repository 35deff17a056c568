import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cachePath, repoCacheKey } from '../../src/repodata/cache.js';
import { cleanCache } from '../../src/repodata/cache-clean.js';
import { failure } from '../helpers/errors.js';
import { EXAMPLE } from '../../src/cli/context.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MIRROR = 'https://mirror.example/abc/';

/** A cache folder as goose-deps lays it out: one old file (40 days) in a repository folder, one new file in solv/. */
function makeCache(name: string): string {
  const dir = join(tmp, name);
  const old = cachePath(dir, MIRROR, 'repodata/aaa-primary.xml.gz');
  mkdirSync(join(old, '..'), { recursive: true });
  mkdirSync(join(dir, 'solv'), { recursive: true });
  writeFileSync(old, 'x'.repeat(1000));
  const day = 86_400;
  const then = Date.now() / 1000 - 40 * day;
  utimesSync(old, then, then);
  writeFileSync(join(dir, 'solv', 'new.solv'), 'y');
  return dir;
}

/** A folder of someone's own files (a project checkout, say). */
function makeForeign(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# mine\n');
  writeFileSync(join(dir, 'src', 'main.c'), 'int main(void) { return 0; }\n');
  return dir;
}

describe('goose-deps cache clean', () => {
  it('--older-than DAYS removes only older files, and folders left empty', async () => {
    const dir = makeCache('a');
    const r = await runCli(['cache', 'clean', '--cache-dir', dir, '--older-than', '30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Removed 1 file (0.0 MB) from ${dir}; kept 1 newer than 30 days.\n`);
    expect(existsSync(join(dir, repoCacheKey(MIRROR)))).toBe(false);
    expect(existsSync(join(dir, 'solv', 'new.solv'))).toBe(true);
  });
  it('without --older-than removes everything; --json says what', async () => {
    const dir = makeCache('b');
    const r = await runCli(['cache', 'clean', '--cache-dir', dir, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ cacheDir: dir, removed: 2, bytes: 1001, kept: 0, foreign: 0 });
    expect(readdirSync(dir)).toEqual([]);
  });
  it('removes every store a run fills (.solv, buildroots, graphs, graph shortcuts, readiness kept results), none counted as foreign', async () => {
    const dir = join(tmp, 'filled');
    // Twice: the second order reads the graph store through its shortcut.
    for (let i = 0; i < 2; i++) expect((await runCli(['order', '--example', '--cache-dir', dir])).code).toBe(1);
    const readiness = ['readiness', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', EXAMPLE.repo[0], '--group', 'build', '--json', '--cache-dir', dir];
    expect((await runCli(readiness)).code).toBeLessThan(2);
    expect(readdirSync(dir).sort()).toEqual(['buildroots', 'graph-shortcuts', 'graphs', 'readiness', 'solv']);
    const r = await runCli(['cache', 'clean', '--cache-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { removed: number; foreign: number };
    expect(j.foreign).toBe(0);
    expect(j.removed).toBeGreaterThan(4);
    expect(readdirSync(dir)).toEqual([]);
  });
  it('a missing cache is an empty one; a bad --older-than is a usage error', async () => {
    expect((await runCli(['cache', 'clean', '--cache-dir', join(tmp, 'none')])).stdout).toContain('Removed 0 files');
    expect((await runCli(['cache', 'clean', '--cache-dir', tmp, '--older-than', 'x'])).code).toBe(2);
    expect((await runCli(['cache', 'nuke'])).code).toBe(2);
  });
});

describe('goose-deps cache clean removes only what goose-deps wrote', () => {
  it('refuses --cache-dir / with CACHE_DIR_NOT_OURS (exit 2) and removes nothing', async () => {
    const r = await runCli(['cache', 'clean', '--cache-dir', '/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CACHE_DIR_NOT_OURS');
    expect(r.stderr).toContain('root folder');
    expect(r.stdout).toBe('');
  });
  it('refuses the root and the home folder through the library too, also behind a symbolic link', async () => {
    expect((await failure(cleanCache('/'))).code).toBe('CACHE_DIR_NOT_OURS');
    expect((await failure(cleanCache(homedir()))).code).toBe('CACHE_DIR_NOT_OURS');
    const link = join(tmp, 'to-root');
    symlinkSync('/', link);
    expect((await failure(cleanCache(link))).code).toBe('CACHE_DIR_NOT_OURS');
  });
  it('refuses a folder goose-deps did not make, even with --older-than 0, and leaves every file', async () => {
    const dir = makeForeign('project');
    for (const extra of [[], ['--older-than', '0']]) {
      const r = await runCli(['cache', 'clean', '--cache-dir', dir, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('CACHE_DIR_NOT_OURS');
      expect(r.stderr).toContain(dir);
    }
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'src']);
    expect(existsSync(join(dir, 'src', 'main.c'))).toBe(true);
  });
  it('in a cache that also holds other files, removes its own entries and leaves the others, saying how many', async () => {
    const dir = makeCache('mixed');
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    mkdirSync(join(dir, 'photos'));
    writeFileSync(join(dir, 'photos', 'a.jpg'), 'jpg');
    writeFileSync(join(dir, 'solv', 'my notes.txt'), 'a name goose-deps never writes');
    const target = join(tmp, 'outside.txt');
    writeFileSync(target, 'outside');
    symlinkSync(target, join(dir, 'solv', 'link.solv'));
    const r = await runCli(['cache', 'clean', '--cache-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ removed: 3, kept: 0, foreign: 3 });
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'photos', 'solv']);
    expect(readdirSync(join(dir, 'solv'))).toEqual(['my notes.txt']);
    expect(existsSync(join(dir, 'photos', 'a.jpg'))).toBe(true);
    expect(existsSync(target)).toBe(true); // the link went, not what it points to
    const text = await runCli(['cache', 'clean', '--cache-dir', dir]);
    expect(text.stdout).toBe(`Removed 0 files (0.0 MB) from ${dir}; left 3 entries goose-deps did not write.\n`);
  });
});
