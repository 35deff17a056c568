import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { findRecord, parseRepomd, safeRelativePath, selectRecords } from '../../src/repodata/repomd.js';
import { describeWithData, SHARED_DATA, sharedPath } from '../helpers/shared-data.js';
import { codeOf } from '../helpers/errors.js';


function findRepomds(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findRepomds(p));
    else if (name === 'repomd.xml' || name.endsWith('repomd.HEAD.xml')) out.push(p);
  }
  return out;
}

const record = (href: string): string =>
  `<repomd xmlns="http://linux.duke.edu/metadata/repo"><data type="primary"><location href="${href}"/></data></repomd>`;

describe('parseRepomd', () => {
  it('reads a full record', () => {
    const md = parseRepomd(`<?xml version="1.0"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
  <revision>9-stream</revision>
  <tags><distro cpeid="cpe:/o:x">X</distro><content>binary-x86_64</content></tags>
  <data type="primary_db">
    <checksum type="SHA">ABCDEF</checksum>
    <open-checksum type="sha256">0123</open-checksum>
    <location href="./repodata//p.sqlite.xz"/>
    <timestamp>1736761573.25</timestamp>
    <size>6612356</size>
    <open-size>53440512</open-size>
    <database_version>10</database_version>
  </data>
</repomd>`);
    expect(md).toEqual({
      revision: '9-stream',
      tags: { content: ['binary-x86_64'], repo: [], distro: [{ cpeid: 'cpe:/o:x', value: 'X' }] },
      records: [
        {
          type: 'primary_db',
          location: 'repodata/p.sqlite.xz',
          checksum: { type: 'sha1', value: 'abcdef' },
          openChecksum: { type: 'sha256', value: '0123' },
          timestamp: 1736761573,
          size: 6612356,
          openSize: 53440512,
          databaseVersion: 10,
        },
      ],
    });
  });

  it('rejects locations that leave the repository', () => {
    for (const href of ['../etc/passwd', 'repodata/../../x', '/etc/passwd', 'http://evil/x', 'file:///etc/passwd', 'C:/x', 'a\\..\\..\\b', 'repodata/%2e%2e/%2e%2e/x', '.', 'a\u0000b']) {
      expect(codeOf(() => parseRepomd(record(href.replace(/\u0000/, '&#1;'))))).toBe('REPOMD_UNSAFE_LOCATION');
    }
    expect(safeRelativePath('repodata/x/../primary.xml.gz')).toBe('repodata/primary.xml.gz');
  });

  it('rejects a DOCTYPE, entities, a wrong root and oversized input', () => {
    expect(codeOf(() => parseRepomd('<!DOCTYPE repomd>\n<repomd/>'))).toBe('XML_FORBIDDEN');
    expect(codeOf(() => parseRepomd('<!DOCTYPE r [<!ENTITY a "b">]><repomd>&a;</repomd>'))).toBe('XML_FORBIDDEN');
    expect(codeOf(() => parseRepomd('<metalink/>'))).toBe('REPOMD_INVALID');
    expect(codeOf(() => parseRepomd('<repomd>' + ' '.repeat(5 * 1024 * 1024) + '</repomd>'))).toBe('XML_TOO_LARGE');
    expect(codeOf(() => parseRepomd('<repomd><data type="x"/></repomd>'))).toBe('REPOMD_INVALID');
    expect(codeOf(() => parseRepomd('<repomd><data type="x"><location href="a"/><size>1e9</size></data></repomd>'))).toBe('REPOMD_INVALID');
  });
});

describeWithData('parseRepomd on every repomd.xml in ../shared/data', () => {
  const files = findRepomds(SHARED_DATA);
  it('finds them', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  for (const f of files) {
    const rel = relative(SHARED_DATA, f);
    if (rel.includes('missing_type')) continue;
    it(rel, () => {
      const md = parseRepomd(readFileSync(f), f);
      expect(md.records.length).toBeGreaterThan(0);
      expect(findRecord(md, 'primary')).toBeDefined();
      for (const r of md.records) {
        expect(r.location).toMatch(/^[^/].*[^/]$/);
        expect(r.location.split('/')).not.toContain('..');
        if (r.checksum) expect(r.checksum.value).toMatch(/^[0-9a-f]{32,128}$/);
      }
      // The shared copies keep primary (some drop other/sqlite files); createrepo_c's test files were
      // recompressed after their repomd was written, so sizes are not compared.
      if (!rel.endsWith('HEAD.xml')) {
        const primary = findRecord(md, 'primary');
        expect(statSync(join(f, '..', '..', primary?.location ?? '')).isFile()).toBe(true);
      }
    });
  }

  it('the CentOS Stream 9 AppStream selection', () => {
    const md = parseRepomd(readFileSync(sharedPath('centos-stream-9', 'appstream', 'repodata', 'repomd.xml')));
    const sel = selectRecords(md);
    expect(md.revision).toBe('9-stream');
    expect(md.tags.distro).toEqual([{ cpeid: 'cpe:/o:centos-stream:centos-stream:9', value: 'CentOS Stream 9' }]);
    expect(sel.primary?.location).toBe('repodata/c03bb2ebc33bbee3046da091b45d90717273a43d3641a9d84e6eede05637bc8a-primary.xml.gz');
    expect(sel.primary?.openSize).toBe(51840420);
    expect(sel.group?.type).toBe('group');
    expect(sel.modules?.location).toMatch(/modules\.yaml\.xz$/);
    expect(sel.primaryDb?.databaseVersion).toBe(10);
  });

  it('createrepo_c repo_with_additional_metadata never picks a zchunk variant', () => {
    const md = parseRepomd(readFileSync(sharedPath('createrepo_c', 'repo_with_additional_metadata', 'repodata', 'repomd.xml')));
    const sel = selectRecords(md);
    expect(Object.values(sel).every((r) => !r.location.endsWith('.zck'))).toBe(true);
    expect(sel.group?.type).toBe('group_gz');
    expect(md.records.some((r) => r.type === 'primary_zck')).toBe(true);
  });

  it('a <data> without a type is REPOMD_INVALID with its line', () => {
    const f = sharedPath('createrepo_c', 'modified_repo_files', 'missing_type-repomd.xml');
    try {
      parseRepomd(readFileSync(f), f);
      expect.unreachable();
    } catch (e) {
      expect((e as GooseError).code).toBe('REPOMD_INVALID');
      expect((e as GooseError).line).toBe(12);
    }
  });
});
