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
  it('id2strMany gives what id2str gives, one id at a time, in order (repeats and empty strings included)', () => {
    using pool = tinyPool();
    const rows = pool.solvableTable();
    const ids = [...rows.name.slice(2), ...rows.evr.slice(2), ...rows.arch.slice(2), rows.name[2], pool.str2id('', true)];
    expect(pool.id2strMany(ids)).toEqual(ids.map((id) => pool.id2str(id)));
    expect(pool.id2strMany([])).toEqual([]);
    expect(pool.id2strMany(rows.name.slice(2))).toEqual(['a', 'b', 'c']);
  });
  it('unprovidedFileDep names a path dependency (plain or versioned) that nothing provides, and 0 once one does', () => {
    const make = (extra: string) => {
      const pool = new Pool({ arch: 'x86_64' });
      pool.addRepo('r').addTesttags(`=Pkg: a 1 1 noarch\n=Req: /usr/bin/tool\n=Req: thing >= 1\n=Pkg: b 1 1 noarch\n=Con: /etc/old\n=Rec: (x or /opt/y)\n${extra}`);
      pool.addFileProvides();
      pool.createWhatProvides();
      return pool;
    };
    {
      using pool = make('');
      expect(pool.dep2str(pool.unprovidedFileDep())).toMatch(/^\/(usr\/bin\/tool|etc\/old)$/);
    }
    {
      using pool = make('=Pkg: c 1 1 noarch\n=Prv: /usr/bin/tool\n=Prv: /etc/old\n=Prv: thing = 1\n');
      expect(pool.unprovidedFileDep()).toBe(0); // a rich dependency's text starts with '(': not a file dependency
    }
    {
      using pool = make('=Pkg: c 1 1 noarch\n=Prv: /usr/bin/tool\n=Prv: /etc/old\n=Pkg: d 1 1 noarch\n=Sup: /srv/z >= 2\n');
      expect(pool.dep2str(pool.unprovidedFileDep())).toBe('/srv/z >= 2');
    }
  });
});
