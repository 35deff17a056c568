import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGroupPackages, findGroup, parseComps } from '../../src/repodata/comps.js';
import { useCliDecoders } from '../helpers/cli-decoders.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
import { codeOf } from '../helpers/errors.js';


const SMALL = `<?xml version="1.0"?>
<!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">
<comps>
  <group>
    <id>z-build</id>
    <name>Build</name><name xml:lang="de">Bauen</name>
    <default>false</default>
    <packagelist>
      <packagereq type="mandatory">bash</packagereq>
      <packagereq type="default">gcc</packagereq>
      <packagereq type="optional">emacs</packagereq>
      <packagereq type="conditional" requires="gimp">gimp-help</packagereq>
      <packagereq>make</packagereq>
      <packagereq type="default" arch="x86_64,aarch64">grub2</packagereq>
      <packagereq type="mandatory" basearchonly="true">bash</packagereq>
    </packagelist>
  </group>
  <group><_id>a-in</_id><_name>From .in</_name><packagelist><packagereq type="default">x</packagereq></packagelist></group>
  <environment><id>env</id><name>Env</name>
    <grouplist><groupid>z-build</groupid></grouplist><optionlist><groupid default="true">a-in</groupid></optionlist>
  </environment>
</comps>`;

describe('parseComps', () => {
  it('reads groups, levels, conditions, arch limits and environments, sorted by id', () => {
    const comps = parseComps(SMALL);
    expect(comps.groups.map((g) => g.id)).toEqual(['a-in', 'z-build']);
    const g = findGroup(comps, 'z-build');
    expect(g.name).toBe('Build');
    expect(g.default).toBe(false);
    expect(g.packages).toContainEqual({ name: 'gimp-help', type: 'conditional', requires: 'gimp' });
    expect(g.packages).toContainEqual({ name: 'make', type: 'mandatory' });
    expect(g.packages).toContainEqual({ name: 'grub2', type: 'default', arch: ['x86_64', 'aarch64'] });
    expect(comps.environments).toEqual([{ id: 'env', name: 'Env', groups: ['z-build'], options: ['a-in'] }]);
    expect(findGroup(comps, 'a-in').name).toBe('From .in');
  });

  it('buildGroupPackages = mandatory + default, sorted, unique, arch-filtered on request', () => {
    const comps = parseComps(SMALL);
    expect(buildGroupPackages(comps, 'z-build')).toEqual(['bash', 'gcc', 'grub2', 'make']);
    expect(buildGroupPackages(comps, 'z-build', { arch: 'ppc64le' })).toEqual(['bash', 'gcc', 'make']);
    expect(codeOf(() => buildGroupPackages(comps, 'nope'))).toBe('COMPS_GROUP_NOT_FOUND');
  });

  it('takes gzip bytes, and rejects bad input with typed errors', () => {
    expect(parseComps(gzipSync(Buffer.from(SMALL)), { file: 'c.xml.gz' }).groups).toHaveLength(2);
    expect(codeOf(() => parseComps('<repomd/>'))).toBe('COMPS_INVALID');
    expect(codeOf(() => parseComps('<comps><group><name>x</name></group></comps>'))).toBe('COMPS_INVALID');
    expect(codeOf(() => parseComps('<comps><group><id>g</id><packagelist><packagereq type="weird">x</packagereq></packagelist></group></comps>'))).toBe('COMPS_INVALID');
    expect(codeOf(() => parseComps('<!DOCTYPE comps [<!ENTITY x "y">]><comps/>'))).toBe('XML_FORBIDDEN');
    expect(codeOf(() => parseComps(gzipSync(Buffer.from(SMALL)), { maxBytes: 100 }))).toBe('DECOMPRESSION_TOO_LARGE');
  });
});

describeWithData('parseComps on real comps', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = useCliDecoders();
  });
  afterAll(() => restore());

  it('Fedora 25 koji example: 191 groups, buildsys-build has 24 packages', () => {
    const f = sharedPath('buildgroups', 'fedora-comps-f25-koji-example.xml');
    const comps = parseComps(readFileSync(f), { file: f });
    expect(comps.groups).toHaveLength(191);
    const build = buildGroupPackages(comps, 'buildsys-build');
    expect(build).toHaveLength(24);
    expect(build).toContain('rpm-build');
    expect(build).toContain('redhat-rpm-config');
    expect(findGroup(comps, 'buildsys-build').name).toBe('Buildsystem building group');
    expect(comps.environments.length).toBeGreaterThan(10);
  });

  for (const name of readdirSync(sharedPath('buildgroups', 'fedora-comps')).filter((n) => n.endsWith('.xml.in')).sort()) {
    it(`fedora-comps ${name} (.xml.in with _name elements)`, () => {
      const f = sharedPath('buildgroups', 'fedora-comps', name);
      const text = readFileSync(f, 'utf8').replace(/<!--[\s\S]*?-->/g, ''); // some packagereqs are commented out
      const comps = parseComps(readFileSync(f), { file: f });
      expect(comps.groups.length).toBe((text.match(/<group>/g) ?? []).length);
      expect(comps.groups.reduce((n, g) => n + g.packages.length, 0)).toBe((text.match(/<packagereq[ >]/g) ?? []).length);
      expect(comps.groups.every((g) => g.name.length > 0 && !g.name.startsWith('<'))).toBe(true);
      if (name.startsWith('comps-f')) expect(buildGroupPackages(comps, 'buildsys-build').length).toBeGreaterThan(10);
    });
  }

  it('createrepo_c comps-f19 plain, gz, xz and bz2 give the same groups', () => {
    const dir = sharedPath('createrepo_c', 'other_metadata');
    const files = readdirSync(dir).filter((n) => n.includes('comps-f19')).sort();
    expect(files).toHaveLength(5);
    const parsed = files.map((n) => parseComps(readFileSync(`${dir}/${n}`), { file: n }));
    for (const c of parsed) expect(c).toEqual(parsed[0]);
    expect(parsed[0].groups.length).toBe(1);
  });

  it('createrepo_c comps_00, koschei f25 build tag, CentOS Stream 9 AppStream and BaseOS', () => {
    expect(parseComps(readFileSync(sharedPath('createrepo_c', 'comps_files', 'comps_00.xml'))).groups).toHaveLength(1);
    const koschei = parseComps(readFileSync(sharedPath('koschei-repos', 'primary-f25-build-123', 'repodata', 'comps.xml')));
    expect(koschei.groups.map((g) => g.id)).toContain('build');
    expect(buildGroupPackages(koschei, 'build')).toContain('rpm-build');
    const dir = sharedPath('centos-stream-9', 'appstream', 'repodata');
    const appstream = readdirSync(dir).find((n) => n.endsWith('comps-AppStream.x86_64.xml')) as string;
    expect(parseComps(readFileSync(`${dir}/${appstream}`)).groups).toHaveLength(63);
    expect(parseComps(readFileSync(sharedPath('centos-stream-9', 'appstream', 'comps-BaseOS.x86_64.HEAD.xml'))).groups).toHaveLength(34);
    const baseosDir = sharedPath('centos-stream-9', 'baseos-2022', 'repodata');
    const baseos = readdirSync(baseosDir).find((n) => n.includes('comps-BaseOS')) as string;
    expect(parseComps(readFileSync(`${baseosDir}/${baseos}`)).groups.length).toBeGreaterThan(20);
  });
});
