/**
 * `goose-deps rdeps` and `order --affected-by` on the example distribution, checked against an
 * independent computation: each source's buildroot solved here with BuildrootResolver, and the
 * runtime Requires walked through whatProvides.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildrootResolver, buildrootRequest, GROUP_REQUEST, newestSources } from '../../src/buildroots/index.js';
import type { Pool } from '../../src/solv/index.js';
import { examplePool } from '../helpers/example.js';
import { runCli as run } from '../helpers/cli.js';

let pool: Pool;
/** Source name -> source names of its buildroot's binaries (unresolvable sources left out); past level 1 those of the group's own buildroot are left out (as rdeps does). */
const rootSources = new Map<string, Set<string>>();
/** The same without the binaries that come only with the build group (in the group's own buildroot and no BuildRequires' direct provider). */
const rootSourcesNotGroup = new Map<string, Set<string>>();
/** Binary name -> names of the binaries it Requires (through their providers). */
const requiresOf = new Map<string, Set<string>>();
/** Binary names built from source zlib. */
const zlibBinaries = new Set<string>();
const savedCache = process.env.XDG_CACHE_HOME;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'goose-rdeps-'));
  process.env.XDG_CACHE_HOME = tmp; // the buildroot store of these runs, never the user's
  const ex = await examplePool();
  pool = ex.pool;
  const resolver = new BuildrootResolver(pool, ex.group, false);
  const srcName = pool.sourceNameTable();
  const sourceOf = (p: number) => (srcName[p] ? pool.id2str(srcName[p]) : pool.solvable(p).name);
  const newest = newestSources(pool, ex.src.map((r) => r.repo));
  const groupRoot = new Set(resolver.resolve(GROUP_REQUEST).installed);
  for (const [name, p] of newest) {
    const o = resolver.resolve(buildrootRequest(pool, p));
    if (!o.ok) continue;
    rootSources.set(name, new Set([...o.installed].map(sourceOf)));
    const direct = new Set(o.direct.filter((_, k) => k % 2 === 0));
    rootSourcesNotGroup.set(name, new Set([...o.installed].filter((q) => !groupRoot.has(q) || direct.has(q)).map(sourceOf)));
  }
  resolver.free();
  for (const r of ex.bin) {
    for (const s of r.repo.solvables()) {
      if (sourceOf(s.id) === 'zlib') zlibBinaries.add(s.name);
      const set = requiresOf.get(s.name) ?? requiresOf.set(s.name, new Set()).get(s.name)!;
      for (const d of s.depIds('requires')) for (const q of pool.whatProvidesIds(d)) set.add(pool.solvable(q).name);
    }
  }
});
afterAll(async () => {
  pool.free();
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  await rm(tmp, { recursive: true, force: true });
});

/** Sources whose buildroot holds a binary of `source`, then those needing them, to `depth` levels. */
function expectedBuild(source: string, depth: number): string[] {
  const found = new Set<string>();
  let frontier = new Set([source]);
  for (let lvl = 1; lvl <= depth && frontier.size; lvl++) {
    const next = new Set<string>();
    for (const [name, srcs] of lvl === 1 ? rootSources : rootSourcesNotGroup) if (!found.has(name) && [...frontier].some((f) => srcs.has(f)) && (lvl === 1 || name !== source)) next.add(name);
    for (const n of next) found.add(n);
    frontier = next;
  }
  return [...found].sort();
}

describe('goose-deps rdeps', () => {
  it('lists the sources in whose buildroot a source is, to each depth, as an independent solve finds them', async () => {
    for (const depth of [1, 2]) {
      const r = await run(['rdeps', '--example', 'zlib', '--depth', String(depth), '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.build.map((e: { name: string }) => e.name).sort()).toEqual(expectedBuild('zlib', depth));
    }
    const all = JSON.parse((await run(['rdeps', '--example', 'zlib', '--json'])).stdout);
    expect(all.build.length).toBeGreaterThan(5);
  });

  it('lists the binaries whose Requires reach a binary of the source, level 1 as whatProvides finds them', async () => {
    const j = JSON.parse((await run(['rdeps', '--example', 'zlib', '--depth', '1', '--json'])).stdout);
    const direct = [...requiresOf].filter(([name, reqs]) => !zlibBinaries.has(name) && [...reqs].some((q) => zlibBinaries.has(q))).map(([n]) => n).sort();
    expect(j.install.map((e: { name: string }) => e.name).sort()).toEqual(direct);
    expect(direct.length).toBeGreaterThan(0);
  });

  it('prints text, deterministic, and exits 2 naming an unknown package', async () => {
    const a = await run(['rdeps', '--example', 'zlib']);
    const b = await run(['rdeps', '--example', 'zlib']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^zlib is needed\n {2}to build \(\d+ sources/);
    const bad = await run(['rdeps', '--example', 'no-such-thing']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/UNKNOWN_PACKAGE.*no-such-thing/);
  });
});

describe('goose-deps order --affected-by', () => {
  it('orders exactly the affected sources, the same with the store as with --no-cache', async () => {
    const r = await run(['order', '--example', '--affected-by', 'zlib', '--json']);
    const j = JSON.parse(r.stdout);
    const unres = j.unresolvable.map((u: { name: string }) => u.name);
    expect([...j.waves.flat(), ...unres].sort()).toEqual(expectedBuild('zlib', Infinity));
    const again = await run(['order', '--example', '--affected-by', 'zlib', '--json', '--no-cache']);
    expect(again.stdout).toBe(r.stdout);
    const one = JSON.parse((await run(['order', '--example', '--affected-by', 'zlib', '--depth', '1', '--json'])).stdout);
    expect(one.waves.flat().sort()).toEqual(expectedBuild('zlib', 1).filter((n) => !unres.includes(n)));
  });

  it('starts from the binaries providing a glob, and exits 2 when none does', async () => {
    const r = await run(['order', '--example', '--changed-provides', 'libz.so*', '--format', 'koji']);
    expect(r.stdout.length).toBeGreaterThan(0);
    const bad = await run(['order', '--example', '--changed-provides', 'libnothing*.so.9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/UNKNOWN_PACKAGE.*libnothing/);
  });
});
