/**
 * Damaged .rpm files are told, never skipped in silence: a file named on its own that cannot be
 * read is an error (exit 2) naming it; a damaged file in a folder is one warning on stderr naming
 * it once, and the folder's other packages still load.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printRepoWarnings } from '../../src/cli/warnings.js';
import { runCli } from '../helpers/cli.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const PACKAGES = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'Packages');
const SOURCE = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'source');
const GOOD = ['bash-5.2.26-1.goose1.x86_64.rpm', 'coreutils-9.4-1.goose1.x86_64.rpm', 'filesystem-3.18-6.goose1.x86_64.rpm'];

let tmp: string;
let garbage: string;
let folder: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-warnings-'));
  garbage = join(tmp, 'garbage.rpm');
  writeFileSync(garbage, 'this is not an rpm package, only text that ends in .rpm\n');
  folder = join(tmp, 'folder');
  mkdirSync(folder);
  for (const f of GOOD) symlinkSync(join(PACKAGES, f), join(folder, f));
  writeFileSync(join(folder, 'damaged-1.0-1.x86_64.rpm'), Buffer.from([0xed, 0xab, 0xee, 0xdb, 3, 0, 0, 1]));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** How often `needle` occurs in `hay`. */
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe('printRepoWarnings', () => {
  it('prints each warning as one stderr line, in order', () => {
    let err = '';
    printRepoWarnings({ stderr: (s) => void (err += s) }, [{ warnings: ['/a.rpm: file is empty [RPM_TRUNCATED]'] }, { warnings: [] }, { warnings: ['/b.rpm: x [C]'] }]);
    expect(err).toBe('goose-deps: warning: /a.rpm: file is empty [RPM_TRUNCATED]\ngoose-deps: warning: /b.rpm: x [C]\n');
  });
});

describe('damaged .rpm files on the command line', () => {
  it('--repo garbage.rpm: exit 2, one error naming the file once, no output', async () => {
    const r = await runCli(['query', '--no-cache', '--repo', garbage]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^goose-deps: error \[RPM_BAD_MAGIC\]: /);
    expect(count(r.stderr, garbage)).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a folder with one damaged .rpm: lists the good ones, warns once about the bad one', async () => {
    const r = await runCli(['query', '--no-cache', '--repo', folder, '--qf', '%{name}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('bash\ncoreutils\nfilesystem\n');
    const bad = join(folder, 'damaged-1.0-1.x86_64.rpm');
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^goose-deps: warning: .+ \[RPM_TRUNCATED\]$/), '']);
    expect(count(r.stderr, bad)).toBe(1);
  });
  it('every command that loads repositories prints the warnings (order)', async () => {
    writeFileSync(join(tmp, 'group.txt'), 'bash\ncoreutils\n');
    const r = await runCli(['order', '--no-cache', '--repo', folder, '--srcrepo', SOURCE, '--group', `@${join(tmp, 'group.txt')}`, '--format', 'edges']);
    expect(r.stderr).toContain(`goose-deps: warning: ${join(folder, 'damaged-1.0-1.x86_64.rpm')}: `);
    expect(r.stderr).not.toContain('internal error');
  });
});

describeWithData('damaged .rpm files of the shared data', () => {
  const invalid = sharedPath('rpms', 'koschei-srpms', 'invalid.src.rpm');
  it('--repo invalid.src.rpm (an empty file): exit 2, the error names it once', async () => {
    const r = await runCli(['query', '--no-cache', '--repo', invalid]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`goose-deps: error [RPM_TRUNCATED]: ${invalid}: file is empty\n`);
  });
  it('--repo koschei-srpms (three SRPMs and the empty one): the three, and one warning', async () => {
    const r = await runCli(['query', '--no-cache', '--repo', sharedPath('rpms', 'koschei-srpms')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('aether-1:1.0.0-3.fc21.src\nrnv-0:1.7.11-6.fc21.src\nxpp3-0:1.1.4-3.c.fc21.src\n');
    expect(r.stderr).toBe(`goose-deps: warning: ${invalid}: file is empty [RPM_TRUNCATED]\n`);
  });
});
