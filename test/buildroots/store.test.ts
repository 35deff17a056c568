/**
 * The buildroot store: segments round-trip, a damaged one is a warning and a re-solve, runs
 * sharing a folder lose nothing, old contexts are pruned; and the solve service, started again
 * over the same repositories, answers every request from the store without starting a solver.
 */
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, Repo } from '../../src/solv/index.js';
import { BuildrootStore, buildrootRequest, decodeSegment, encodeSegment, newestSources, pruneContexts, requestKey, SolveService, storeContextKey, storeFamilyKey, type BuildrootOutcome, type BuildrootRequest, type StoreContext } from '../../src/buildroots/index.js';
import { examplePool } from '../helpers/example.js';

let pool: Pool;
let bin: Repo[];
let group: string[];
let requests: BuildrootRequest[];
let tmp: string;
beforeAll(async () => {
  const ex = await examplePool();
  ({ pool, group } = ex);
  bin = ex.bin.map((r) => r.repo);
  const newest = newestSources(pool, ex.src.map((r) => r.repo));
  requests = [...newest.keys()].sort().map((n) => buildrootRequest(pool, newest.get(n)!));
  tmp = await mkdtemp(join(tmpdir(), 'goose-store-'));
});
afterAll(async () => {
  pool.free();
  await rm(tmp, { recursive: true, force: true });
});

const plain = (os: BuildrootOutcome[]) => os.map((o) => ({ ok: o.ok, installed: [...o.installed], direct: [...o.direct] }));
const outcome = (ok: boolean, installed: number[], direct: number[] = []): BuildrootOutcome => ({ ok, installed: Int32Array.from(installed), direct: Int32Array.from(direct) });
const ctx: StoreContext = { arch: 'x86_64', group: ['bash'], weak: false, repos: ['2-10:rpm-md:abc'], excluded: [] };

describe('segments', () => {
  it('round-trip their outcomes, and a damaged one decodes to undefined', () => {
    const entries = new Map([
      ['["a"]', outcome(true, [2, 3, 5], [3, 0])],
      ['["b"]', outcome(false, [])],
    ]);
    const bytes = encodeSegment(entries);
    const back = decodeSegment(bytes)!;
    expect([...back.keys()].sort()).toEqual(['["a"]', '["b"]']);
    expect(plain([back.get('["a"]')!, back.get('["b"]')!])).toEqual(plain([entries.get('["a"]')!, entries.get('["b"]')!]));
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 40] ^= 1;
    expect(decodeSegment(flipped)).toBeUndefined();
    expect(decodeSegment(bytes.subarray(0, bytes.length - 3))).toBeUndefined();
    expect(decodeSegment(new TextEncoder().encode('not a store'))).toBeUndefined();
  });

  it('are keyed by every part of the context', () => {
    const k = storeContextKey(ctx);
    expect(storeContextKey({ ...ctx, group: ['bash'] })).toBe(k);
    for (const other of [{ arch: 'aarch64' }, { group: ['bash', 'make'] }, { weak: true }, { repos: ['2-10:rpm-md:abd'] }, { excluded: [4] }]) expect(storeContextKey({ ...ctx, ...other })).not.toBe(k);
  });
});

describe('families', () => {
  it('ignore the repositories\' content, not their names, kinds, priorities, group, arch or weak flag', () => {
    const a: StoreContext = { arch: 'x86_64', group: ['bash'], weak: false, repos: ['2-10:rpm-md:abc:xml:'], excluded: [], names: ['built'] };
    const f = storeFamilyKey(a);
    expect(storeFamilyKey({ ...a, repos: ['2-12:rpm-md:def:xml:'], excluded: [3] })).toBe(f);
    for (const other of [{ names: ['other'] }, { repos: ['2-10:rpm-md:abc:db:'] }, { repos: ['2-10:rpm-md:abc:xml:10'] }, { repos: ['2-10:solv:abc'] }, { group: ['make'] }, { arch: 'aarch64' }, { weak: true }]) expect(storeFamilyKey({ ...a, ...other })).not.toBe(f);
  });

  it('lead a new context to the most recent other context of its family that has a snapshot, and a damaged snapshot is a warning', async () => {
    const cacheDir = join(tmp, 'family');
    const base: StoreContext = { arch: 'x86_64', group: ['bash'], weak: false, repos: ['2-10:solv:aa'], excluded: [], names: ['built'] };
    const snap = { base: 2, fpA: Uint32Array.of(5), fpB: Uint32Array.of(6), flags: Uint8Array.of(0), depA: new Uint32Array(0), depB: new Uint32Array(0), provA: new Uint32Array(0), provB: new Uint32Array(0) };
    const first = await BuildrootStore.open({ cacheDir }, base);
    expect(first.needsSnapshot).toBe(true);
    first.put('["a"]', outcome(true, [2]));
    first.setSnapshot(snap);
    await first.flush();
    expect((await BuildrootStore.open({ cacheDir }, base)).needsSnapshot).toBe(false);
    const next = await BuildrootStore.open({ cacheDir }, { ...base, repos: ['2-11:solv:bb'] });
    const prev = (await next.previous())!;
    expect([...prev.entries.keys()]).toEqual(['["a"]']);
    expect([...prev.snapshot.fpA]).toEqual([5]);
    expect(await (await BuildrootStore.open({ cacheDir }, { ...base, names: ['other'] })).previous()).toBeUndefined();
    const dir = join(cacheDir, 'buildroots', storeContextKey(base));
    const file = (await readdir(dir)).find((n) => n.startsWith('snapshot-'))!;
    await writeFile(join(dir, file), 'garbage');
    const warnings: string[] = [];
    expect(await (await BuildrootStore.open({ cacheDir, onWarning: (l) => warnings.push(l) }, { ...base, repos: ['2-12:solv:cc'] })).previous()).toBeUndefined();
    expect(warnings.join('')).toContain(file);
  });
});

describe('BuildrootStore', () => {
  it('keeps what two runs sharing the folder add, and skips a damaged file with a warning', async () => {
    const cacheDir = join(tmp, 'shared');
    const [s1, s2] = await Promise.all([BuildrootStore.open({ cacheDir }, ctx), BuildrootStore.open({ cacheDir }, ctx)]);
    s1.put('["x"]', outcome(true, [7]));
    s2.put('["y"]', outcome(true, [8]));
    await Promise.all([s1.flush(), s2.flush()]);
    const again = await BuildrootStore.open({ cacheDir }, ctx);
    expect(again.size).toBe(2);
    expect([...again.get('["y"]')!.installed]).toEqual([8]);
    const dir = join(cacheDir, 'buildroots', storeContextKey(ctx));
    await writeFile(join(dir, 'zz-damaged.seg'), 'garbage');
    const warnings: string[] = [];
    const third = await BuildrootStore.open({ cacheDir, onWarning: (l) => warnings.push(l) }, ctx);
    expect(third.size).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('zz-damaged.seg');
    expect((await readdir(dir)).filter((n) => n.includes('damaged'))).toEqual([]);
  });

  it('prunes all but the most recently used contexts', async () => {
    const root = join(tmp, 'prune');
    for (let i = 0; i < 5; i++) await mkdir(join(root, `c${i}`), { recursive: true });
    await pruneContexts(root, 3);
    expect((await readdir(root)).length).toBe(3);
  });
});

describe('SolveService with a store', () => {
  it('answers a second run from the store alone, the same outcomes as without one', async () => {
    const store = { cacheDir: join(tmp, 'service') };
    const solveWith = async (opts: { store?: typeof store }) => {
      const service = await SolveService.start(pool, bin, group, { workers: 0, ...opts });
      try {
        const progress: number[] = [];
        const out = plain(await service.solve(requests, { onProgress: (d) => progress.push(d) }));
        return { out, parallelism: service.parallelism, last: progress.at(-1) };
      } finally {
        await service.close();
      }
    };
    const none = await solveWith({});
    const first = await solveWith({ store });
    const second = await solveWith({ store });
    expect(first.out).toEqual(none.out);
    expect(second.out).toEqual(none.out);
    expect(first.parallelism).toBe(1);
    expect(second.parallelism).toBe(0); // no solver started
    expect(second.last).toBe(requests.length);
    const direct = await BuildrootStore.open(store, { arch: pool.arch, group, weak: false, repos: [], excluded: [] });
    expect(direct.size).toBe(0); // another context
    expect(requests.map(requestKey).length).toBeGreaterThan(20);
  });

  it('bypasses the store under a restriction', async () => {
    const store = { cacheDir: join(tmp, 'restricted') };
    const service = await SolveService.start(pool, bin, group, { workers: 0, store });
    try {
      await service.restrict(new Set<number>());
      await service.solve(requests.slice(0, 3));
      expect(service.stored).toBe(0);
      await service.restrict(undefined);
      await service.solve(requests.slice(0, 3));
      expect(service.stored).toBe(3);
    } finally {
      await service.close();
    }
  });

  it('solves a few store misses in this thread instead of starting workers, with the workers\' answers', async () => {
    const few = requests.slice(0, 5);
    const workers = await SolveService.start(pool, bin, group, { workers: 2 });
    const expected = await workers.solve(few).finally(() => workers.close());
    const service = await SolveService.start(pool, bin, group, { workers: 2, store: { cacheDir: join(tmp, 'few') } });
    try {
      expect(service.parallelism).toBe(0);
      expect(plain(await service.solve(few))).toEqual(plain(expected));
      expect(service.parallelism).toBe(1); // this thread only: no worker started
      expect(service.stored).toBe(5);
    } finally {
      await service.close();
    }
  });
});
