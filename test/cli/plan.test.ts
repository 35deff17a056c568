import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';
import type { Plan } from '../../src/plan/index.js';

const plan = async (...args: string[]) => runCli(['plan', '--example', '--no-cache', ...args]);
const expected = (f: string) => readFileSync(join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'expected', f), 'utf8');

describe('goose-deps plan', () => {
  it('prints one block per wave with the bootstrap builds and rebuilds and their reasons, exiting 1 for the unresolvable sources', async () => {
    const r = await plan();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d+ sources in \d+ builds \(\d+ rebuilds, \d+ bootstrap builds, \d+ bootstrap variants?\) in \d+ waves; 0 already built, 3 unresolvable, 1 foreign binary\.$/);
    expect(lines[1]).toMatch(/^Clean \(--clean strict\): yes; rebuilds checked: \d+, every one needed\.$/);
    expect(r.stdout).toContain('\nwave 1: ');
    expect(r.stdout).toMatch(/\n {2}glibc: bootstrap: built against the upstream /);
    expect(r.stdout).toMatch(/\n {2}glibc: rebuilt: its first build took content from the upstream /);
    expect(r.stdout).toContain('Unresolvable (their buildroot cannot be installed; not built):\n  musl: ');
    expect(r.stdout).toContain('Foreign binaries (used by builds, not built by the plan): python3-pip (of python-pip)');
    expect(r.stdout).toBe(expected('plan.txt'));
  });
  it('reads and fills the buildroot store the other commands share: a second plan from it equals the first and --no-cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'goose-plan-store-'));
    try {
      const stored = (...args: string[]) => runCli(['plan', '--example', '--json', '--cache-dir', dir, ...args]);
      const first = await stored();
      expect(readdirSync(join(dir, 'buildroots')).length).toBeGreaterThan(0);
      const second = await stored();
      const fresh = await plan('--json');
      expect(second.stdout).toBe(first.stdout);
      expect(second.stdout).toBe(fresh.stdout);
      expect([first.code, second.code]).toEqual([fresh.code, fresh.code]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('builds the example with its bootstrap variant: python3 --with bootstrap first, python-setuptools, then python3', async () => {
    const j = JSON.parse((await plan('--json')).stdout) as Plan;
    const python = j.steps.filter((s) => s.source === 'python3');
    expect(python.map((s) => [s.pass, s.variant, s.bootstrap, s.upstream])).toEqual([
      [1, true, true, []],
      [2, false, false, []],
    ]);
    const setuptools = j.steps.find((s) => s.source === 'python-setuptools')!;
    expect(python[0].wave).toBeLessThan(setuptools.wave);
    expect(setuptools).toMatchObject({ pass: 1, bootstrap: false });
    expect(python[1].reason).toBe('rebuilt: its first build was its bootstrap variant');
    expect(j.summary.bootstrapVariants).toBe(1);
    // Without the variants, python3's first build takes the upstream setuptools wheel instead.
    const without = JSON.parse((await runCli(['plan', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--no-cache', '--json'])).stdout) as Plan;
    expect(without.summary.bootstrapVariants).toBe(0);
    expect(without.steps.find((s) => s.source === 'python3')!.upstream.map((u) => u.source)).toEqual(['python-setuptools']);
  });
  it('orders the toolchain as real bootstraps do: glibc before gcc, binutils and gmp before gcc, ncurses before readline before bash', async () => {
    const j = JSON.parse((await plan('--json')).stdout) as Plan;
    const first = (n: string) => j.steps.find((s) => s.source === n && s.pass === 1)!.wave;
    const rebuild = (n: string) => j.steps.find((s) => s.source === n && s.pass === 2)!.wave;
    expect(first('glibc')).toBeLessThan(first('gcc'));
    expect(first('binutils')).toBeLessThan(first('gcc'));
    expect(first('gmp')).toBeLessThan(first('gcc'));
    expect(first('ncurses')).toBeLessThan(first('readline'));
    expect(first('readline')).toBeLessThan(first('bash'));
    // The rebuilds follow the same content needs.
    expect(rebuild('glibc')).toBeLessThan(rebuild('gcc'));
    expect(rebuild('ncurses')).toBeLessThan(rebuild('readline'));
    expect(rebuild('readline')).toBeLessThan(rebuild('bash'));
  });
  it('gives JSON with steps, unresolvable, foreign and summary, the same plan as the text, byte-identical on repeated runs', async () => {
    const a = await plan('--json');
    const b = await plan('--format', 'json');
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout) as Plan & { group: { packages: string[] } };
    expect(Object.keys(j)).toEqual(['group', 'steps', 'built', 'unresolvable', 'foreign', 'summary']);
    expect(j.group.packages).toContain('gcc');
    expect(j.steps[0]).toEqual(expect.objectContaining({ source: expect.any(String), nvr: expect.any(String), wave: 1, pass: 1, bootstrap: expect.any(Boolean), variant: false, reason: expect.any(String), upstream: expect.any(Array) }));
    expect(j.summary).toMatchObject({ clean: 'strict', isClean: true, unresolvable: 3, rebuildsNeeded: { unneeded: [] } });
    expect(j.summary.builds).toBe(j.steps.length);
    expect(j.summary.rebuilds).toBe(j.steps.filter((s) => s.pass === 2).length);
    const text = (await plan()).stdout;
    expect(text.split('\n')[0]).toContain(`${j.summary.sources} sources in ${j.summary.builds} builds (${j.summary.rebuilds} rebuilds`);
    const glibc = j.steps.find((s) => s.source === 'glibc')!;
    expect(glibc.nvr).toBe('glibc-2.38-16.goose1');
    expect(glibc.wave).toBeLessThan(j.steps.find((s) => s.source === 'gcc')!.wave);
  });
  it('--clean content rebuilds fewer sources, and --built plans the rest', async () => {
    const strict = JSON.parse((await plan('--json')).stdout) as Plan;
    const content = JSON.parse((await plan('--json', '--clean', 'content')).stdout) as Plan;
    expect(content.summary.clean).toBe('content');
    expect(content.summary.rebuilds).toBeLessThan(strict.summary.rebuilds);
    const built = JSON.parse((await plan('--json', '--built', 'glibc', '--built', 'gcc')).stdout) as Plan;
    expect(built.built).toEqual(['gcc', 'glibc']);
    expect(built.summary.built).toBe(2);
    expect(built.steps.map((s) => s.source)).not.toContain('glibc');
    expect(built.summary.sources).toBe(strict.summary.sources - 2);
  });
  it('prints koji chain-build groups and a shell script, one wave each', async () => {
    const j = JSON.parse((await plan('--json')).stdout) as Plan;
    const koji = (await plan('--format', 'koji')).stdout.trim().split(' : ');
    expect(koji.length).toBe(j.summary.waves);
    expect(koji[0].split(' ')).toEqual(j.steps.filter((s) => s.wave === 1).map((s) => s.source));
    const script = (await plan('--format', 'script')).stdout;
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script.match(/^build /gm)!.length).toBe(j.summary.builds);
    expect(script.match(/^wait_wave /gm)!.length).toBe(j.summary.waves);
    expect(script).toContain('build glibc glibc-2.38-16.goose1 2\n');
    // As it is, the script only prints: every build, then each wave's end.
    const ran = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } }).trim().split('\n');
    expect(ran.length).toBe(j.summary.builds + j.summary.waves);
    expect(ran[0]).toBe(`build ${j.steps[0].source} (${j.steps[0].nvr}) pass 1`);
  });
  it('exits 2 with a typed error for an unknown --built source, a missing repository and bad usage', async () => {
    const unknown = await plan('--built', 'no-such-source');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/error \[UNKNOWN_SOURCE\].*'no-such-source'/);
    const missing = await plan('--bootstrap-srcrepo', '/nonexistent/bootstrap');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error \[REPO_NOT_FOUND\].*\/nonexistent\/bootstrap/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect((await plan('--clean', 'sloppy')).code).toBe(2);
    expect((await plan('--format', 'dot')).code).toBe(2);
  });
});
