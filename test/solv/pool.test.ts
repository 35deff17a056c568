import { describe, expect, it } from 'vitest';
import { Pool, installProvides } from '../../src/solv/index.js';
import { GooseError } from '../../src/errors.js';

function tinyPool() {
  const pool = new Pool({ arch: 'x86_64' });
  pool.addRepo('r').addTesttags('=Pkg: a 1 1 noarch\n=Prv: thing\n=Pkg: b 1 1 noarch\n=Prv: thing\n=Pkg: c 1 1 noarch\n');
  pool.createWhatProvides();
  return pool;
}
const names = (pool: Pool, dep: string) => pool.whatProvides(dep).map((s) => s.name).sort();

describe('Pool', () => {
  it('setExcluded replaces the previous list instead of adding to it', () => {
    using pool = tinyPool();
    const [a, b] = pool.whatProvidesIds(pool.parseDep('thing'));
    pool.setExcluded([a]);
    pool.createWhatProvides();
    expect(names(pool, 'thing')).toEqual(['b']);
    pool.setExcluded([b]);
    pool.createWhatProvides();
    expect(names(pool, 'thing')).toEqual(['a']);
    pool.setExcluded([]);
    expect(names(pool, 'thing')).toEqual(['a', 'b']); // the index is rebuilt on demand
  });
  it('a solver created before the provides index changed refuses to solve', () => {
    using pool = tinyPool();
    const solver = pool.createSolver();
    expect(solver.solve([installProvides(pool.parseDep('c').id)])).toEqual([]);
    pool.setExcluded([pool.whatProvidesIds(pool.parseDep('c'))[0]]);
    pool.createWhatProvides();
    expect(() => solver.solve([])).toThrow(GooseError);
    const fresh = pool.createSolver();
    expect(fresh.solve([installProvides(pool.parseDep('c').id)])[0].text).toMatch(/c/);
  });
  it('parses rpm dependencies, rich ones included', () => {
    using pool = tinyPool();
    expect(pool.parseDep('thing >= 1').toString()).toBe('thing >= 1');
    expect(pool.parseDep('(a or b)').toString()).toBe('(a or b)');
    expect(pool.parseDep('(a if b else c)').toString()).toBe('(a if b else c)');
    expect(pool.evrcmp('1.10-1', '1.9-1')).toBeGreaterThan(0);
  });
});
