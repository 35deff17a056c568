import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool, type Repo } from '../../src/solv/index.js';
import { openRepos, finishPool } from '../../src/repodata/open.js';
import { buildGroupPackages } from '../../src/repodata/comps.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { selfHostingBuildroot, type Buildroot } from '../../src/buildroot/index.js';
import { SourceIndex } from '../../src/buildroots/index.js';
import { verifyBuildroot } from '../../src/buildroot/index.js';
import { buildrootJson } from '../../src/report/buildroot.js';

let pool: Pool;
let bin: Repo[];
let src: Repo[];
let group: string[];
let result: Buildroot;

beforeAll(async () => {
  pool = new Pool({ arch: 'x86_64' });
  const binary = await openRepos(pool, EXAMPLE.repo, { noCache: true });
  const source = await openRepos(pool, EXAMPLE.srcrepo, { noCache: true });
  await finishPool(pool, [...binary, ...source]);
  group = buildGroupPackages(binary[0].comps!, 'build');
  bin = binary.map((r) => r.repo);
  src = source.map((r) => r.repo);
  // The real path: two worker threads (the solve service), as the CLI runs it.
  result = await selfHostingBuildroot(pool, bin, src, group, { verify: true, workers: 2 });
});
afterAll(() => pool.free());

/** Self-hosting of `sources` with every binary built from them visible (nothing else). */
async function selfHosting(sources: string[]): Promise<boolean> {
  const index = new SourceIndex(pool, bin, src);
  const binaries = sources.flatMap((s) => [...index.binariesOf(s)]);
  return (await verifyBuildroot(pool, bin, src, group, { sources, binaries }, { index, workers: 0 })).ok;
}

// fixtures/README.md: "the self-hosting buildroot is 34 binaries from 21 sources", the SCC of 21.
const EXPECTED_SOURCES = 'annobin bash binutils coreutils filesystem gcc glibc gmp make ncurses perl perl-ExtUtils-MakeMaker perl-generators readline redhat-rpm-config rpm sed setup tar texinfo zlib'.split(' ');

describe('selfHostingBuildroot on the example distribution', () => {
  it('finds the 21 sources and 34 binaries fixtures/README.md describes, and proves them', () => {
    expect(result.selfHosting).toBe(true);
    expect(result.sources.map((s) => s.name)).toEqual(EXPECTED_SOURCES);
    expect(result.binaries).toHaveLength(34);
    expect(result.verify?.ok).toBe(true);
    expect(result.verify?.checked).toBe(22); // 21 buildroots + the group
    // Nothing outside the set: no python, no pandoc, no unresolvable source.
    expect(result.unresolvable).toEqual([]);
    expect(result.missingSources).toEqual([]);
  });

  it('has every binary built from a source of the set, and every source contributes a binary', async () => {
    const index = new SourceIndex(pool, bin, src);
    const names = new Set(result.sources.map((s) => s.name));
    for (const b of result.binaries) expect(names.has(index.sourceOf(b.id))).toBe(true);
    const used = new Set(result.binaries.map((b) => index.sourceOf(b.id)));
    expect([...names].filter((n) => !used.has(n))).toEqual([]);
  });

  it('is minimal: dropping any one source (and its binaries) breaks self-hosting', async () => {
    const names = result.sources.map((s) => s.name);
    expect(await selfHosting(names)).toBe(true);
    const survivors: string[] = [];
    for (const s of names) if (await selfHosting(names.filter((n) => n !== s))) survivors.push(s);
    expect(survivors).toEqual([]);
  });

  it('gives each package its level and a chain from the build group', () => {
    const level = new Map(result.sources.map((s) => [s.name, s.level]));
    for (const p of [...result.sources, ...result.binaries]) {
      expect(p.chain[0].kind).toBe('group');
      expect(group).toContain((p.chain[0] as { binary: string }).binary);
      // A package at level k went through k BuildRequires, each in the buildroot of a source one level down.
      const br = p.chain.filter((s) => s.kind === 'buildrequires') as { source: string }[];
      expect(br).toHaveLength(p.level);
      br.forEach((s, k) => expect(level.get(s.source)).toBe(k));
    }
    const bins = new Map(result.binaries.map((b) => [b.name, b]));
    expect(bins.get('bash')!.chain).toEqual([{ kind: 'group', binary: 'bash' }]);
    expect(bins.get('texinfo')!.level).toBe(1);
    expect(bins.get('texinfo')!.chain.at(-1)).toEqual({ kind: 'buildrequires', source: 'binutils', dep: 'texinfo >= 6.8', provider: 'texinfo' });
    expect(level.get('perl-ExtUtils-MakeMaker')).toBe(3);
    expect(result.sources.find((s) => s.name === 'perl-ExtUtils-MakeMaker')!.chain.at(-1)).toEqual({ kind: 'builtfrom', binary: 'perl-ExtUtils-MakeMaker', source: 'perl-ExtUtils-MakeMaker' });
  });

  it('is deterministic, and this thread gives what the workers give: the same JSON (timings aside)', async () => {
    const again = await selfHostingBuildroot(pool, bin, src, group, { verify: true, workers: 0 });
    const strip = (r: Buildroot) => JSON.stringify({ ...(buildrootJson(r) as object), timings: undefined });
    expect(strip(again)).toBe(strip(result));
  });

  it('reports the closure size before minimisation, never smaller than the result', async () => {
    const plain = await selfHostingBuildroot(pool, bin, src, group, { minimize: false, reuse: false, workers: 0 });
    expect(plain.closure.sources).toBe(plain.sources.length);
    expect(plain.sources.length).toBeGreaterThanOrEqual(result.sources.length);
    expect(result.closure.sources).toBeGreaterThanOrEqual(result.sources.length);
    expect(result.timings.total).toBeGreaterThan(0);
  });
});

describe('verifyBuildroot', () => {
  it('fails, naming the buildroot and the missing dependency, when a needed binary is left out', async () => {
    const keep = result.binaries.filter((b) => b.name !== 'texinfo');
    const v = await verifyBuildroot(pool, bin, src, group, { sources: result.sources.map((s) => s.name), binaries: keep.map((b) => b.id) }, { workers: 0 });
    expect(v.ok).toBe(false);
    expect(v.failures.map((f) => f.source)).toEqual(['binutils']);
    expect(v.failures[0].problems[0].text).toContain('texinfo');
    expect(v.groupProblems).toEqual([]);
  });

  it('fails when a binary of the set has no source in it, or a source is unknown', async () => {
    const v = await verifyBuildroot(pool, bin, src, group, { sources: [...result.sources.map((s) => s.name).filter((s) => s !== 'sed'), 'no-such-source'], binaries: result.binaries.map((b) => b.id) }, { workers: 0 });
    expect(v.ok).toBe(false);
    expect(v.orphanBinaries).toEqual(['sed (sed)']);
    expect(v.unknownSources).toEqual(['no-such-source']);
  });
});

describe('selfHostingBuildroot when the group cannot be self-hosting', () => {
  it('reports a source of the closure whose buildroot does not install (pandoc needs ghc)', async () => {
    const r = await selfHostingBuildroot(pool, bin, src, [...group, 'pandoc'], { workers: 0 });
    expect(r.selfHosting).toBe(false);
    expect(r.unresolvable.map((u) => u.source)).toEqual(['pandoc']);
    expect(r.unresolvable[0].problems[0].text).toContain('ghc-compiler');
    expect(r.minimize).toBeUndefined();
  });

  it('reports a build group that does not install', async () => {
    const r = await selfHostingBuildroot(pool, bin, src, [...group, 'no-such-package'], { workers: 0 });
    expect(r.selfHosting).toBe(false);
    expect(r.groupProblems.length).toBeGreaterThan(0);
    expect(r.sources).toEqual([]);
  });
});
