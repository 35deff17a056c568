/**
 * Reading a folder of packages: damaged files are collected as data, the rest still read, the
 * order is by path, `strict` throws the first problem.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { listRpmFiles, readRpmFolder } from '../../src/rpm/folder.js';
import { basicEntries, buildRpm } from '../helpers/rpm-synth.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-rpm-folder-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const repo = join(tmp, 'repo');
mkdirSync(join(repo, 'sub'), { recursive: true });
writeFileSync(join(repo, 'b-1-1.x86_64.rpm'), buildRpm({ main: basicEntries('b') }));
writeFileSync(join(repo, 'a-1-1.x86_64.rpm'), buildRpm({ main: basicEntries('a') }));
writeFileSync(join(repo, 'broken.rpm'), buildRpm({ main: basicEntries('broken') }).subarray(0, 150));
writeFileSync(join(repo, 'notes.txt'), 'not a package');
writeFileSync(join(repo, 'sub', 'c-1-1.src.rpm'), buildRpm({ main: basicEntries('c').slice(0, 4), leadType: 1 }));

describe('readRpmFolder', () => {
  it('reads the good files, collects the broken one, in path order', async () => {
    const { packages, errors } = await readRpmFolder(repo);
    expect(packages.map((p) => p.name)).toEqual(['a', 'b']);
    expect(errors).toEqual([{ file: join(repo, 'broken.rpm'), code: 'RPM_TRUNCATED', message: expect.stringMatching(/^.*broken\.rpm: /) }]);
  });

  it('descends into subfolders when asked', async () => {
    const { packages } = await readRpmFolder(repo, { recursive: true });
    expect(packages.map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(await listRpmFiles(repo, true)).toEqual(['a-1-1.x86_64.rpm', 'b-1-1.x86_64.rpm', 'broken.rpm', 'sub/c-1-1.src.rpm'].map((f) => join(repo, f)));
  });

  it('throws the first problem in strict mode', async () => {
    await expect(readRpmFolder(repo, { strict: true })).rejects.toMatchObject({ code: 'RPM_TRUNCATED', file: join(repo, 'broken.rpm') });
  });

  it('accepts a single file', async () => {
    const { packages, errors } = await readRpmFolder(join(repo, 'a-1-1.x86_64.rpm'));
    expect([packages.map((p) => p.name), errors]).toEqual([['a'], []]);
  });

  it('reports a missing folder as RPM_READ_FAILED', async () => {
    await expect(readRpmFolder(join(tmp, 'nope'))).rejects.toBeInstanceOf(GooseError);
    await expect(readRpmFolder(join(tmp, 'nope'))).rejects.toMatchObject({ code: 'RPM_READ_FAILED' });
  });
});

describeWithData('readRpmFolder on the shared data', () => {
  it('reads koschei-srpms: three source packages and the empty invalid.src.rpm as an error', async () => {
    const { packages, errors } = await readRpmFolder(sharedPath('rpms', 'koschei-srpms'));
    expect(packages.map((p) => `${p.name}.${p.arch}`)).toEqual(['aether.src', 'rnv.src', 'xpp3.src']);
    expect(errors.map((e) => [e.file.split('/').pop(), e.code])).toEqual([['invalid.src.rpm', 'RPM_TRUNCATED']]);
  });

  it('reads every package of the shared folder tree', async () => {
    const { packages, errors } = await readRpmFolder(sharedPath('rpms'), { recursive: true });
    expect(packages.length).toBe(45);
    expect(errors.map((e) => e.code)).toEqual(['RPM_TRUNCATED']);
  });
});
