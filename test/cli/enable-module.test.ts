/**
 * `--enable-module NAME:STREAM` on every command (issue 11, item 9): module streams filtered as
 * `dnf module enable` would, on CentOS Stream 9 AppStream.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../helpers/cli.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

describe('--enable-module', () => {
  it('is a flag of every command (it fails only for want of a repository, not as an unknown flag)', async () => {
    // `cache clean` reads no repository: the flag is accepted there but has nothing to do.
    for (const def of COMMANDS.filter((d) => !d.command.startsWith('cache '))) {
      const positional = def.command.split(' ').slice(1).filter((w) => w.startsWith('<')).map(() => 'x');
      const r = await runCli([def.command.split(' ')[0], ...positional, '--enable-module', 'nginx:1.22']);
      expect(r.code, def.command).toBe(2);
      expect(r.stderr, def.command).toMatch(/^goose-deps: error \[USAGE\]/);
    }
  });
  it('is accepted where no repository has modules (the example), with the same answer', async () => {
    const plain = await runCli(['order', '--example', '--no-cache', '--format', 'koji']);
    const enabled = await runCli(['order', '--example', '--no-cache', '--format', 'koji', '--enable-module', 'nginx:1.22']);
    expect([enabled.code, enabled.stdout, enabled.stderr]).toEqual([plain.code, plain.stdout, plain.stderr]);
  });
});

describeWithData('--enable-module on CentOS Stream 9 AppStream', () => {
  const appstream = () => sharedPath('centos-stream-9', 'appstream');
  it('query nginx shows the non-modular 1.20 builds by default, only the 1.22 stream once it is enabled', async () => {
    const byDefault = await runCli(['query', 'nginx', '--repo', appstream(), '--no-cache']);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout.trim().split('\n').every((l) => /^nginx-\d+:1\.20\.1-\d+\.el9\.x86_64$/.test(l))).toBe(true);
    const enabled = await runCli(['query', 'nginx', '--repo', appstream(), '--no-cache', '--enable-module', 'nginx:1.22']);
    expect(enabled.code).toBe(0);
    const lines = enabled.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /^nginx-1:1\.22\.\d+-\d+\.module_el9\+.*\.x86_64$/.test(l))).toBe(true);
  });
  it('an unknown stream or a malformed one is a typed error, exit 2', async () => {
    const unknown = await runCli(['query', 'nginx', '--repo', appstream(), '--no-cache', '--enable-module', 'nginx:9.9']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'goose-deps: error [MODULE_STREAM_UNKNOWN]: no module stream nginx:9.9 (streams of nginx: 1.22, 1.24)\n']);
    const bad = await runCli(['query', 'nginx', '--repo', appstream(), '--no-cache', '--enable-module', 'nginx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('MODULE_SPEC_INVALID');
  });
});
