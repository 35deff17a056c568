/**
 * Pool.whatRequires (glue.c's gd_pool_whatrequires: --whatrequires in one call) gives what the
 * one-at-a-time reads give: each candidate's requires against every cap (matchDep) and against
 * the providers of each requirement (whatProvidesIds) among the named packages other than itself;
 * on the fixture distribution and on CentOS Stream 9 BaseOS with its file lists; nothing leaks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { C, libsolv } from '../../src/native/index.js';
import { Pool } from '../../src/solv/index.js';
import { mulberry32 } from '../../src/graph/random.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

function file(dir: string, suffix: string): Buffer {
  return readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(suffix))!));
}

/** A finished pool of one repository (primary, and file lists when `filelists`). */
function load(dir: string, filelists: boolean): Pool {
  const pool = new Pool({ arch: 'x86_64' });
  const repo = pool.addRepo('r');
  repo.addRpmmd(file(dir, '-primary.xml.gz'), { file: 'primary.xml.gz' });
  if (filelists) repo.addRpmmd(file(dir, '-filelists.xml.gz'), { file: 'filelists.xml.gz', flags: C.REPO_EXTEND_SOLVABLES });
  pool.addFileProvides();
  pool.createWhatProvides();
  return pool;
}

/** The answer computed one call at a time, as src/query/deps.ts computed it before. */
function reference(pool: Pool, candidates: number[], caps: number[], named: number[]): number[] {
  const isNamed = new Set(named);
  return candidates.filter((p) =>
    [...pool.solvable(p).depIds('requires', 'all')].some(
      (r) => caps.some((c) => pool.matchDep(c, r)) || [...pool.whatProvidesIds(r)].some((prov) => isNamed.has(prov) && prov !== p),
    ),
  );
}

/** Packages whose name is one of `names`. */
function named(pool: Pool, names: string[]): number[] {
  return [...pool.solvables()].filter((s) => names.includes(s.name)).map((s) => s.id);
}

function compareOn(pool: Pool, cases: { caps: string[]; names: string[] }[]): void {
  const all = [...pool.solvables()].map((s) => s.id);
  const random = mulberry32(13);
  // A scrambled order (the answer keeps it) and a random half of the packages as candidates.
  const scrambled = [...all].sort(() => random() - 0.5);
  const half = all.filter(() => random() < 0.5);
  let nonEmpty = 0;
  for (const { caps, names } of cases) {
    const capIds = caps.map((c) => pool.parseDep(c).id);
    const namedIds = named(pool, names);
    for (const candidates of [scrambled, half]) {
      const got = [...pool.whatRequires(candidates, capIds, namedIds)];
      expect(got, `${caps} / ${names}`).toEqual(reference(pool, candidates, capIds, namedIds));
      if (got.length) nonEmpty++;
    }
  }
  expect(nonEmpty).toBeGreaterThan(cases.length);
}

describe('Pool.whatRequires', () => {
  it('equals the one-at-a-time answer on the fixture distribution', () => {
    const pool = load(join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata'), false);
    try {
      const names = [...new Set([...pool.solvables()].map((s) => s.name))].sort();
      compareOn(pool, [
        { caps: ['bash'], names: ['bash'] },
        { caps: ['/bin/sh', 'gcc >= 1'], names: [] },
        { caps: [], names: names.slice(0, 5) },
        { caps: ['nothing-requires-this'], names: names.slice(-3) },
      ]);
      expect(pool.whatRequires([], [pool.parseDep('bash').id])).toHaveLength(0);
    } finally {
      pool.free();
    }
  });

  it('leaves nothing allocated', () => {
    const pool = load(join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata'), false);
    try {
      const all = [...pool.solvables()].map((s) => s.id);
      const inUse = () => libsolv()._gd_heap_in_use();
      pool.whatRequires(all, [pool.parseDep('bash').id], all.slice(0, 3)); // its whatprovides entries stay in the pool
      const before = inUse();
      for (let i = 0; i < 3; i++) pool.whatRequires(all, [pool.parseDep('bash').id], all.slice(0, 3));
      expect(inUse()).toBe(before);
    } finally {
      pool.free();
    }
  });
});

describeWithData('Pool.whatRequires on CentOS Stream 9 BaseOS with file lists', () => {
  it('equals the one-at-a-time answer: names, versioned and file caps, named packages with file provides', () => {
    const pool = load(sharedPath('centos-stream-9', 'baseos-2022', 'repodata'), true);
    try {
      compareOn(pool, [
        { caps: ['bash'], names: ['bash'] },
        { caps: ['python3'], names: ['python3', 'python3-libs'] },
        { caps: ['glibc >= 2.34', '/usr/bin/python3'], names: [] },
        { caps: ['libc.so.6()(64bit)'], names: ['coreutils', 'systemd', 'perl-interpreter'] },
        { caps: [], names: ['filesystem', 'setup'] },
      ]);
    } finally {
      pool.free();
    }
  }, 120_000);
});
