import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libsolv } from '../../src/native/index.js';
import { Pool, installProvides } from '../../src/solv/index.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const repodata = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata');
const primary = readFileSync(join(repodata, readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!));

/** Bytes malloc holds inside the module right now. */
const inUse = () => libsolv()._gd_heap_in_use();

function cycle(): void {
  const pool = new Pool({ arch: 'x86_64' });
  const repo = pool.addRepo('fixture');
  repo.addRpmmd(primary, { file: 'primary.xml.gz' });
  const solv = repo.writeSolv();
  const again = pool.addRepo('again');
  again.addSolv(solv);
  pool.addFileProvides();
  pool.createWhatProvides();
  const solver = pool.createSolver();
  solver.solve([installProvides(pool.parseDep('gcc').id), installProvides(pool.parseDep('nonexistent').id)]);
  const t = solver.transaction();
  t.order();
  t.steps();
  pool.select('perl*');
  // Freeing the pool frees its solver and transaction first.
  pool.free();
  expect(solver.alive).toBe(false);
  expect(t.alive).toBe(false);
}

describe('native memory', () => {
  it('repeated load/solve/free cycles leave nothing allocated behind', () => {
    for (let i = 0; i < 3; i++) cycle(); // warm up lazily allocated buffers
    const before = inUse();
    for (let i = 0; i < 40; i++) cycle();
    const after = inUse();
    expect(after - before).toBeLessThanOrEqual(0);
  });
  it('using a freed object throws instead of touching freed memory', () => {
    const pool = new Pool();
    const solver = pool.createSolver();
    pool.free();
    expect(() => solver.solve([])).toThrow(/used after free/);
    expect(() => pool.str2id('x')).toThrow(/used after free/);
  });
  it('`using` frees at the end of the block', () => {
    const before = inUse();
    {
      using pool = new Pool();
      pool.addRepo('r').addTesttags('=Pkg: a 1 1 noarch\n');
      using solver = pool.createSolver();
      solver.solve([]);
    }
    expect(inUse()).toBeLessThanOrEqual(before);
  });
});
