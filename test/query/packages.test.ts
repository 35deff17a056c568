/**
 * PackageSet.all (PackageIds): the packages as a read-only set of ids behaves as `new Set(ids)`
 * would (size, membership, order of every iteration), on the fixture distribution with one
 * package excluded. PackageSet's strings: read when first asked for, the same either way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
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

describe('PackageSet strings', () => {
  it('reads none until asked, then gives each package the strings the pool has, whichever way they were read', () => {
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const repo = pool.addRepo('fixture');
      repo.addRpmmd(readFileSync(join(repodata, readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!)), { file: 'primary.xml.gz' });
      const many = vi.spyOn(Pool.prototype, 'id2strMany');
      const one = vi.spyOn(Pool.prototype, 'id2str');
      const set = new PackageSet(pool);
      expect(set.ids.length).toBeGreaterThan(50);
      expect([many.mock.calls.length, one.mock.calls.length]).toEqual([0, 0]);
      const expected = (p: number) => {
        const s = pool.solvable(p);
        return `${s.name} ${s.evr} ${s.arch}`;
      };
      const line = (info: { name: string; evr: string; arch: string }) => `${info.name} ${info.evr} ${info.arch}`;
      // One package on its own (strings one by one), then every name at once, then the whole list.
      const first = set.ids[3];
      expect(line(set.get(first)!)).toBe(expected(first));
      expect(many.mock.calls.length).toBe(0);
      expect(set.nameOf(set.ids[5])).toBe(pool.solvable(set.ids[5]).name);
      expect(many.mock.calls.length).toBe(1);
      expect(set.list.map(line)).toEqual(Array.from(set.ids, expected));
      expect(set.list[3]).toBe(set.get(first));
      vi.restoreAllMocks();
      for (const p of set.ids) expect(set.stringIdBound).toBeGreaterThan(set.nameIdOf(p));
    } finally {
      vi.restoreAllMocks();
      pool.free();
    }
  });
});
