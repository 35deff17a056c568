/**
 * The target architecture must accept some package of the repositories: `--arch foo` (or x86_64
 * repositories on an aarch64 machine) is exit 2 with a sentence naming the flag, the value and the
 * architectures that would work, not a run in which every package "does not exist" (issue 11).
 */
import { describe, expect, it } from 'vitest';
import { checkArchMatches } from '../../src/cli/arch.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { GooseError } from '../../src/errors.js';
import { Pool } from '../../src/solv/index.js';
import { runCli } from '../helpers/cli.js';

/** A pool of `arch` with one repo of packages of the given architectures. */
function repoOf(arch: string, arches: string[]) {
  const pool = new Pool({ arch });
  const repo = pool.addRepo('r');
  repo.addTesttags(arches.map((a, i) => `=Pkg: p${i} 1 1 ${a}\n`).join(''));
  return { pool, repo };
}

describe('checkArchMatches', () => {
  it('passes when the architecture accepts some package (x86_64 takes i686 too), or when all are noarch', () => {
    for (const [arch, arches] of [['x86_64', ['x86_64']], ['x86_64', ['i686', 'noarch']], ['aarch64', ['noarch', 'src']], ['i686', ['x86_64', 'i686']]] as const) {
      const { pool, repo } = repoOf(arch, [...arches]);
      expect(() => checkArchMatches('arch', arch, [repo])).not.toThrow();
      pool.free();
    }
  });
  it('names the flag, the value and the architectures that would work', () => {
    const { pool, repo } = repoOf('foo', ['x86_64', 'noarch', 'i686']);
    let e: unknown;
    try {
      checkArchMatches('arch', 'foo', [repo]);
    } catch (x) {
      e = x;
    }
    pool.free();
    expect(e).toBeInstanceOf(GooseError);
    expect((e as GooseError).code).toBe('USAGE');
    expect((e as GooseError).message).toBe("--arch 'foo' accepts none of the repositories' packages, which are i686, x86_64 (and noarch): give --arch one of those");
  });
});

describe('a target architecture that matches nothing, on the command line', () => {
  const base = ['--no-cache', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--group', 'build'];
  const cases: [string[], string][] = [
    [['order', ...base, '--arch', 'foo'], "--arch 'foo' accepts none of the repositories' packages, which are x86_64 (and noarch): give --arch x86_64"],
    [['buildroot', ...base, '--arch', 'aarch64'], "--arch 'aarch64' accepts none"],
    [['why', 'git', 'gcc', ...base, '--arch', 'foo'], "--arch 'foo' accepts none"],
    [['readiness', ...base, '--built', EXAMPLE.repo[0], '--arch', 'foo'], "--arch 'foo' accepts none"],
    [['testcase', '--write', '/nonexistent/never-written', '--install', 'gcc', ...base, '--arch', 'foo'], "--arch 'foo' accepts none"],
    [['query', '--no-cache', '--repo', EXAMPLE.repo[0], '--forcearch', 'foo'], "--forcearch 'foo' accepts none of the repositories' packages, which are x86_64 (and noarch): give --forcearch x86_64"],
  ];
  for (const [argv, sentence] of cases) {
    it(argv[0], async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^goose-deps: error \[USAGE\]: [^\n]*\n$/); // one line
      expect(r.stderr).toContain(sentence);
      expect(r.stdout).toBe('');
    });
  }
  it('the right architecture still runs (order --arch x86_64)', async () => {
    const r = await runCli(['order', ...base, '--arch', 'x86_64', '--format', 'edges']);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toBe('');
  });
});
