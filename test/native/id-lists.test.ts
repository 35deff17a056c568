/**
 * The bulk reads (Pool.depIdsMany, Pool.whatProvidesMany: one glue call for
 * many lists) give exactly what the one-at-a-time reads give, and leave nothing allocated.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libsolv } from '../../src/native/index.js';
import { Pool, type DepKind, type DepPart } from '../../src/solv/index.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const repodata = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata');
const primary = readFileSync(join(repodata, readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!));

/** The fixture repository in a finished pool, with its solvable ids in a scrambled order and one repeated. */
function fixture(): { pool: Pool; ids: number[] } {
  const pool = new Pool({ arch: 'x86_64' });
  const repo = pool.addRepo('fixture');
  repo.addRpmmd(primary, { file: 'primary.xml.gz' });
  pool.addFileProvides();
  pool.createWhatProvides();
  const ids = [...repo.solvables()].map((s) => s.id).reverse();
  return { pool, ids: [...ids, ids[0]] };
}

describe('bulk id lists', () => {
  it('depIdsMany equals depIds of each solvable, for every kind and part', () => {
    const { pool, ids } = fixture();
    try {
      for (const kind of ['requires', 'provides', 'conflicts', 'obsoletes', 'recommends'] as DepKind[]) {
        for (const part of ['all', 'plain', 'pre'] as DepPart[]) {
          const { starts, ids: deps } = pool.depIdsMany(ids, kind, part);
          expect(starts).toHaveLength(ids.length + 1);
          const got = ids.map((_, k) => [...deps.subarray(starts[k], starts[k + 1])]);
          expect(got).toEqual(ids.map((p) => [...pool.solvable(p).depIds(kind, part)]));
        }
      }
      // Something to compare: the fixture's packages have requires, some Requires(pre).
      expect(pool.depIdsMany(ids, 'requires').ids.length).toBeGreaterThan(ids.length);
      expect(pool.depIdsMany(ids, 'requires', 'pre').ids.length).toBeGreaterThan(0);
    } finally {
      pool.free();
    }
  });

  it('whatProvidesMany equals whatProvidesIds of each dependency (none, one and many providers)', () => {
    const { pool, ids } = fixture();
    try {
      const deps = [...new Set(pool.depIdsMany(ids, 'requires').ids), pool.parseDep('nothing-provides-this').id];
      const { starts, ids: provs } = pool.whatProvidesMany(deps);
      const got = deps.map((_, k) => [...provs.subarray(starts[k], starts[k + 1])]);
      const want = deps.map((d) => [...pool.whatProvidesIds(d)]);
      expect(got).toEqual(want);
      expect(want.some((w) => w.length === 0)).toBe(true);
      expect(want.some((w) => w.length > 1)).toBe(true);
      expect(pool.whatProvidesMany([])).toEqual({ starts: new Int32Array(1), ids: new Int32Array(0) });
    } finally {
      pool.free();
    }
  });

  it('leaves nothing allocated', () => {
    const inUse = () => libsolv()._gd_heap_in_use();
    const { pool, ids } = fixture();
    try {
      const before = inUse();
      for (let i = 0; i < 3; i++) {
        const reqs = pool.depIdsMany(ids, 'requires').ids;
        pool.whatProvidesMany(reqs);
      }
      expect(inUse()).toBe(before);
    } finally {
      pool.free();
    }
  });
});
