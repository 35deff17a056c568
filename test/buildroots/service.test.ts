/**
 * The solve service on the example distribution: its worker threads (started from the .ts
 * sources through tsx, as the compiled build starts worker.js) answer exactly what this thread
 * answers, with a universe cut or without, with favor and lock extras and under a restriction;
 * and every failure is typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, Repo } from '../../src/solv/index.js';
import { InternalError } from '../../src/errors.js';
import { buildrootRequest, newestSources, SolveService, type BuildrootOutcome, type BuildrootRequest, type SolveOptions } from '../../src/buildroots/index.js';
import { examplePool } from '../helpers/example.js';

let pool: Pool;
let bin: Repo[];
let group: string[];
let requests: BuildrootRequest[];
beforeAll(async () => {
  const ex = await examplePool();
  ({ pool, group } = ex);
  bin = ex.bin.map((r) => r.repo);
  const newest = newestSources(pool, ex.src.map((r) => r.repo));
  requests = [...newest.keys()].sort().map((n) => buildrootRequest(pool, newest.get(n)!));
});
afterAll(() => pool.free());

const plain = (os: BuildrootOutcome[]) => os.map((o) => ({ ok: o.ok, installed: [...o.installed], direct: [...o.direct] }));

/** Outcomes from a service started with `start` options, solved with `options`, optionally under a restriction. */
async function outcomes(start: { workers: number; universe?: BuildrootRequest[] }, options: SolveOptions = {}, allowed?: Set<number>) {
  const service = await SolveService.start(pool, bin, group, start);
  try {
    if (allowed) await service.restrict(allowed);
    const out = plain(await service.solve(requests, options));
    if (allowed) await service.restrict(undefined);
    return { out, parallelism: service.parallelism };
  } finally {
    await service.close();
  }
}

describe('SolveService', () => {
  it('answers from two workers what this thread answers, with and without a universe cut', async () => {
    const local = await outcomes({ workers: 0 });
    expect(local.parallelism).toBe(1);
    expect(local.out.filter((o) => o.ok).length).toBeGreaterThan(20);
    expect(local.out.some((o) => !o.ok)).toBe(true);
    const full = await outcomes({ workers: 2 });
    expect(full.parallelism).toBe(2);
    expect(full.out).toEqual(local.out);
    const cut = await outcomes({ workers: 2, universe: requests });
    expect(cut.out).toEqual(local.out);
  });

  it('applies favor and lock extras and restrictions the same way in workers', async () => {
    const free = await outcomes({ workers: 0 });
    // Lock out a binary some buildroot installed, favour another: answers change, identically.
    const used = free.out.find((o) => o.ok && o.installed.length > 3)!;
    const extras = { lock: Int32Array.of(used.installed.at(-1)!), favor: Int32Array.of(used.installed[0]) };
    const local = await outcomes({ workers: 0 }, extras);
    expect(local.out).not.toEqual(free.out);
    expect((await outcomes({ workers: 2 }, extras)).out).toEqual(local.out);
    expect((await outcomes({ workers: 2, universe: requests }, extras)).out).toEqual(local.out);
    // Only the binaries of the first successful buildroots visible.
    const allowed = new Set(free.out.filter((o) => o.ok).slice(0, 5).flatMap((o) => o.installed));
    const restricted = await outcomes({ workers: 0 }, {}, allowed);
    expect(restricted.out.filter((o) => o.ok).length).toBeLessThan(free.out.filter((o) => o.ok).length);
    expect((await outcomes({ workers: 2 }, {}, allowed)).out).toEqual(restricted.out);
    expect((await outcomes({ workers: 2, universe: requests }, {}, allowed)).out).toEqual(restricted.out);
  });

  it('reports each outcome once as it arrives, and progress up to the total', async () => {
    const seen = new Map<number, BuildrootOutcome>();
    const progress: number[] = [];
    const service = await SolveService.start(pool, bin, group, { workers: 2 });
    try {
      const out = await service.solve(requests, { onOutcome: (i, o) => (expect(seen.has(i)).toBe(false), seen.set(i, o)), onProgress: (d, t) => (expect(t).toBe(requests.length), progress.push(d)) });
      expect(seen.size).toBe(requests.length);
      for (const [i, o] of seen) expect(o).toBe(out[i]);
      expect(progress.at(-1)).toBe(requests.length);
      expect(await service.solve([])).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it('passes a caller error from onOutcome through, and stays usable', async () => {
    const service = await SolveService.start(pool, bin, group, { workers: 2 });
    try {
      await expect(service.solve(requests, { onOutcome: () => { throw new RangeError('caller'); } })).rejects.toThrow(RangeError);
      expect(plain(await service.solve(requests.slice(0, 3)))).toEqual((await outcomes({ workers: 0 })).out.slice(0, 3));
    } finally {
      await service.close();
    }
  });

  it('raises an InternalError for a request outside its universe', async () => {
    const service = await SolveService.start(pool, bin, group, { workers: 2, universe: requests.slice(0, 3) });
    try {
      const outside = requests.find((r) => r.requires.some((d) => !requests.slice(0, 3).some((q) => q.requires.includes(d))))!;
      await expect(service.solve([outside])).rejects.toBeInstanceOf(InternalError);
    } finally {
      await service.close();
    }
  });

  it('raises an InternalError (code INTERNAL) when a worker fails, and closes cleanly', async () => {
    const service = await SolveService.start(pool, bin, group, { workers: 2 });
    try {
      const broken = { requires: null, conflicts: [] } as unknown as BuildrootRequest; // the worker's resolver throws on it
      const e = await service.solve([...requests, broken]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InternalError);
      expect((e as InternalError).code).toBe('INTERNAL');
      expect((e as Error).message).toMatch(/solve worker failed/);
      // That worker stays failed: the next call says so instead of hanging.
      await expect(service.solve(requests)).rejects.toBeInstanceOf(InternalError);
    } finally {
      await service.close();
    }
  });
});
