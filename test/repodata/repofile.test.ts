import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { parseRepoFile, substituteVars } from '../../src/repodata/repofile.js';

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
      source: { file: 'fedora.repo', line: 5 },
    });
    expect(repos[1].baseurls).toEqual(['http://a.example/41/source/', 'http://b.example/41/source/', 'http://c.example/41/src/']);
    expect(repos[1]).toMatchObject({ enabled: false, exclude: ['kernel*', 'glibc', 'foo'], includepkgs: ['bar*'], priority: 10, cost: 500, moduleHotfixes: true });
    expect(repos[2].mirrorlist).toBe('http://mirrorlist.example/?release=9&arch=x86_64');
  });

  it('leaves unknown variables as written; a bare name takes every name character', () => {
    expect(substituteVars('$basearch/$unknown/${x}', { basearch: 'aarch64' })).toBe('aarch64/$unknown/${x}');
    expect(substituteVars('$releasever_major', { releasever: '9', releasever_major: '9m' })).toBe('9m');
    expect(substituteVars('$releasever_minor-${releasever}x', { releasever: '9' })).toBe('$releasever_minor-9x');
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
  });

  it('accepts CRLF, a BOM, ; comments and an empty file', () => {
    expect(parseRepoFile('\uFEFF; c\r\n[a]\r\nbaseurl=file:///r\r\n')[0].baseurls).toEqual(['file:///r']);
    expect(parseRepoFile('')).toEqual([]);
  });
});
