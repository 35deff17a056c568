import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildrootResolver, buildrootRequest, SOLVER_RECYCLE, type BuildrootRequest } from '../../src/buildroots/index.js';
import type { Pool } from '../../src/solv/index.js';
import { examplePool } from '../helpers/example.js';

describe('BuildrootResolver', () => {
  let pool: Pool;
  let group: string[];
  let requests: BuildrootRequest[];

  beforeAll(async () => {
    const ex = await examplePool();
    pool = ex.pool;
    group = ex.group;
    requests = [];
    for (const r of ex.src) for (const s of r.repo.solvables()) requests.push(buildrootRequest(pool, s.id));
  });
  afterAll(() => pool.free());

  it('gives, across solver replacements, what a fresh solver gives for each request', () => {
    // Enough rounds over the example's sources to pass SOLVER_RECYCLE twice.
    const rounds = Math.ceil((2 * SOLVER_RECYCLE + 1) / requests.length);
    const sequence = Array.from({ length: rounds }, () => requests).flat();
    expect(sequence.length).toBeGreaterThan(2 * SOLVER_RECYCLE);
    const fresh = requests.map((r) => {
      const once = new BuildrootResolver(pool, group, false);
      try {
        const o = once.resolve(r);
        return { ok: o.ok, installed: [...o.installed] };
      } finally {
        once.free();
      }
    });
    expect(fresh.some((o) => o.ok)).toBe(true);
    expect(fresh.some((o) => !o.ok)).toBe(true);
    const resolver = new BuildrootResolver(pool, group, false);
    try {
      sequence.forEach((r, i) => {
        const o = resolver.resolve(r);
        expect({ ok: o.ok, installed: [...o.installed] }).toEqual(fresh[i % requests.length]);
      });
    } finally {
      resolver.free();
    }
  });
});
