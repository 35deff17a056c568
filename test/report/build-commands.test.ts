import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFields, buildScript, fillTemplate, kojiChainBuild, type BuildItem } from '../../src/report/build-commands.js';
import { runCli } from '../helpers/cli.js';

const waves: BuildItem[][] = [
  [{ name: 'glibc', evr: '2.38-16.fc40' }, { name: 'zlib', evr: '1.3-1' }],
  [{ name: 'perl', evr: '4:5.38.2-502.fc40' }],
  [{ name: 'git', evr: '2.43.0-1' }],
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('buildFields', () => {
  it('splits the EVR and leaves the epoch out of the NVR, as koji names builds', () => {
    expect(buildFields({ name: 'perl', evr: '4:5.38.2-502.fc40' })).toEqual({ name: 'perl', epoch: '4', version: '5.38.2', release: '502.fc40', nvr: 'perl-5.38.2-502.fc40', evr: '4:5.38.2-502.fc40' });
    expect(buildFields({ name: 'a-b', evr: '1.0-2-3' }).nvr).toBe('a-b-1.0-2-3'); // the release is after the last dash
  });
  it('rejects an unknown placeholder with a USAGE error naming it', () => {
    expect(() => fillTemplate('{nme}', buildFields(waves[0][0]), 'T')).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('{nme}') }));
  });
});

describe('kojiChainBuild', () => {
  it('prints one koji chain-build line, the waves as groups of NVRs', () => {
    expect(kojiChainBuild(waves, { target: 'f40-rebuild' })).toBe('koji chain-build f40-rebuild glibc-2.38-16.fc40 zlib-1.3-1 : perl-5.38.2-502.fc40 : git-2.43.0-1\n');
  });
  it('names each build by --template, quoted for the shell', () => {
    const line = kojiChainBuild(waves, { target: 't', template: 'git+https://src/rpms/{name}.git#{nvr}' });
    expect(line).toContain("'git+https://src/rpms/perl.git#perl-5.38.2-502.fc40' :");
    const words = execFileSync('sh', ['-c', `for w in ${line.trim()}; do echo "$w"; done`], { encoding: 'utf8' }).trim().split('\n');
    expect(words.slice(0, 4)).toEqual(['koji', 'chain-build', 't', 'git+https://src/rpms/glibc.git#glibc-2.38-16.fc40']);
  });
});

/** Runs a script with fake `koji` and `mock` on PATH that log their arguments and fail for `fail`. */
function runScript(script: string, fail = ''): { log: string[]; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'goose-script-'));
  dirs.push(dir);
  for (const tool of ['koji', 'mock']) {
    const fake = join(dir, tool);
    const failing = fail ? `case "$*" in *"${fail}"*) exit 1;; esac\n` : '';
    writeFileSync(fake, `#!/bin/sh\necho "${tool} $*" >> "${dir}/log"\n${failing}`);
    chmodSync(fake, 0o755);
  }
  writeFileSync(join(dir, 'build.sh'), script);
  const r = spawnSync('sh', [join(dir, 'build.sh')], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, cwd: dir });
  let log: string[] = [];
  try {
    log = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n');
  } catch {
    /* nothing ran */
  }
  return { log, status: r.status };
}

describe('buildScript', () => {
  it('koji: builds each wave in parallel, every wave after the one before, and stops at a failure', () => {
    const script = buildScript(waves, { target: 'f40' });
    expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    const ok = runScript(script);
    expect(ok.status).toBe(0);
    expect(ok.log.slice(0, 2).sort()).toEqual(['koji build --wait f40 glibc-2.38-16.fc40', 'koji build --wait f40 zlib-1.3-1']);
    expect(ok.log.slice(2)).toEqual(['koji build --wait f40 perl-5.38.2-502.fc40', 'koji build --wait f40 git-2.43.0-1']);
    const failed = runScript(script, 'perl-');
    expect(failed.status).not.toBe(0);
    expect(failed.log.join('\n')).not.toContain('git-2.43.0-1');
  });
  it('mock: one mock --chain per wave into one local repository', () => {
    const r = runScript(buildScript(waves, { target: 'fedora-40-x86_64', builder: 'mock', notBuilt: ['musl'] }));
    expect(r.status).toBe(0);
    expect(r.log).toHaveLength(3);
    expect(r.log[0]).toMatch(/^mock -r fedora-40-x86_64 --chain --localrepo=\S+goose-repo glibc-2.38-16.fc40.src.rpm zlib-1.3-1.src.rpm$/);
    expect(buildScript(waves, { notBuilt: ['musl'] })).toContain('# Not built (their buildroot does not resolve): musl');
  });
});

describe('goose-deps order --format koji|script, JSON nvrs', () => {
  it('koji and script carry the NVRs of the source repository; JSON nvrs run beside the waves', async () => {
    const koji = await runCli(['order', '--example', '--format', 'koji', '--target', 'goose-1', '--no-cache']);
    expect(koji.stdout).toMatch(/^koji chain-build goose-1 gmp-6\.2\.1-5\.goose1 : ncurses-6\.4-8\.20231001\.goose1 : /);
    const script = await runCli(['order', '--example', '--format', 'script', '--builder', 'mock', '--no-cache']);
    expect(script.stdout).toContain('# Not built (their buildroot does not resolve): musl pandoc python-pip');
    const j = JSON.parse((await runCli(['order', '--example', '--json', '--no-cache'])).stdout) as { waves: string[][]; nvrs: string[][] };
    expect(j.nvrs.map((w) => w.length)).toEqual(j.waves.map((w) => w.length));
    j.waves.forEach((w, i) => w.forEach((name, k) => expect(j.nvrs[i][k].startsWith(`${name}-`)).toBe(true)));
    const bad = await runCli(['order', '--example', '--format', 'koji', '--template', '{nvra}', '--no-cache']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('{nvra}');
  });
});
