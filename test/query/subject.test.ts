import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from '../../src/solv/index.js';
import { matchSubject, nevraForms, isFilePattern, nevraString } from '../../src/query/subject.js';
import { PackageSet, splitEvr } from '../../src/query/packages.js';
import { latestPerArch, runQuery } from '../../src/query/query.js';
import { sourceName } from '../../src/query/sourcerpm.js';

/** A pool of testtags packages: several versions of a name, an epoch, a source package. */
const TAGS = `
=Pkg: foo 1.0 1 x86_64
=Prv: foo = 1.0-1
=Pkg: foo 1.00 2 x86_64
=Prv: foo = 1.00-2
=Pkg: foo 2.0 1 x86_64
=Prv: foo = 2.0-1
=Pkg: foo 2.0 1 i686
=Prv: foo = 2.0-1
=Pkg: Foo-bar 3 1 noarch
=Req: foo >= 2
=Pkg: bar 5:1.2 3.el9 x86_64
=Req: foo
=Pkg: foo 2.0 1 src
`;

let pool: Pool;
let set: PackageSet;
beforeAll(() => {
  pool = new Pool({ arch: 'x86_64' });
  pool.addRepo('r').addTesttags(TAGS);
  pool.createWhatProvides();
  set = new PackageSet(pool);
});
afterAll(() => pool.free());

const nevras = (ids: Iterable<number>) => [...ids].map((p) => pool.solvable(p).nevra).sort();

describe('package specs as dnf reads them', () => {
  it('parses the NEVRA forms in dnf\'s order: NEVRA, NA, NAME, NEVR, NEV', () => {
    expect(nevraForms('foo-2.0-1.x86_64').map((f) => f.form)).toEqual(['nevra', 'na', 'name', 'nevr', 'nev']);
    expect(nevraForms('foo')).toEqual([{ form: 'name', name: 'foo', version: '', release: '', arch: '' }]);
    expect(nevraForms('bar-5:1.2-3.el9.x86_64')[0]).toEqual({ form: 'nevra', name: 'bar', epoch: 5, version: '1.2', release: '3.el9', arch: 'x86_64' });
    expect(nevraForms('a >= 1')).toEqual([]);
  });
  it('takes the first form that matches something', () => {
    expect(nevras(matchSubject(set, 'foo.i686'))).toEqual(['foo-2.0-1.i686']);
    expect(nevras(matchSubject(set, 'foo-2.0'))).toEqual(['foo-2.0-1.i686', 'foo-2.0-1.src', 'foo-2.0-1.x86_64']);
    expect(nevras(matchSubject(set, 'foo-2.0-1'))).toEqual(['foo-2.0-1.i686', 'foo-2.0-1.src', 'foo-2.0-1.x86_64']);
    expect(nevras(matchSubject(set, 'bar-5:1.2-3.el9.x86_64'))).toEqual(['bar-5:1.2-3.el9.x86_64']);
    expect(nevras(matchSubject(set, 'bar-4:1.2-3.el9.x86_64'))).toEqual([]);
  });
  it('compares a plain version with rpm\'s rules (1.0 equals 1.00) and a glob with fnmatch', () => {
    expect(nevras(matchSubject(set, 'foo-1.0'))).toEqual(['foo-1.0-1.x86_64', 'foo-1.00-2.x86_64']);
    expect(nevras(matchSubject(set, 'foo-1.0*'))).toEqual(['foo-1.0-1.x86_64', 'foo-1.00-2.x86_64']);
    expect(nevras(matchSubject(set, 'foo-1.00-*'))).toEqual(['foo-1.0-1.x86_64', 'foo-1.00-2.x86_64']);
  });
  it('ignores case in names only when asked', () => {
    expect(nevras(matchSubject(set, 'FOO-BAR'))).toEqual([]);
    expect(nevras(matchSubject(set, 'FOO-BAR', { icase: true }))).toEqual(['Foo-bar-3-1.noarch']);
  });
  it('ignores case as JavaScript lowers strings, also where lowering changes a name\'s length or leaves ASCII', () => {
    const p = new Pool({ arch: 'x86_64' });
    try {
      // U+212A (Kelvin sign) lowers to ASCII k; U+0130 (I with dot) to i + U+0307, one unit longer.
      p.addRepo('u').addTesttags(['kernel', 'KERNEL', '\u212Aernel', 'kernels', '\u0130x', 'ix'].map((n) => `=Pkg: ${n} 1 1 noarch\n`).join(''));
      const s = new PackageSet(p);
      const names = (spec: string) => [...matchSubject(s, spec, { icase: true })].map((id) => p.solvable(id).name).sort();
      expect(names('Kernel')).toEqual(['KERNEL', 'kernel', '\u212Aernel'].sort());
      expect(names('i\u0307x')).toEqual(['\u0130x']);
      expect(names('IX')).toEqual(['ix']);
    } finally {
      p.free();
    }
  });

  it('matches a plain name exactly by its string id: a name no package has names nothing', () => {
    expect(nevras(matchSubject(set, 'Foo-bar'))).toEqual(['Foo-bar-3-1.noarch']);
    expect(nevras(matchSubject(set, 'foo-bar'))).toEqual([]);
    expect(nevras(matchSubject(set, 'foo.i686'))).toEqual(['foo-2.0-1.i686']);
    expect(nevras(matchSubject(set, 'no-such-name'))).toEqual([]);
    expect(pool.str2id('no-such-name', false)).toBe(0); // the lookup created nothing
  });
  it('falls back to a glob over the whole NEVRA, with 0: when the spec has an epoch', () => {
    expect(nevras(matchSubject(set, '*el9*'))).toEqual(['bar-5:1.2-3.el9.x86_64']);
    expect(nevras(matchSubject(set, 'foo-0:2.0*.i686'))).toEqual(['foo-2.0-1.i686']);
    expect(nevraString(set.list[0], true)).toBe('foo-0:1.0-1.x86_64');
  });
  it('never matches provides (dnf repoquery passes with_provides=False)', () => {
    const pool2 = new Pool();
    pool2.addRepo('r').addTesttags('=Pkg: httpd 2 1 x86_64\n=Prv: webserver\n');
    pool2.createWhatProvides();
    expect(matchSubject(new PackageSet(pool2), 'webserver').size).toBe(0);
    pool2.free();
  });
  it('PackageSet: ids in id order, each package made on first use and kept; excluded and foreign ids are not members', () => {
    const pool2 = new Pool({ arch: 'x86_64' });
    pool2.addRepo('r').addTesttags(TAGS);
    pool2.setExcluded([pool2.repos[0].solvables()[1].id]);
    pool2.createWhatProvides();
    const s2 = new PackageSet(pool2);
    const all = pool2.repos[0].solvables().map((x) => x.id);
    expect([...s2.ids]).toEqual(all.filter((id) => id !== all[1]));
    expect(s2.get(all[1])).toBeUndefined();
    expect(s2.get(0)).toBeUndefined();
    const first = s2.get(all[0])!;
    expect(first).toMatchObject({ id: all[0], name: 'foo', epoch: 0, version: '1.0', release: '1', arch: 'x86_64', evr: '1.0-1' });
    expect(s2.get(all[0])).toBe(first);
    expect(s2.nameOf(all[0])).toBe('foo');
    expect(s2.list.map((p) => p.id)).toEqual([...s2.ids]);
    expect(s2.list[0]).toBe(first);
    expect([...s2.byId.keys()]).toEqual([...s2.ids]);
    pool2.free();
  });
  it('knows file patterns', () => {
    expect(['/usr/bin/x', '*/bin/x', 'x/y', '*x'].map(isFilePattern)).toEqual([true, true, false, false]);
  });
});

describe('query steps', () => {
  it('splits evrs as libsolv does', () => {
    expect(splitEvr('5:1.2-3.el9')).toEqual({ epoch: 5, version: '1.2', release: '3.el9' });
    expect(splitEvr('1.2')).toEqual({ epoch: 0, version: '1.2', release: '' });
  });
  it('keeps the N latest per name.arch, or drops them when N is negative', () => {
    const fooX = set.list.filter((p) => p.name === 'foo');
    const keep = (n: number) => latestPerArch(pool, fooX, n).map((p) => `${p.evr}.${p.arch}`).sort();
    expect(keep(1)).toEqual(['2.0-1.i686', '2.0-1.src', '2.0-1.x86_64']);
    expect(keep(2)).toEqual(['1.00-2.x86_64', '2.0-1.i686', '2.0-1.src', '2.0-1.x86_64']);
    expect(keep(-1)).toEqual(['1.0-1.x86_64', '1.00-2.x86_64']);
    expect(keep(0)).toHaveLength(fooX.length);
  });
  it('reads source names from sourcerpm file names as dnf does', () => {
    expect(sourceName('perl-ExtUtils-MakeMaker-7.70-3.goose1.src.rpm')).toBe('perl-ExtUtils-MakeMaker');
    expect(sourceName('gcc-13.2.1-6.goose1.src.rpm')).toBe('gcc');
  });
  it('answers --whatrequires with overlapping ranges and --requires as text', () => {
    const r = runQuery(pool, { whatrequires: ['foo < 2'] });
    expect(r.kind === 'packages' && nevras(r.ids)).toEqual(['bar-5:1.2-3.el9.x86_64']);
    const all = runQuery(pool, { whatrequires: ['foo'] });
    expect(all.kind === 'packages' && nevras(all.ids)).toEqual(['Foo-bar-3-1.noarch', 'bar-5:1.2-3.el9.x86_64']);
    expect(runQuery(pool, { specs: ['Foo-bar'], attr: 'requires' })).toEqual({ kind: 'deps', deps: ['foo >= 2'] });
  });
  it('selects every package when no spec is given, and filters by arch', () => {
    const r = runQuery(pool, { arch: ['src', 'noarch'] });
    expect(r.kind === 'packages' && nevras(r.ids)).toEqual(['Foo-bar-3-1.noarch', 'foo-2.0-1.src']);
  });
});
