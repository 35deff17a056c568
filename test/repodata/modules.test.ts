import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatNevra, moduleFilter, parseModulesYaml, parseNevra } from '../../src/repodata/modules.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
import { codeOf } from '../helpers/errors.js';


const YAML = `---
document: modulemd-defaults
version: 1
data:
  module: py
  stream: 3.10
  profiles:
    3.10: [common]
...
---
document: modulemd
version: 2
data:
  name: py
  stream: 3.10
  version: 920240126110506123
  context: c1
  arch: x86_64
  profiles:
    common:
      rpms: [python3]
  artifacts:
    rpms:
    - python3-0:3.10.1-1.module+el9.src
    - python3-0:3.10.1-1.module+el9.x86_64
    - python3-libs-3.10.1-1.module+el9.x86_64
...
---
document: modulemd
version: 2
data:
  name: py
  stream: 3.9
  version: 1
  context: c1
  artifacts:
    rpms:
    - python3-0:3.9.2-1.module+el9.x86_64
...
---
document: modulemd-obsoletes
version: 1
data:
  module: py
...
`;

describe('parseNevra', () => {
  it('splits names with dashes, optional epochs and odd releases', () => {
    expect(parseNevra('mariadb-server-3:10.11.6-1.module_el9+853+7b957b9b.x86_64')).toEqual({
      name: 'mariadb-server', epoch: '3', version: '10.11.6', release: '1.module_el9+853+7b957b9b', arch: 'x86_64',
    });
    expect(formatNevra(parseNevra('python3-libs-3.10.1-1.el9.noarch'))).toBe('python3-libs-0:3.10.1-1.el9.noarch');
    expect(codeOf(() => parseNevra('nonsense'))).toBe('MODULES_INVALID');
  });
});

describe('parseModulesYaml and moduleFilter', () => {
  it('keeps streams as strings (3.10 is not 3.1) and long versions exact', () => {
    const idx = parseModulesYaml(YAML);
    expect(idx.defaults.py).toEqual({ module: 'py', stream: '3.10', profiles: { '3.10': ['common'] } });
    expect(idx.builds.map((b) => `${b.name}:${b.stream}:${b.version}`)).toEqual(['py:3.10:920240126110506123', 'py:3.9:1']);
    expect(idx.builds[0].profiles).toEqual({ common: ['python3'] });
  });

  it('excludes the non-default stream and masks the default stream names', () => {
    const f = moduleFilter(parseModulesYaml(YAML));
    expect(f.active).toEqual(['py:3.10']);
    expect(f.excluded).toEqual(['python3-0:3.9.2-1.module+el9.x86_64']);
    expect(f.maskedNames).toEqual(['python3', 'python3-libs']);
    expect(f.modular).toHaveLength(4);
  });

  it('enabling a stream swaps what is hidden; disabling hides all; bad specs are typed errors', () => {
    const idx = parseModulesYaml(YAML);
    const f = moduleFilter(idx, { enable: ['py:3.9'] });
    expect(f.active).toEqual(['py:3.9']);
    expect(f.excluded).toHaveLength(3);
    expect(f.maskedNames).toEqual(['python3']);
    expect(moduleFilter(idx, { disable: ['py'] }).excluded).toHaveLength(4);
    expect(codeOf(() => moduleFilter(idx, { enable: ['py'] }))).toBe('MODULE_SPEC_INVALID');
    expect(() => moduleFilter(idx, { enable: ['py:4'] })).toThrow(/streams of py: 3.10, 3.9/);
  });

  it("reads libyaml's multi-line quoted scalars that close at column 0", () => {
    const text = "---\ndocument: modulemd\ndata:\n  name: s\n  stream: m\n  components:\n    rpms:\n      s:\n        rationale: 'Daemon that\n          manages.\n\n'\n        ref: master\n  artifacts:\n    rpms: [s-0:1-1.x86_64]\n...\n";
    expect(parseModulesYaml(text).builds[0].artifacts).toEqual(['s-0:1-1.x86_64']);
  });

  it('refuses an alias bomb and broken YAML with MODULES_INVALID', () => {
    const bomb = `---\ndocument: modulemd\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n  name: x\n  stream: y\n`;
    expect(codeOf(() => parseModulesYaml(bomb))).toBe('MODULES_INVALID');
    expect(codeOf(() => parseModulesYaml('---\ndocument: modulemd\ndata: [unclosed\n'))).toBe('MODULES_INVALID');
    expect(codeOf(() => parseModulesYaml('---\ndocument: modulemd\ndata:\n  name: x\n'))).toBe('MODULES_INVALID');
    expect(codeOf(() => parseModulesYaml('---\ndocument: modulemd\ndata:\n  name: x\n  stream: s\n  artifacts:\n    rpms: [bad]\n'))).toBe('MODULES_INVALID');
  });
});

describeWithData('modules.yaml of real repositories', () => {
  // The xz file is decompressed with the xz tool until the WebAssembly module registers its decoder.
  const xzText = (dir: string): string => {
    const name = readdirSync(dir).find((n) => n.endsWith('modules.yaml.xz')) as string;
    return execFileSync('xz', ['-dc', `${dir}/${name}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  };

  it('CentOS Stream 9 AppStream: no default streams, so every modular rpm is hidden', () => {
    const idx = parseModulesYaml(xzText(sharedPath('centos-stream-9', 'appstream', 'repodata')));
    expect(idx.builds).toHaveLength(31);
    expect(Object.keys(idx.defaults).sort()).toEqual(['mariadb', 'maven', 'nginx', 'nodejs', 'php', 'postgresql', 'redis', 'ruby']);
    expect(Object.values(idx.defaults).every((d) => d.stream === undefined)).toBe(true);
    const f = moduleFilter(idx);
    expect(f.active).toEqual([]);
    expect(f.excluded).toEqual(f.modular);
    expect(f.excluded.length).toBeGreaterThan(500);
    expect(f.excluded).toContain('mariadb-3:10.11.6-1.module_el9+853+7b957b9b.x86_64');
  });

  it('CentOS Stream 9 AppStream with nodejs:20 enabled', () => {
    const idx = parseModulesYaml(xzText(sharedPath('centos-stream-9', 'appstream', 'repodata')));
    const f = moduleFilter(idx, { enable: ['nodejs:20'] });
    expect(f.active).toEqual(['nodejs:20']);
    expect(f.maskedNames).toContain('nodejs');
    const node20 = idx.builds.filter((b) => b.name === 'nodejs' && b.stream === '20').flatMap((b) => b.artifacts);
    expect(node20.length).toBeGreaterThan(0);
    for (const a of node20) expect(f.excluded).not.toContain(formatNevra(parseNevra(a)));
    expect(f.excluded.length).toBe(f.modular.length - new Set(node20.map((a) => formatNevra(parseNevra(a)))).size);
    expect(f.excluded.some((n) => n.startsWith('nodejs-1:18.'))).toBe(true);
  });

  it('createrepo_c repo_03 (xz) has testmodule:master as default; the gzip one parses without help', () => {
    const f = moduleFilter(parseModulesYaml(xzText(sharedPath('createrepo_c', 'repo_03', 'repodata'))));
    expect(f.active).toEqual(['testmodule:master']);
    const dir = sharedPath('createrepo_c', 'repo_with_additional_metadata', 'repodata');
    const gz = readdirSync(dir).find((n) => n.endsWith('modules.yaml.gz')) as string;
    const idx = parseModulesYaml(readFileSync(`${dir}/${gz}`), { file: gz });
    expect(idx.builds.map((b) => `${b.name}:${b.stream}`)).toEqual(expect.arrayContaining(['testmodule:master', 'swig:3.0']));
    expect(moduleFilter(idx).excluded).toContain('swig-0:3.0.12-22.module_2495+ac095b5b.x86_64');
  });
});
