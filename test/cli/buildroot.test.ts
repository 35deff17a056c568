import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const run = runCli;

describe('goose-deps buildroot', () => {
  it('prints sizes, the proof and every package with its level and chain, exiting 0', async () => {
    const r = await run(['buildroot', '--example', '--verify', '--no-cache']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Self-hosting: 21 source packages and 34 binary packages for a build group of 8 names\.\n/);
    expect(r.stdout).toContain('Proof: with only these 34 binaries visible, the build group and all 21 buildroots install.');
    expect(r.stdout).toMatch(/\n {3}1 {2}texinfo +gcc \(build group\) requires binutils >= 2\.40, whose BuildRequires include texinfo >= 6\.8, built from texinfo\n/);
    expect(r.stdout).toMatch(/\n {3}0 {2}rpm +rpm-build \(build group\), built from rpm\n/);
  });

  it('gives JSON with sources and binaries as {name, level, reason}', async () => {
    const r = await run(['buildroot', '--example', '--json', '--no-cache']);
    const j = JSON.parse(r.stdout);
    expect(j.selfHosting).toBe(true);
    expect(j.sources).toHaveLength(21);
    expect(j.binaries).toHaveLength(34);
    expect(j.sizes.minimal).toEqual({ sources: 21, binaries: 34 });
    const mm = j.sources.find((s: { name: string }) => s.name === 'perl-ExtUtils-MakeMaker');
    expect(mm).toEqual(expect.objectContaining({ level: 3, reason: expect.stringContaining('whose BuildRequires include perl(ExtUtils::MakeMaker)') }));
  });

  it('prints name lists for koji/mock and a comps group', async () => {
    const bins = await run(['buildroot', '--example', '--format', 'list', '--no-cache']);
    expect(bins.stdout.trim().split('\n')).toHaveLength(34);
    expect(bins.stdout).toContain('\nperl-interpreter\n');
    const srcs = await run(['buildroot', '--example', '--format', 'list', '--list', 'sources', '--no-cache']);
    expect(srcs.stdout.trim().split('\n')).toHaveLength(21);
    expect(srcs.stdout.startsWith('annobin\nbash\n')).toBe(true);
    const comps = await run(['buildroot', '--example', '--format', 'comps', '--comps-id', 'goose-build', '--no-cache']);
    expect(comps.stdout).toMatch(/^<group>\n {2}<id>goose-build<\/id>\n/);
    expect(comps.stdout.match(/<packagereq type="mandatory">/g)).toHaveLength(34);
  });

  it('is byte-identical on repeated runs (text without times, JSON without timings)', async () => {
    const norm = (s: string) => s.replace(/^Time: .*$/m, '').replace(/"timings": \{[^}]*\}/, '');
    const a = await run(['buildroot', '--example', '--json', '--verify', '--no-cache']);
    const b = await run(['buildroot', '--example', '--json', '--verify', '--no-cache']);
    expect(norm(a.stdout)).toBe(norm(b.stdout));
    const c = await run(['buildroot', '--example', '--no-cache']);
    const d = await run(['buildroot', '--example', '--no-cache']);
    expect(norm(c.stdout)).toBe(norm(d.stdout));
  });

  it('exits 1 when the group cannot be self-hosting, explaining why', async () => {
    // A build group with pandoc: its source needs ghc-compiler, which nothing provides.
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'goose-br-')), 'group.txt');
    writeFileSync(file, 'bash\ncoreutils\ngcc\nmake\nredhat-rpm-config\nrpm-build\nsed\ntar\npandoc\n');
    const r = await run(['buildroot', '--example', '--group', `@${file}`, '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOT self-hosting/);
    expect(r.stdout).toContain('pandoc:\n    nothing provides requested ghc-compiler >= 9.4');
  });

  it('exits 2 on bad input', async () => {
    const r = await run(['buildroot', '--repo', '/nonexistent/repo', '--srcrepo', '/nonexistent/src']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error \[REPO_NOT_FOUND\]/);
    expect((await run(['buildroot', '--repo', '/nonexistent/repo'])).code).toBe(2); // no --srcrepo
    const noGroup = await run(['buildroot', '--example', '--group', '@/nonexistent/group.txt', '--no-cache']);
    expect(noGroup.code).toBe(2);
    expect(noGroup.stderr).toContain('GROUP_FILE_NOT_FOUND');
  });
});
