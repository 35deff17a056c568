import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { parseDnfConf, parseRepoFile, substituteVars } from '../../src/repodata/repofile.js';
import { parseSetopt } from '../../src/repodata/network.js';

function where(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof GooseError ? `${e.code}@${e.line}` : `untyped: ${String(e)}`;
  }
  return undefined;
}

const FEDORA = `# fedora.repo as shipped
[main]
gpgcheck=1

[fedora]
name=Fedora $releasever - $basearch
#baseurl=http://download.example/pub/fedora/linux/releases/$releasever/Everything/$basearch/os/
metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch
enabled=1
countme=1
metadata_expire=7d
repo_gpgcheck=0
type=rpm
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch
skip_if_unavailable=False

[fedora-source]
name = Fedora $releasever - Source
baseurl = http://a.example/\${releasever}/source/ , http://b.example/$releasever/source/
   http://c.example/$releasever/src/
enabled = 0
exclude = kernel* glibc,
  foo
includepkgs=bar*
priority = 10
cost=500
module_hotfixes=true

[el-$releasever_major]
mirrorlist=http://mirrorlist.example/?release=$releasever_major&arch=$arch
`;

describe('parseRepoFile', () => {
  it('reads sections, lists, continuation lines and variables', () => {
    const repos = parseRepoFile(FEDORA, { file: 'fedora.repo', vars: { releasever: '41', basearch: 'x86_64', releasever_major: '9' } });
    expect(repos.map((r) => r.id)).toEqual(['fedora', 'fedora-source', 'el-9']);
    expect(repos[0]).toEqual({
      id: 'fedora',
      name: 'Fedora 41 - x86_64',
      baseurls: [],
      metalink: 'https://mirrors.fedoraproject.org/metalink?repo=fedora-41&arch=x86_64',
      enabled: true,
      exclude: [],
      includepkgs: [],
      priority: 99,
      cost: 1000,
      moduleHotfixes: false,
      network: { sslverify: true, origin: '[fedora] of fedora.repo' },
      source: { file: 'fedora.repo', line: 5 },
    });
    expect(repos[1].baseurls).toEqual(['http://a.example/41/source/', 'http://b.example/41/source/', 'http://c.example/41/src/']);
    expect(repos[1]).toMatchObject({ enabled: false, exclude: ['kernel*', 'glibc', 'foo'], includepkgs: ['bar*'], priority: 10, cost: 500, moduleHotfixes: true });
    expect(repos[2].mirrorlist).toBe('http://mirrorlist.example/?release=9&arch=x86_64');
  });

  it('leaves unknown variables as written; a bare name takes every name character', () => {
    expect(substituteVars('$basearch/$unknown/${x}', { basearch: 'aarch64' })).toBe('aarch64/$unknown/${x}');
    expect(substituteVars('$releasever_major', { releasever: '9', releasever_major: '9m' })).toBe('9m');
    // As dnf: $releasever_minor is derived from $releasever (empty without a dot).
    expect(substituteVars('$releasever_minor-${releasever}x', { releasever: '9' })).toBe('-9x');
  });

  it('reports syntax errors with file and line', () => {
    expect(where(() => parseRepoFile('name=x\n[a]\nbaseurl=u'))).toBe('REPOFILE_SYNTAX@1');
    expect(where(() => parseRepoFile('[a]\nbaseurl=u\nthis is not a pair\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(where(() => parseRepoFile('[a]\nbaseurl=u\n[a]\nbaseurl=v\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(where(() => parseRepoFile('[a b]\nbaseurl=u\n'))).toBe('REPOFILE_SYNTAX@1');
    expect(where(() => parseRepoFile('[a]\nbaseurl=u\nenabled=maybe\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(where(() => parseRepoFile('[a]\nbaseurl=u\npriority=high\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(where(() => parseRepoFile('\n[a]\nname=no location\n'))).toBe('REPOFILE_INVALID@2');
    expect(() => parseRepoFile('[a]\n=x\n', { file: 'my.repo' })).toThrow(/^my\.repo:2: /);
    // A malformed line is quoted, but not a password on it.
    expect(() => parseRepoFile('[a]\nbaseurl=u\npassword hunter2\n')).toThrow(/found 'password \.\.\.'$/);
    expect(() => parseRepoFile('[a]\nbaseurl=u\nproxy http://u:hunter2@p/\n')).toThrow(/found 'proxy http:\/\/u:\*\*\*@p\/'$/);
  });

  it('accepts CRLF, a BOM, ; comments and an empty file', () => {
    expect(parseRepoFile('\uFEFF; c\r\n[a]\r\nbaseurl=file:///r\r\n')[0].baseurls).toEqual(['file:///r']);
    expect(parseRepoFile('')).toEqual([]);
  });

  it('an unset variable in a URL of an enabled repository is an error naming it, the file, the line and the section', () => {
    const text = '[on]\nname=On $releasever\nbaseurl=http://m.example/$stream/$basearch/\n\n[off]\nenabled=0\nbaseurl=http://m.example/$nothing/\n';
    let err: unknown;
    try {
      parseRepoFile(text, { file: 'c9s.repo', vars: { basearch: 'x86_64' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GooseError);
    expect((err as GooseError).code).toBe('REPO_UNSET_VARIABLE');
    expect((err as GooseError).message).toBe('c9s.repo:3: baseurl of [on] uses $stream, which is not set: give --setvar stream=VALUE or a file stream in a --varsdir folder');
    const repos = parseRepoFile(text, { file: 'c9s.repo', vars: { basearch: 'x86_64', stream: '9-stream' } });
    expect(repos.map((r) => [r.id, r.baseurls, r.enabled])).toEqual([
      ['on', ['http://m.example/9-stream/x86_64/'], true],
      ['off', ['http://m.example/$nothing/'], false], // disabled: not checked, as nothing reads it
    ]);
    expect(where(() => parseRepoFile('[a]\nmetalink=https://m.example/?repo=fedora-$releasever\n'))).toBe('REPO_UNSET_VARIABLE@2');
    expect(() => parseRepoFile('[a]\nmirrorlist=https://m.example/?r=$releasever\n')).toThrow(/give --releasever VALUE/);
    // The name may keep an unset variable, as dnf shows it.
    expect(parseRepoFile('[a]\nname=A $foo\nbaseurl=http://x/\n')[0].name).toBe('A $foo');
  });

  it("reads the network keys, dnf's precedence: REPOID.KEY setopt, the section, KEY setopt, dnf.conf [main]", () => {
    const main = parseDnfConf('[main]\ngpgcheck=1\nproxy=http://main-proxy:3128\nsslverify=0\ntimeout=20\n\n[repo-in-dnf-conf]\nbaseurl=http://x/\n', '/etc/dnf/dnf.conf');
    expect([...main.keys()]).toEqual(['gpgcheck', 'proxy', 'sslverify', 'timeout']);
    const text = '[a]\nbaseurl=http://a/\nproxy=http://a-proxy:8080\nproxy_username=pu\nproxy_password=pp\nsslcacert=/etc/pki/a.pem\nsslclientcert=certs/a.crt\nsslclientkey=/k/a.key\nusername=u\npassword=p\nretries=2\n\n[b]\nbaseurl=http://b/\nproxy=_none_\n\n[c]\nbaseurl=http://c/\n';
    const setopt = ['timeout=5', 'c.sslverify=1', '*.retries=7', 'a.proxy=http://forced:1'].map(parseSetopt);
    const [a, b, c] = parseRepoFile(text, { file: 'n.repo', cwd: '/work', network: { main, setopt } });
    expect({ ...a.network }).toEqual({
      proxy: 'http://forced:1', proxyUsername: 'pu', proxyPassword: 'pp', sslcacert: '/etc/pki/a.pem', sslclientcert: '/work/certs/a.crt', sslclientkey: '/k/a.key',
      sslverify: false, username: 'u', password: 'p', timeoutMs: 5000, retries: 7, origin: '[a] of n.repo',
    });
    expect(b.network).toMatchObject({ proxy: 'none', sslverify: false, timeoutMs: 5000, retries: 7 });
    expect(c.network).toMatchObject({ proxy: 'http://main-proxy:3128', sslverify: true, timeoutMs: 5000 });
    // Secrets stay out of JSON and of util.inspect.
    expect(JSON.stringify(a)).not.toMatch(/"pp"|"p"/);
    expect(JSON.stringify(a.network)).toMatch(/"password":"\*\*\*"/);
  });

  it('rejects network values of the wrong form, naming where they were written and hiding passwords', () => {
    expect(where(() => parseRepoFile('[a]\nbaseurl=http://a/\nsslverify=perhaps\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(where(() => parseRepoFile('[a]\nbaseurl=http://a/\n\ntimeout=soon\n'))).toBe('REPOFILE_SYNTAX@4');
    expect(where(() => parseRepoFile('[a]\nbaseurl=http://a/\nretries=-1\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(where(() => parseRepoFile('[a]\nbaseurl=http://a/\nproxy_auth_method=ntlm\n'))).toBe('REPOFILE_SYNTAX@3');
    expect(() => parseRepoFile('[a]\nbaseurl=http://a/\n', { network: { setopt: [parseSetopt('timeout=0')] } })).toThrow(/^--setopt timeout: timeout=0 \([[]a\] of \.repo file\) is not a number of seconds/);
    expect(parseRepoFile('[a]\nbaseurl=http://a/\ntimeout=1.5\n[b]\nbaseurl=http://b/\ntimeout=2m\n').map((r) => r.network.timeoutMs)).toEqual([1500, 120_000]);
  });
});
