/**
 * The incremental re-solve (carry.ts): over the example distribution's binary repo (as testtags,
 * so it can be changed at will), many random changes — a package removed, replaced by a new
 * version, added as a new version beside the old, a new provider of a dependency something
 * needs, a new Requires, Conflicts or weak dependency — and for every request the outcome the store carries over
 * from the previous context equals a full re-solve of the changed repo without a store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from '../../src/solv/index.js';
import type { DepKind } from '../../src/solv/solvable.js';
import { buildrootRequest, GROUP_REQUEST, newestSources, SolveService, type BuildrootOutcome, type BuildrootRequest } from '../../src/buildroots/index.js';
import { decodeSnapshot, encodeSnapshot, takeSnapshot } from '../../src/buildroots/snapshot.js';
import { examplePool } from '../helpers/example.js';

/** A binary package as plain data: what testtags can say. */
interface Pkg {
  name: string;
  version: string;
  release: string;
  arch: string;
  deps: Partial<Record<DepKind, string[]>>;
}
const TAGS: [DepKind, string][] = [
  ['provides', 'Prv'],
  ['requires', 'Req'],
  ['conflicts', 'Con'],
  ['obsoletes', 'Obs'],
  ['recommends', 'Rec'],
  ['suggests', 'Sug'],
  ['supplements', 'Sup'],
  ['enhances', 'Enh'],
];

let base: Pkg[];
let group: string[];
let requests: BuildrootRequest[];
let tmp: string;
beforeAll(async () => {
  const ex = await examplePool();
  group = ex.group;
  const pool = ex.pool;
  base = [];
  for (const { repo } of ex.bin) {
    for (const s of repo.solvables()) {
      const evr = s.evr;
      const cut = evr.lastIndexOf('-');
      const deps: Pkg['deps'] = {};
      for (const [kind] of TAGS) {
        const ds = s.deps(kind); // provides: the file provides finishPool added included, so file deps keep their providers
        if (ds.length) deps[kind] = ds;
      }
      base.push({ name: s.name, version: cut < 0 ? evr : evr.slice(0, cut), release: cut < 0 ? '-' : evr.slice(cut + 1), arch: s.arch, deps });
    }
  }
  const newest = newestSources(pool, ex.src.map((r) => r.repo));
  requests = [...newest.keys()].sort().map((n) => buildrootRequest(pool, newest.get(n)!));
  requests.push(GROUP_REQUEST, { requires: ['nothing-provides-this'], conflicts: [] });
  pool.free();
  tmp = await mkdtemp(join(tmpdir(), 'goose-carry-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const testtags = (pkgs: readonly Pkg[]) =>
  '=Ver: 3.0\n' +
  pkgs
    .map((p) => {
      let t = `=Pkg: ${p.name} ${p.version} ${p.release} ${p.arch}\n`;
      for (const [kind, tag] of TAGS) if (p.deps[kind]?.length) t += `+${tag}:\n${p.deps[kind]!.join('\n')}\n-${tag}:\n`;
      return t;
    })
    .join('');

/** A finished pool over one binary repo named `binary` holding `pkgs`. */
function poolOf(pkgs: readonly Pkg[]): Pool {
  const pool = new Pool({ arch: 'x86_64' });
  pool.addRepo('binary').addTesttags(testtags(pkgs));
  pool.createWhatProvides();
  return pool;
}

/** One random change of a package list (indices taken modulo its length). */
type Change =
  | { kind: 'remove'; i: number }
  | { kind: 'bump'; i: number; keepOld: boolean }
  | { kind: 'provider'; i: number; j: number }
  | { kind: 'require'; i: number; j: number }
  | { kind: 'conflict'; i: number; j: number }
  | { kind: 'weak'; i: number; j: number; dep: 'recommends' | 'suggests' | 'supplements' | 'enhances' };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('bump' as const), i: fc.nat(), keepOld: fc.boolean() }),
  fc.record({ kind: fc.constant('provider' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ kind: fc.constant('require' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ kind: fc.constant('conflict' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ kind: fc.constant('weak' as const), i: fc.nat(), j: fc.nat(), dep: fc.constantFrom('recommends' as const, 'suggests' as const, 'supplements' as const, 'enhances' as const) }),
);

let serial = 0;
/** `pkgs` after `c` (a new list; the packages it touches are copies). */
function apply(pkgs: readonly Pkg[], c: Change): Pkg[] {
  const out = [...pkgs];
  if (!out.length) return out;
  const i = c.i % out.length;
  const p = out[i];
  const needs = (q: Pkg) => [...(q.deps.requires ?? []), q.name];
  switch (c.kind) {
    case 'remove':
      out.splice(i, 1);
      break;
    case 'bump': {
      const next = { ...p, release: `${p.release}.${++serial}`, deps: { ...p.deps } };
      if (c.keepOld) out.push(next);
      else out[i] = next;
      break;
    }
    case 'provider': {
      // A new package providing something a package needs (an alternative, or a competitor by name).
      const ds = needs(out[c.j % out.length]);
      const d = ds[c.i % ds.length].split(' ')[0];
      out.push({ name: `alt${++serial}`, version: '1', release: '1', arch: 'x86_64', deps: { provides: [d], requires: c.j % 3 === 0 ? [out[c.j % out.length].name] : [] } });
      break;
    }
    case 'require':
      out[i] = { ...p, deps: { ...p.deps, requires: [...(p.deps.requires ?? []), c.j % 4 === 0 ? `missing${++serial}` : out[c.j % out.length].name] } };
      break;
    case 'weak':
      out[i] = { ...p, deps: { ...p.deps, [c.dep]: [...(p.deps[c.dep] ?? []), out[c.j % out.length].name] } };
      break;
    case 'conflict':
      out[i] = { ...p, deps: { ...p.deps, conflicts: [...(p.deps.conflicts ?? []), out[c.j % out.length].name] } };
      break;
  }
  return out;
}

const plain = (os: BuildrootOutcome[]) => os.map((o) => ({ ok: o.ok, installed: [...o.installed], direct: [...o.direct] }));

/** Every request solved over `pkgs`: through the store in `cacheDir` (carrying what it can), and without a store. */
async function solveBoth(pkgs: readonly Pkg[], cacheDir: string, weak: boolean) {
  const pool = poolOf(pkgs);
  const bin = pool.repos.slice(0, 1);
  try {
    const stored = await SolveService.start(pool, bin, group, { workers: 0, weak, store: { cacheDir } });
    const a = plain(await stored.solve(requests));
    await stored.close();
    const fresh = await SolveService.start(pool, bin, group, { workers: 0, weak });
    const b = plain(await fresh.solve(requests));
    await fresh.close();
    return { carried: stored.carried, stored: a, fresh: b };
  } finally {
    pool.free();
  }
}

describe('snapshots', () => {
  it('round-trip, and a damaged one decodes to undefined', () => {
    const pool = poolOf(base);
    try {
      const { snap } = takeSnapshot(pool, pool.repos.slice(0, 1), group, requests, false);
      const bytes = encodeSnapshot(snap);
      const back = decodeSnapshot(bytes)!;
      expect([...back.fpA]).toEqual([...snap.fpA]);
      expect([...back.provB]).toEqual([...snap.provB]);
      expect([...back.flags]).toEqual([...snap.flags]);
      const flipped = Uint8Array.from(bytes);
      flipped[20] ^= 1;
      expect(decodeSnapshot(flipped)).toBeUndefined();
      expect(decodeSnapshot(bytes.subarray(0, 40))).toBeUndefined();
    } finally {
      pool.free();
    }
  });
});

describe('carrying outcomes over a repository change', () => {
  it('carries every outcome when only a package nothing needs is added (a new context)', async () => {
    const cacheDir = join(tmp, 'same');
    await solveBoth(base, cacheDir, false);
    const r = await solveBoth([...base, { name: 'unrelated', version: '1', release: '1', arch: 'x86_64', deps: {} }], cacheDir, false);
    expect(r.stored).toEqual(r.fresh);
    expect(r.carried).toBe(requests.length);
  });

  for (const weak of [false, true]) {
    it(`gives what a full re-solve gives, for every request, over many random changes${weak ? ' (weak dependencies)' : ''}`, async () => {
      let carried = 0;
      let compared = 0;
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), async (steps) => {
          const cacheDir = join(tmp, `${weak ? 'w' : 'n'}${++run}`);
          let pkgs = base;
          await solveBoth(pkgs, cacheDir, weak);
          for (const step of steps) {
            pkgs = step.reduce(apply, pkgs);
            const r = await solveBoth(pkgs, cacheDir, weak);
            expect(r.stored).toEqual(r.fresh);
            carried += r.carried;
            compared += requests.length;
          }
          await rm(cacheDir, { recursive: true, force: true });
        }),
        { numRuns: weak ? 15 : 60, seed: weak ? 7 : 13 },
      );
      // Not vacuous: many outcomes were carried, and many were not.
      expect(carried).toBeGreaterThan(compared / 10);
      expect(carried).toBeLessThan(compared);
    }, 120_000);
  }
});
