import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { decompress } from '../../src/repodata/compression.js';
import { readPrimarySqlite } from '../../src/repodata/sqlite.js';
import { useCliDecoders } from '../helpers/cli-decoders.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof GooseError ? e.code : `untyped: ${String(e)}`;
  }
  return undefined;
}

function repoFile(dir: string, suffix: string): string {
  return `${dir}/${readdirSync(dir).find((n) => n.endsWith(suffix))}`;
}

describeWithData('readPrimarySqlite', () => {
  // bz2 goes through the bzip2 tool until the WebAssembly module registers its decoder.
  let restore: () => void;
  beforeAll(() => {
    restore = useCliDecoders();
  });
  afterAll(() => restore());

  it('UnitedRPMs SRPMS: the sqlite database agrees with primary.xml.gz', async () => {
    const dir = sharedPath('fedora-srpms-unitedrpms', 'repodata');
    const f = repoFile(dir, '-primary.sqlite.bz2');
    const db = await readPrimarySqlite(decompress(readFileSync(f), { file: f }), { file: f });
    const xml = Buffer.from(decompress(readFileSync(repoFile(dir, '-primary.xml.gz')), { file: 'primary.xml.gz' })).toString();
    const xmlNames = [...xml.matchAll(/<name>([^<]*)<\/name>/g)].map((m) => m[1]).sort();
    const xmlRequires = [...xml.matchAll(/<rpm:requires>([\s\S]*?)<\/rpm:requires>/g)].reduce((n, m) => n + (m[1].match(/<rpm:entry /g) ?? []).length, 0);
    expect(db.dbVersion).toBe(10);
    // db_info.checksum names the primary.xml it was made from.
    expect(readdirSync(dir).some((n) => n.startsWith(`${db.checksum}-primary.xml`))).toBe(true);
    expect(db.packages.map((p) => p.name).sort()).toEqual(xmlNames);
    expect(db.packages.reduce((n, p) => n + p.requires.length, 0)).toBe(xmlRequires);
    expect(db.packages.every((p) => p.arch === 'src' && p.sourcerpm === '' && p.location.endsWith('.src.rpm'))).toBe(true);
    const a52 = db.packages.find((p) => p.name === 'a52dec');
    expect(a52).toMatchObject({ epoch: '0', version: '0.7.4', release: '19.fc24', checksum: { type: 'sha256' } });
    expect(a52?.requires).toContainEqual({ name: '/usr/bin/perl', flags: null, epoch: null, version: null, release: null, pre: false });
    const versioned = db.packages.flatMap((p) => p.requires).filter((d) => d.flags !== null);
    expect(versioned.length).toBeGreaterThan(0);
    expect(new Set(versioned.map((d) => d.flags))).toSatisfy((s: Set<string>) => [...s].every((x) => ['EQ', 'LT', 'LE', 'GT', 'GE'].includes(x)));
  });

  it("createrepo_c's primary database: primary files, provides and Requires(pre)", async () => {
    const f = repoFile(sharedPath('createrepo_c', 'repo_with_additional_metadata', 'repodata'), '-primary.sqlite.bz2');
    const db = await readPrimarySqlite(decompress(readFileSync(f), { file: f }), { file: f });
    expect(db.packages).toHaveLength(1);
    const [p] = db.packages;
    expect(p).toMatchObject({ name: 'fontconfig', arch: 'x86_64', sourcerpm: 'fontconfig-2.8.0-5.el6.src.rpm' });
    expect(p.files.length).toBeGreaterThan(10);
    expect(p.files.every((x) => ['file', 'dir', 'ghost'].includes(x.type))).toBe(true);
    expect(p.files.map((x) => x.name)).toEqual([...p.files.map((x) => x.name)].sort());
    expect(p.requires.find((d) => d.name === 'freetype')).toEqual({ name: 'freetype', flags: 'GE', epoch: '0', version: '2.1.4', release: null, pre: true });
    expect(p.provides.length).toBeGreaterThan(0);
  });

  it('rejects other databases, damaged ones and compressed bytes with typed errors', async () => {
    const other = sharedPath('createrepo_c', 'test_files', 'sqlite_file.sqlite');
    expect(await codeOf(readPrimarySqlite(readFileSync(other), { file: other }))).toBe('SQLITE_INVALID');
    const f = repoFile(sharedPath('fedora-srpms-unitedrpms', 'repodata'), '-primary.sqlite.bz2');
    expect(await codeOf(readPrimarySqlite(readFileSync(f), { file: f }))).toBe('SQLITE_CORRUPT');
    const good = Buffer.from(decompress(readFileSync(f), { file: f }));
    const damaged = Buffer.from(good);
    damaged.fill(0x5a, 100, damaged.length); // keep the header, destroy every page
    const err = await readPrimarySqlite(damaged, { file: 'damaged.sqlite' }).catch((e: unknown) => e as GooseError);
    expect((err as GooseError).code).toBe('SQLITE_CORRUPT');
    expect((err as GooseError).message).toMatch(/^damaged\.sqlite: /);
    expect(await codeOf(readPrimarySqlite(good.subarray(0, 4096), { file: 'cut.sqlite' }))).toMatch(/^SQLITE_(CORRUPT|INVALID)$/);
  });
});
