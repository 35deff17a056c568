/**
 * `goose-deps query` against its oracle, `dnf repoquery` (Debian's dnf 4.14), on the same repos:
 * byte-identical standard output for every case. dnf runs offline with an isolated configuration
 * (no reposdir, a temporary cachedir and installroot, no plugins) and the repositories given by
 * --repofrompath under the ids goose-deps derives from the folder names. dnf must be installed
 * (CI installs it): a missing oracle fails these tests, it does not skip them.
 *
 * Where goose-deps deliberately differs from dnf, the case is not here but in the last block:
 * exit status 1 for an empty answer (dnf exits 0) and %{nevra} (dnf 4.14 has no such tag).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const BINARY = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
const SOURCE = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'source');
const BASEOS = sharedPath('centos-stream-9', 'baseos-2022');

let tmp: string;
const savedCache = process.env.XDG_CACHE_HOME;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-query-'));
  process.env.XDG_CACHE_HOME = join(tmp, 'xdg'); // our .solv cache, never the user's
  writeFileSync(join(tmp, 'dnf.conf'), '[main]\n'); // not the system's /etc/dnf/dnf.conf
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI in process. */
async function goose(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

/** `dnf repoquery` on `repos` ([id, path] pairs), offline and isolated; its cache is shared per repo set. */
function dnf(repos: [string, string][], args: string[]) {
  const key = repos.map(([id]) => id).join('+');
  const r = spawnSync('dnf', [
    '-q', '--noplugins', `--config=${join(tmp, 'dnf.conf')}`, '--setopt=reposdir=/dev/null', `--setopt=cachedir=${join(tmp, 'dnf', key, 'cache')}`,
    `--installroot=${join(tmp, 'dnf', key, 'root')}`, '--releasever=1',
    ...repos.flatMap(([id, path]) => [`--repofrompath=${id},${path}`, `--repo=${id}`]),
    'repoquery', ...args,
  ], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error; // no dnf: the oracle is missing, which is a failure
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Cases whose right answer is empty (every other case must have output, so no case passes vacuously). */
const EMPTY = new Set(['a provide is not a spec', 'an obsoleted name is not a spec', 'unknown name', '--whatprovides versioned, none', '--latest-limit -1 (one version each)']);

/** Asserts equal stdout for one case, and exit codes that agree with the output (ours: 1 when empty). */
async function same(repos: [string, string][], flags: string[], args: string[], label = '') {
  const theirs = dnf(repos, args);
  expect(theirs.code, `dnf ${args.join(' ')}: ${theirs.stderr}`).toBe(0);
  expect(theirs.stdout === '', `dnf's answer to ${label} is ${theirs.stdout ? 'not ' : ''}empty`).toBe(EMPTY.has(label));
  const ours = await goose(['query', ...flags, ...args]);
  expect(ours.stderr).toBe('');
  expect(ours.stdout, `goose-deps query ${args.join(' ')}`).toBe(theirs.stdout);
  expect(ours.code).toBe(theirs.stdout ? 0 : 1);
  return ours.stdout;
}

const GOOSE: [string, string][] = [['binary', BINARY], ['source', SOURCE]];
const GOOSE_FLAGS = ['--repo', BINARY, '--srcrepo', SOURCE];
const ALL_TAGS = '%{name} %{epoch} %{version} %{release} %{arch} %{evr} %{sourcerpm} %{reponame} %{location}';

/** Cases on the example distribution: [label, args]. */
const GOOSE_CASES: [string, string[]][] = [
  ['every package (no selector)', []],
  ['name', ['make']],
  ['name, any case (dnf ignores case in specs)', ['MAKE']],
  ['name glob', ['perl*']],
  ['several specs', ['bash', 'sed', 'tar']],
  ['name-version', ['gcc-13.2.1']],
  ['name-version-release', ['gcc-13.2.1-6.goose1']],
  ['NEVRA', ['gcc-13.2.1-6.goose1.x86_64']],
  ['NEVRA with epoch', ['perl-interpreter-4:5.38.2-502.goose1.x86_64']],
  ['name.arch', ['gcc.x86_64']],
  ['name.arch of a source', ['gcc.src']],
  ['version glob', ['make-1:4.4*']],
  ['suffix glob', ['*-devel']],
  ['name.arch glob', ['python*.noarch']],
  ['glob over the whole NEVRA', ['*goose1.noarch']],
  ['a provide is not a spec', ['webserver']],
  ['an obsoleted name is not a spec', ['fileutils']],
  ['unknown name', ['no-such-package']],
  ['file path', ['/usr/bin/perl']],
  ['file glob', ['/usr/bin/g*']],
  ['--arch', ['--arch', 'noarch']],
  ['--arch list', ['--arch', 'x86_64,src', 'gcc*']],
  ['--arch src', ['--arch', 'src']],
  ['--whatprovides virtual', ['--whatprovides', 'webserver']],
  ['--whatprovides soname', ['--whatprovides', 'libc.so.6()(64bit)']],
  ['--whatprovides file provide', ['--whatprovides', '/bin/sh']],
  ['--whatprovides file from the file lists', ['--whatprovides', '/usr/bin/xmllint']],
  ['--whatprovides perl()', ['--whatprovides', 'perl(ExtUtils::MakeMaker)']],
  ['--whatprovides versioned, none', ['--whatprovides', 'python3-devel >= 3.13']],
  ['--whatprovides versioned', ['--whatprovides', 'python3-devel >= 3']],
  ['--whatprovides epoch', ['--whatprovides', 'gmp-devel = 1:6.2.1-5.goose1']],
  ['--whatprovides glob', ['--whatprovides', 'lib*']],
  ['--whatprovides glob with version', ['--whatprovides', 'web* > 0']],
  ['--whatprovides an obsoleted name', ['--whatprovides', 'fileutils']],
  ['--whatprovides list', ['--whatprovides', 'webserver,system-rpm-config']],
  ['--whatrequires name', ['--whatrequires', 'gcc']],
  ['--whatrequires glibc', ['--whatrequires', 'glibc']],
  ['--whatrequires versioned', ['--whatrequires', 'glibc-devel >= 2.38']],
  ['--whatrequires versioned, no overlap', ['--whatrequires', 'glibc-devel < 2']],
  ['--whatrequires file', ['--whatrequires', '/usr/bin/perl']],
  ['--whatrequires through a file provide', ['--whatrequires', 'bash']],
  ['--whatrequires through a package\'s provides', ['--whatrequires', 'perl-interpreter']],
  ['--whatrequires virtual', ['--whatrequires', 'webserver']],
  ['--whatrequires glob', ['--whatrequires', 'zlib*']],
  ['--whatrequires NEVRA', ['--whatrequires', 'gcc-13.2.1-6.goose1.x86_64']],
  ['--whatrequires rich, first alternative', ['--whatrequires', 'openssl-devel']],
  ['--whatrequires rich, second alternative', ['--whatrequires', 'gnutls-devel']],
  ['--whatrequires Requires(pre)', ['--whatrequires', 'setup']],
  ['--whatrequires sources only', ['--whatrequires', 'python3-devel', '--arch', 'src']],
  ['--whatrequires --exactdeps', ['--whatrequires', 'bash', '--exactdeps']],
  ['--whatrequires and --whatprovides', ['--whatrequires', 'glibc', '--whatprovides', 'lib*']],
  ['--requires', ['--requires', 'gcc']],
  ['--requires of a glob', ['--requires', 'perl*']],
  ['--requires with Requires(pre)', ['--requires', 'filesystem']],
  ['--requires rich', ['--requires', 'redhat-rpm-config']],
  ['--requires of a source: BuildRequires', ['--requires', 'curl', '--arch', 'src']],
  ['--requires of everything', ['--requires']],
  ['--requires --resolve', ['--requires', '--resolve', 'gcc']],
  ['--requires --resolve files and sonames', ['--requires', '--resolve', 'git']],
  ['--requires --resolve of a source', ['--requires', '--resolve', 'python3.src']],
  ['--requires --resolve --arch', ['--requires', '--resolve', '--arch', 'x86_64', 'gcc']],
  ['--provides', ['--provides', 'bash']],
  ['--provides with obsoletes', ['--provides', 'coreutils']],
  ['--provides of everything', ['--provides']],
  ['--obsoletes', ['--obsoletes', 'coreutils']],
  ['--recommends', ['--recommends', 'gdb', 'asciidoc']],
  ['--supplements', ['--supplements', 'gdb-doc']],
  ['--suggests --resolve', ['--suggests', '--resolve', 'git']],
  ['--srpm', ['--srpm', 'gcc']],
  ['--srpm of everything', ['--srpm']],
  ['--srpm with --qf', ['--srpm', 'perl*', '--qf', '%{name} %{reponame} %{sourcerpm}']],
  ['--latest-limit 1', ['--latest-limit', '1']],
  ['--latest-limit -1 (one version each)', ['--latest-limit=-1']],
  ['--qf every tag', ['--qf', ALL_TAGS]],
  ['--qf escapes', ['--qf', '%{name}\\t%{summary}\\n%{arch}', 'g*']],
  ['--qf padding', ['--qf', '%-20{name}|%10{arch}|', 'gcc*']],
  ['--qf list tag', ['--qf', '%{name}: %{requires}', 'make', 'gcc']],
  ['--qf literal text only', ['--qf', 'x', 'gcc*']],
];

describe('goose-deps query equals dnf repoquery on the example distribution', () => {
  for (const [label, args] of GOOSE_CASES) {
    it(label, async () => {
      await same(GOOSE, GOOSE_FLAGS, args, label);
    });
  }
  it('answers the README\'s dnf line: the 63 binaries', async () => {
    const out = await same([['binary', BINARY]], ['--repo', BINARY], []);
    expect(out.trim().split('\n')).toHaveLength(63);
  });
});

/** Cases on real CentOS Stream 9 BaseOS (1,125 packages, with file lists). */
const BASEOS_CASES: [string, string[]][] = [
  ['every package', []],
  ['glob', ['kernel*']],
  ['name-version', ['glibc-2.34']],
  ['python3 glob with arch', ['python3*.noarch']],
  ['file from the file lists', ['/usr/share/doc/bash/*']],
  ['--arch i686', ['--arch', 'i686']],
  ['--whatprovides soname', ['--whatprovides', 'libc.so.6()(64bit)']],
  ['--whatprovides file', ['--whatprovides', '/usr/bin/ls']],
  ['--whatprovides glob', ['--whatprovides', 'libcrypt*']],
  ['--whatrequires glibc', ['--whatrequires', 'glibc']],
  ['--whatrequires bash', ['--whatrequires', 'bash']],
  ['--whatrequires /bin/sh', ['--whatrequires', '/bin/sh']],
  ['--whatrequires soname glob', ['--whatrequires', 'libssl.so*']],
  ['--whatrequires versioned', ['--whatrequires', 'systemd >= 250']],
  ['--requires --resolve', ['--requires', '--resolve', 'bash', 'dnf']],
  ['--requires --resolve --recursive', ['--requires', '--resolve', '--recursive', 'bash']],
  ['--requires --resolve --recursive --arch', ['--requires', '--resolve', '--recursive', '--arch', 'x86_64,noarch', 'openssh-server']],
  ['--whatrequires --recursive', ['--whatrequires', 'libselinux-utils', '--recursive']],
  ['--whatrequires --recursive of a library', ['--whatrequires', 'libcap-ng', '--recursive']],
  ['--requires', ['--requires', 'systemd']],
  ['--provides', ['--provides', 'glibc']],
  ['--latest-limit 1', ['--latest-limit', '1', 'kernel*']],
  ['--latest-limit -1 (one version each)', ['--latest-limit=-1']],
  ['--qf', ['--qf', ALL_TAGS, 'a*']],
];

describeWithData('goose-deps query equals dnf repoquery on CentOS Stream 9 BaseOS', () => {
  for (const [label, args] of BASEOS_CASES) {
    it(label, async () => {
      await same([['baseos-2022', BASEOS]], ['--repo', BASEOS], args, label);
    });
  }
});

/** createrepo_c's koji repos: dwm 6.1-6 and 6.1-7 in one, 5.8.2-2 in the other (several versions of a name). */
const KOJI: [string, string][] = [['repo_koji_01', sharedPath('createrepo_c', 'repo_koji_01')], ['repo_koji_02', sharedPath('createrepo_c', 'repo_koji_02')]];
const KOJI_CASES: [string, string[]][] = [
  ['every version', []],
  ['--latest-limit 1', ['--latest-limit', '1']],
  ['--latest-limit 2', ['--latest-limit', '2']],
  ['--latest-limit -1', ['--latest-limit=-1']],
  ['--latest-limit -2', ['--latest-limit=-2']],
  ['name-version glob', ['dwm-6*']],
  ['--qf', ['--qf', ALL_TAGS]],
];

describeWithData('goose-deps query equals dnf repoquery on several versions of a package', () => {
  for (const [label, args] of KOJI_CASES) {
    it(label, async () => {
      await same(KOJI, KOJI.flatMap(([, path]) => ['--repo', path]), args, label);
    });
  }
});

describe('goose-deps query: what differs from dnf on purpose, and bad input', () => {
  it('exits 1 with no output when nothing matches (dnf exits 0)', async () => {
    const r = await goose(['query', ...GOOSE_FLAGS, 'no-such-package']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
  });
  it('prints %{nevra} (a goose-deps tag: dnf 4.14 has none)', async () => {
    const r = await goose(['query', ...GOOSE_FLAGS, '--qf', '%{nevra}', 'make']);
    expect(r.stdout).toBe('make-1:4.4.1-2.goose1.src\nmake-1:4.4.1-2.goose1.x86_64\n');
  });
  it('gives --json as an array of package records sorted by NEVRA', async () => {
    const r = await goose(['query', ...GOOSE_FLAGS, '--json', 'make', 'bash.x86_64']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'bash', epoch: 0, version: '5.2.26', release: '1.goose1', arch: 'x86_64', evr: '5.2.26-1.goose1', nevra: 'bash-5.2.26-1.goose1.x86_64', repo: 'binary',
        sourcerpm: 'bash-5.2.26-1.goose1.src.rpm', location: 'Packages/bash-5.2.26-1.goose1.x86_64.rpm', summary: expect.any(String) },
      expect.objectContaining({ nevra: 'make-1:4.4.1-2.goose1.src', repo: 'source', sourcerpm: null }),
      expect.objectContaining({ nevra: 'make-1:4.4.1-2.goose1.x86_64', repo: 'binary', sourcerpm: 'make-4.4.1-2.goose1.src.rpm' }),
    ]);
  });
  it('gives --json dependency lists as sorted strings', async () => {
    const r = await goose(['query', ...GOOSE_FLAGS, '--json', '--provides', 'bash']);
    expect(JSON.parse(r.stdout)).toEqual(['/bin/bash', '/bin/sh', 'bash = 5.2.26-1.goose1', 'bash(x86-64) = 5.2.26-1.goose1']);
  });
  it('is byte-identical on repeated runs', async () => {
    const a = await goose(['query', ...GOOSE_FLAGS, '--whatrequires', 'glibc', '--qf', ALL_TAGS]);
    const b = await goose(['query', ...GOOSE_FLAGS, '--whatrequires', 'glibc', '--qf', ALL_TAGS]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(0);
  });
  it('exits 2 on an unknown --qf tag, --resolve alone, two lists at once, and a missing repository', async () => {
    expect(await goose(['query', ...GOOSE_FLAGS, '--qf', '%{nosuchtag}'])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('QUERYFORMAT_TAG') }));
    expect(await goose(['query', ...GOOSE_FLAGS, '--resolve'])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('--resolve needs') }));
    expect((await goose(['query', ...GOOSE_FLAGS, '--requires', '--provides'])).code).toBe(2);
    expect((await goose(['query', ...GOOSE_FLAGS, '--exactdeps'])).code).toBe(2);
    expect((await goose(['query', ...GOOSE_FLAGS, '--latest-limit', 'x'])).code).toBe(2);
    expect((await goose(['query'])).code).toBe(2);
    const missing = await goose(['query', '--repo', '/nonexistent/repo']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/REPO_NOT_FOUND.*\/nonexistent\/repo/);
  });
});

describeWithData('goose-deps query --srpm on bookworm (a binNMU has its own version)', () => {
  it('finds the source of bash 5.2.15-2+b13: bash 5.2.15-2', async () => {
    const B = sharedPath('bookworm-rpmmd');
    const r = await goose(['query', '--repo', join(B, 'binary'), '--srcrepo', join(B, 'source'), '--srpm', 'bash']);
    expect(r.stdout).toBe('bash-0:5.2.15-2.src\n');
    expect(r.code).toBe(0);
  }, 120_000);
});
