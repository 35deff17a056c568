import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const run = runCli;

describe('goose-deps testcase --write', () => {
  it("records a source's buildroot solve as a testcase that replays to the same result", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'goose-tcw-')), 'git');
    const w = await run(['testcase', '--example', '--no-cache', '--write', dir, '--buildroot', 'git']);
    expect(w.code).toBe(0);
    const tc = readFileSync(join(dir, 'testcase.t'), 'utf8');
    expect(tc).toContain('job install provides libcurl-devel');
    expect(tc).toContain('solverflags ignorerecommended');
    expect(readFileSync(join(dir, 'solver.result'), 'utf8')).toMatch(/^install gcc-/m);
    const replay = await run(['testcase', join(dir, 'testcase.t')]);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
  });
  it('records an unresolvable solve with its problem, exit 1, and the replay matches', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'goose-tcw-')), 'pandoc');
    expect((await run(['testcase', '--example', '--no-cache', '--write', dir, '--buildroot', 'pandoc'])).code).toBe(1);
    expect(readFileSync(join(dir, 'solver.result'), 'utf8')).toContain('ghc-compiler >= 9.4');
    expect((await run(['testcase', join(dir, 'testcase.t')])).code).toBe(0);
  });
  it('records a plain install job', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'goose-tcw-')), 'inst');
    expect((await run(['testcase', '--example', '--no-cache', '--write', dir, '--install', 'gdb'])).code).toBe(0);
    expect((await run(['testcase', join(dir, 'testcase.t')])).code).toBe(0);
  });
  it('exits 2 for bad usage and unknown names', async () => {
    expect((await run(['testcase'])).code).toBe(2);
    expect((await run(['testcase', '--example', '--no-cache', '--write', '/tmp/x', '--buildroot', 'no-such'])).stderr).toContain('UNKNOWN_SOURCE');
    expect((await run(['testcase', '--example', '--no-cache', '--write', '/tmp/x', '--install', 'no-such-pkg'])).stderr).toContain('UNKNOWN_PACKAGE');
  });
});

/** A testcase file: one package `a`, the job `install name a`, and `extra` lines before the repos. */
function testcaseFile(dir: string, name: string, extra: string[], result = 'install a-1-1.noarch@test'): string {
  const file = join(dir, name);
  writeFileSync(file, [...extra, 'repo system 0 testtags <inline>', 'repo test 0 testtags <inline>', '#>=Pkg: a 1 1 noarch', 'system x86_64 rpm system', 'job install name a', 'result transaction,problems <inline>', `#>${result}`, ''].join('\n'));
  return file;
}

describe('goose-deps testcase on a testcase it skips (missing feature), as testsolv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goose-tcskip-'));
  const skip = testcaseFile(dir, 'skip.t', ['feature no-such-feature']);
  const pass = testcaseFile(dir, 'pass.t', []);
  const fail = testcaseFile(dir, 'fail.t', [], 'install b-1-1.noarch@test');
  it('testsolv itself exits 77 on it (the oracle)', () => {
    const r = spawnSync('testsolv', [skip], { encoding: 'utf8' });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('testsolv is needed for this oracle (apt-get install libsolv-tools)');
    expect(r.status).toBe(77);
  });
  it('exits 77 and prints why', async () => {
    const r = await run(['testcase', skip]);
    expect(r.code).toBe(77);
    expect(r.stdout).toContain("missing feature 'no-such-feature'");
  });
  it('--json says skipped: the status and the count', async () => {
    const r = await run(['testcase', '--json', skip]);
    expect(r.code).toBe(77);
    const j = JSON.parse(r.stdout);
    expect(j.results).toMatchObject([{ file: skip, status: 'skip' }]);
    expect(j.summary).toEqual({ passed: 0, failed: 0, skipped: 1, errors: 0 });
  });
  it('several files: a mismatch (1) or an unreadable file (2) outranks a skip (77), which outranks a pass (0)', async () => {
    expect((await run(['testcase', pass])).code).toBe(0);
    expect((await run(['testcase', pass, skip])).code).toBe(77);
    expect((await run(['testcase', skip, fail])).code).toBe(1);
    expect((await run(['testcase', skip, join(dir, 'missing.t')])).code).toBe(2);
  });
});
