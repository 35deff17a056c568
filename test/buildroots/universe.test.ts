import { beforeAll, describe, expect, it } from 'vitest';
import { Pool } from '../../src/solv/index.js';
import type { LoadedRepo } from '../../src/repodata/open.js';
import { cutRepos, reachableBinaries } from '../../src/buildroots/index.js';
import { BuildrootResolver, buildrootRequest, type BuildrootRequest } from '../../src/buildroots/index.js';
import { examplePool } from '../helpers/example.js';

let pool: Pool;
let bin: LoadedRepo[];
let requests: BuildrootRequest[];
let group: string[];
beforeAll(async () => {
  let src: LoadedRepo[];
  ({ pool, bin, src, group } = await examplePool());
  requests = src[0].repo.solvables().map((s) => buildrootRequest(pool, s.id));
});

describe('worker pools cut down to the reachable binaries', () => {
  it('leave out what no buildroot can reach', () => {
    const keep = reachableBinaries(pool, bin.map((r) => r.repo), group, requests);
    expect(keep.length).toBeGreaterThan(20);
    expect(keep.length).toBeLessThan(bin[0].repo.nsolvables); // e.g. leaf applications nobody builds with
  });
  it('give every buildroot exactly as the full pool does, once ids are mapped back', () => {
    const binaryRepos = bin.map((r) => r.repo);
    const cut = cutRepos(binaryRepos, reachableBinaries(pool, binaryRepos, group, requests))!;
    using small = new Pool({ arch: 'x86_64' });
    for (const r of cut.repos) small.addRepo(r.name).addSolv(r.solv);
    small.createWhatProvides();
    expect(small.nsolvables).toBe(cut.idMap.length);
    const full = new BuildrootResolver(pool, group, false);
    const part = new BuildrootResolver(small, group, false);
    for (const r of requests) {
      const a = full.resolve(r);
      const b = part.resolve(r);
      expect(b.ok).toBe(a.ok);
      expect([...b.installed].map((q) => cut.idMap[q]).sort((x, y) => x - y)).toEqual([...a.installed]);
      for (let k = 0; k < b.installed.length; k++) expect(small.solvable(b.installed[k]).nevra).toBe(pool.solvable(cut.idMap[b.installed[k]]).nevra);
    }
    full.free();
    part.free();
  });
});
