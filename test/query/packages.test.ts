/**
 * PackageSet.all (PackageIds): the packages as a read-only set of ids behaves as `new Set(ids)`
 * would (size, membership, order of every iteration), on the fixture distribution with one
 * package excluded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pool } from '../../src/solv/index.js';
import { PackageSet } from '../../src/query/packages.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const repodata = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata');

describe('PackageSet.all', () => {
  it('is the set of the package ids, in id order', () => {
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const repo = pool.addRepo('fixture');
      repo.addRpmmd(readFileSync(join(repodata, readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!)), { file: 'primary.xml.gz' });
      const solvables = [...repo.solvables()].map((s) => s.id);
      pool.setExcluded([solvables[1]]);
      pool.createWhatProvides();
      const set = new PackageSet(pool);
      const all = set.all;
      const want = new Set(set.ids);
      expect(want.has(solvables[1])).toBe(false);
      expect(all.size).toBe(want.size);
      expect([...all]).toEqual([...want]);
      expect([...all.keys()]).toEqual([...want.keys()]);
      expect([...all.values()]).toEqual([...want.values()]);
      expect([...all.entries()]).toEqual([...want.entries()]);
      const seen: number[] = [];
      all.forEach((v, k, s) => {
        expect(k).toBe(v);
        expect(s).toBe(all);
        seen.push(v);
      });
      expect(seen).toEqual([...want]);
      for (const id of [0, 1, ...solvables, pool.nsolvables + 5]) expect(all.has(id)).toBe(want.has(id));
      expect(set.all).toBe(all);
    } finally {
      pool.free();
    }
  });
});
