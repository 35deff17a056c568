import { describe, expect, it } from 'vitest';
import { Pool } from '../../src/solv/index.js';
import { GooseError } from '../../src/errors.js';
import { examplePool } from '../helpers/example.js';
import { buildrootJobs, buildrootRequest, buildrootRequests, groupJobs, newestSources, RequestSet, requestKey, selectSources } from '../../src/buildroots/index.js';

/** A source repo in testtags form: `foo` in two versions (the older listed last), `bar` once. */
function sources() {
  const pool = new Pool({ arch: 'x86_64' });
  const repo = pool.addRepo('source');
  repo.addTesttags(
    [
      '=Pkg: foo 2 1 src',
      '=Req: zlib-devel',
      '=Req: rpmlib(CompressedFileNames) <= 3.0.4-1',
      '=Req: gcc',
      '=Req: zlib-devel',
      '=Req: make',
      '=Con: old-tool',
      '=Con: bad-tool',
      '=Pkg: bar 1 1 nosrc',
      '=Req: gcc',
      '=Req: zlib-devel',
      '=Req: make',
      '=Con: bad-tool',
      '=Con: old-tool',
      '=Pkg: foo 1 9 src',
      '=Req: gcc',
      '',
    ].join('\n'),
  );
  pool.createWhatProvides();
  return { pool, repo };
}

describe('buildrootRequest', () => {
  it('drops rpmlib() requires, sorts and de-duplicates each list', () => {
    const { pool, repo } = sources();
    try {
      const foo = newestSources(pool, [repo]).get('foo')!;
      expect(buildrootRequest(pool, foo)).toEqual({ requires: ['gcc', 'make', 'zlib-devel'], conflicts: ['bad-tool', 'old-tool'] });
    } finally {
      pool.free();
    }
  });

  it('gives sources with the same deps in another text order the same key, and one RequestSet entry', () => {
    const { pool, repo } = sources();
    try {
      const newest = newestSources(pool, [repo]);
      const [foo, bar] = [buildrootRequest(pool, newest.get('foo')!), buildrootRequest(pool, newest.get('bar')!)];
      expect(requestKey(foo)).toBe(requestKey(bar));
      const set = new RequestSet();
      expect([set.add(foo), set.add(bar)]).toEqual([0, 0]);
      expect(set.add({ requires: ['gcc'], conflicts: [] })).toBe(1);
      expect(set.requests).toHaveLength(2);
    } finally {
      pool.free();
    }
  });

  it('hands the solver the jobs in the canonical order: group, BuildRequires, BuildConflicts', () => {
    const { pool, repo } = sources();
    try {
      const req = buildrootRequest(pool, newestSources(pool, [repo]).get('foo')!);
      const { jobs, requireIds } = buildrootJobs(pool, req, groupJobs(pool, ['bash']));
      expect(jobs).toHaveLength(1 + 3 + 2);
      expect(requireIds.map((d) => pool.dep2str(d))).toEqual(req.requires);
      expect(jobs.slice(4).map((j) => pool.dep2str(j.what))).toEqual(req.conflicts);
    } finally {
      pool.free();
    }
  });
});

describe('buildrootRequests', () => {
  it('gives every source of the example what buildrootRequest gives it, in order', async () => {
    const { pool, src } = await examplePool();
    try {
      const sources = [...newestSources(pool, src.map((r) => r.repo)).values()];
      expect(sources.length).toBeGreaterThan(30);
      expect(buildrootRequests(pool, sources)).toEqual(sources.map((p) => buildrootRequest(pool, p)));
      expect(buildrootRequests(pool, [])).toEqual([]);
    } finally {
      pool.free();
    }
  });
});

describe('newestSources and selectSources', () => {
  it('picks the newest version of each name (src and nosrc), whatever the repo order', () => {
    const { pool, repo } = sources();
    try {
      const newest = newestSources(pool, [repo]);
      expect([...newest.keys()].sort()).toEqual(['bar', 'foo']);
      expect(pool.solvable(newest.get('foo')!).evr).toBe('2-1');
      expect(selectSources(newest)).toEqual(['bar', 'foo']);
      expect(selectSources(newest, ['foo'])).toEqual(['foo']);
      expect(() => selectSources(newest, ['foo', 'nope'])).toThrow(GooseError);
    } finally {
      pool.free();
    }
  });
});
