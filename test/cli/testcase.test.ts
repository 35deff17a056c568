import { mkdtempSync, readFileSync } from 'node:fs';
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
