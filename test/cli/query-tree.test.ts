/**
 * `goose-deps query --tree` against `dnf repoquery --tree` (Debian's dnf 4.14) on the same repos,
 * run offline and isolated as in query.test.ts. On the example distribution the output is
 * byte-identical. On CentOS Stream 9 BaseOS the trees are identical line for line; inside the
 * `[N: ...]` Requires list of a line dnf gives the Requires in its pool's string order (the order
 * in which libsolv's XML reader met the strings), which no other reader reproduces, so there the
 * lists are compared as sets. Packages of one name side by side (i686 and x86_64) come in the
 * order of a Python set in dnf, by arch in goose-deps: the cases here are ones where the two agree
 * (`--whatrequires libcap-ng --tree` on BaseOS is one where they do not: krb5-server.x86_64 comes
 * before krb5-server.i686 in dnf, the only difference). dnf must be installed: a missing oracle
 * fails these tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const BINARY = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
const SOURCE = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'source');
const BASEOS = sharedPath('centos-stream-9', 'baseos-2022');

let tmp: string;
const savedCache = process.env.XDG_CACHE_HOME;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-query-tree-'));
  process.env.XDG_CACHE_HOME = join(tmp, 'xdg'); // our .solv cache, never the user's
  writeFileSync(join(tmp, 'dnf.conf'), '[main]\n');
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  rmSync(tmp, { recursive: true, force: true });
});

/** `dnf repoquery ARGS` on `repos` ([id, path] pairs), offline and isolated. */
function dnf(repos: [string, string][], args: string[]) {
  const key = repos.map(([id]) => id).join('+');
  const r = spawnSync('dnf', [
    '-q', '--noplugins', `--config=${join(tmp, 'dnf.conf')}`, '--setopt=reposdir=/dev/null', `--setopt=cachedir=${join(tmp, 'dnf', key, 'cache')}`,
    `--installroot=${join(tmp, 'dnf', key, 'root')}`, '--releasever=1',
    ...repos.flatMap(([id, path]) => [`--repofrompath=${id},${path}`, `--repo=${id}`]),
    'repoquery', ...args,
  ], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each line with its `[N: ...]` list sorted (BaseOS: see the module comment). */
const requiresAsSets = (out: string) => out.replace(/\[(\d+): ([^\]\n]*)\]$/gm, (_, n: string, list: string) => `[${n}: ${list.split(', ').sort().join(', ')}]`);

async function same(repos: [string, string][], flags: string[], args: string[], normalise: (s: string) => string = (s) => s) {
  const theirs = dnf(repos, args);
  expect(theirs.code, `dnf ${args.join(' ')}: ${theirs.stderr}`).toBe(0);
  expect(theirs.stdout, 'dnf gave a tree').toMatch(/\n \\_ /);
  const ours = await runCli(['query', ...flags, ...args]);
  expect(ours.stderr).toBe('');
  expect(ours.code).toBe(0);
  expect(normalise(ours.stdout), `goose-deps query ${args.join(' ')}`).toBe(normalise(theirs.stdout));
  return ours.stdout;
}

const GOOSE: [string, string][] = [['binary', BINARY], ['source', SOURCE]];
const GOOSE_FLAGS = ['--repo', BINARY, '--srcrepo', SOURCE];
const GOOSE_CASES: [string, string[]][] = [
  ['--requires: a binary and its source (a source package first, then what its BuildRequires pull in)', ['--requires', '--tree', 'bash']],
  ['--requires of a source package', ['--requires', '--tree', 'readline.src']],
  ['--requires --arch', ['--requires', '--tree', '--arch', 'x86_64', 'git']],
  ['--requires --srpm', ['--requires', '--tree', '--srpm', 'hello']],
  ['--provides', ['--provides', '--tree', 'gcc']],
  ['--whatrequires: what requires each package by name, recursively', ['--whatrequires', 'glibc', '--tree']],
  ['--whatrequires of a library', ['--whatrequires', 'ncurses-libs', '--tree']],
  ['--whatrequires --recursive', ['--whatrequires', 'gcc', '--tree', '--recursive']],
  ['--qf', ['--whatrequires', 'zlib', '--tree', '--qf', '%{name}.%{arch} %{reponame}']],
];

describe('goose-deps query --tree equals dnf repoquery --tree on the example distribution', () => {
  for (const [label, args] of GOOSE_CASES) it(label, async () => void (await same(GOOSE, GOOSE_FLAGS, args)));
});

const BASEOS_CASES: [string, string[]][] = [
  ['--requires bash (1,000 lines, i686 and x86_64 of one name side by side)', ['--requires', '--tree', 'bash']],
  ['--provides glibc', ['--provides', '--tree', 'glibc']],
  ['--recommends dnf', ['--recommends', '--tree', 'dnf']],
];

describeWithData('goose-deps query --tree equals dnf repoquery --tree on CentOS Stream 9 BaseOS', () => {
  for (const [label, args] of BASEOS_CASES) it(label, async () => void (await same([['baseos-2022', BASEOS]], ['--repo', BASEOS], args, requiresAsSets)));
});

describe('goose-deps query --tree: JSON and bad input', () => {
  it("--json nests each package's children, marks one met again under the same top-level package, and agrees with the text", async () => {
    const args = ['query', ...GOOSE_FLAGS, '--whatrequires', 'ncurses-libs', '--tree'];
    const text = (await runCli(args)).stdout;
    const r = await runCli([...args, '--json']);
    expect(r.code).toBe(0);
    type Node = { name: string; arch: string; requires: string[]; repeated?: boolean; children: Node[] };
    const top: Node[] = JSON.parse(r.stdout);
    const lines: string[] = [];
    const walk = (n: Node, level: number) => {
      lines.push(level < 0 ? n.name : `${level} ${n.name} ${n.requires.length}`);
      if (n.repeated) expect(n.children).toEqual([]);
      n.children.forEach((c) => walk(c, level + 1));
    };
    top.forEach((n) => walk(n, -1));
    const fromText = text.trim().split('\n').map((l) => {
      const m = /^ ((?:\|   )*)\\_ (\S+?)-\d+:\S+ \[(\d+):/.exec(l);
      return m ? `${m[1].length / 4} ${m[2]} ${m[3]}` : l.replace(/-\d+:.*$/, '');
    });
    expect(lines).toEqual(fromText);
    const rpm = top.find((n) => n.name === 'ncurses-devel')!.children.find((c) => c.name === 'bash')!.children[0];
    expect(rpm).toMatchObject({ name: 'rpm' });
    expect(JSON.stringify(top)).toContain('"repeated":true');
  });
  it('--tree needs --whatrequires or a dependency kind (exit 2, as dnf refuses it)', async () => {
    const r = await runCli(['query', ...GOOSE_FLAGS, '--tree', 'bash']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tree needs --whatrequires or one of --requires');
    expect(dnf(GOOSE, ['--tree', 'bash']).code).not.toBe(0);
  });
});
