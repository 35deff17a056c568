import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyseBlockers, computeReadiness, sourceNvr, type Readiness, type ReadinessStatus } from '../../src/readiness/index.js';
import { loadReadinessInput } from '../../src/cli/readiness.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';
import { builtFolder, exampleGroup, groupSources } from './readiness-fixture.js';

async function readinessOf(builtSources: string[], only?: string[], workers = 0): Promise<Readiness> {
  const dir = await builtFolder(builtSources);
  const { input, free } = await loadReadinessInput({ repo: EXAMPLE.repo, srcrepo: EXAMPLE.srcrepo, built: [dir], group: 'build', arch: 'x86_64', cache: false });
  try {
    return await computeReadiness(input, { only, workers });
  } finally {
    free();
  }
}

let core: string[];
let r: Readiness;
let dir: string;
beforeAll(async () => {
  core = await groupSources();
  // The real path: two worker threads per pool (the solve services), as the CLI runs it.
  r = await readinessOf(core, undefined, 2);
  dir = await builtFolder(core);
});

const byStatus = (x: Readiness, s: ReadinessStatus) => x.packages.filter((p) => p.status === s).map((p) => p.name);

describe('readiness of the example distribution with the build group\'s sources built', () => {
  it('marks the 17 sources of the group\'s buildroot built, hello ready, the 3 broken ones unresolvable', () => {
    expect(byStatus(r, 'built')).toEqual(core);
    expect(core).toHaveLength(17);
    expect(r.nextWave).toEqual(['hello']);
    expect(byStatus(r, 'unresolvable')).toEqual(['musl', 'pandoc', 'python-pip']);
    expect(r.summary).toMatchObject({ total: 38, built: 17, ready: 1, blocked: 17, unresolvable: 3, percentBuilt: 44.7, percentReady: 2.6 });
  });
  it('says what blocks each blocked package, as sources', () => {
    const p = (n: string) => r.packages.find((x) => x.name === n)!;
    expect(p('rpmlint').blockedBy).toEqual(['openssl', 'python-pip', 'python-setuptools', 'python3']);
    expect(p('texinfo').blockedBy).toEqual(['perl']);
    expect(p('texinfo').missing).toEqual(['perl-interpreter', 'perl-libs']);
    expect(p('texinfo').explanations[0].causes[0]).toEqual({
      kind: 'needs-unbuilt', dep: 'perl-interpreter >= 4:5.36', origin: { by: 'build-requires' }, providers: ['perl-interpreter'], binary: 'perl-interpreter', blocker: 'perl', blockerState: 'not-built',
    });
  });
  it('finds the cycles and ranks the perl cycle as the root cause that blocks the most', () => {
    expect(r.cycles).toEqual([['perl', 'perl-ExtUtils-MakeMaker', 'perl-generators'], ['docbook-style-xsl', 'libxml2'], ['python-setuptools', 'python3']]);
    expect(r.rootCauses[0]).toEqual({ members: ['perl', 'perl-ExtUtils-MakeMaker', 'perl-generators'], status: 'cycle', blocks: 3, blocksTransitively: 14 });
    expect(r.rootCauses.map((c) => c.members.join())).toContain('python-pip');
    expect(r.packages.filter((p) => p.inCycle).map((p) => p.name)).toEqual(['docbook-style-xsl', 'libxml2', 'perl', 'perl-ExtUtils-MakeMaker', 'perl-generators', 'python-setuptools', 'python3']);
  });
  it('explains unresolvable packages from libsolv\'s rule info', () => {
    const musl = r.packages.find((p) => p.name === 'musl')!;
    expect(musl.explanations[0].causes.map((c) => c.kind)).toEqual(['build-conflicts', 'group-package', 'requires-uninstallable']);
    const pandoc = r.packages.find((p) => p.name === 'pandoc')!;
    expect(pandoc.explanations[0].causes).toEqual([{ kind: 'build-requires-unprovided', dep: 'ghc-compiler >= 9.4' }]);
  });
  it('with nothing built, the build group blocks everything and itself waits for its sources', async () => {
    const none = await readinessOf(['hello']); // hello's binary alone: the group does not install
    expect(none.group.ready).toBe(false);
    expect(none.group.blockedBy).toEqual(core);
    expect(byStatus(none, 'ready')).toEqual([]);
    expect(byStatus(none, 'built')).toEqual(['hello']);
    expect(none.rootCauses.length).toBeGreaterThan(0);
  });
  it('honours --only and rejects unknown names', async () => {
    const some = await readinessOf(core, ['hello', 'rpmlint']);
    expect(some.packages.map((p) => [p.name, p.status])).toEqual([['hello', 'ready'], ['rpmlint', 'blocked']]);
    expect(some.rootCauses.every((c) => c.status === 'external')).toBe(true);
    await expect(readinessOf(core, ['no-such-source'])).rejects.toThrow(/no source package named 'no-such-source'/);
  });
  it('matches the native python3-solv reference (bench/native/readiness.py) status by status', async () => {
    if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 with python3-solv is required');
    const out = execFileSync('/usr/bin/python3', [join(PROJECT_ROOT, 'bench', 'native', 'readiness.py'), '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', dir, '--group-names', (await exampleGroup()).join(',')], { encoding: 'utf8' });
    const native = JSON.parse(out) as Record<string, { status: string; blockedBy: string[] }>;
    const ours = Object.fromEntries(r.packages.map((p) => [p.name, { status: p.status, blockedBy: p.blockedBy }]));
    expect(ours).toEqual(native);
  });
  it('is deterministic, and this thread gives what the workers give', async () => {
    const again = await readinessOf(core);
    const timeless = (x: Readiness) => JSON.stringify({ ...x, stats: { ...x.stats, seconds: 0 } });
    expect(timeless(again)).toBe(timeless(r));
  });
  it('compares source name-version-release without the epoch, as sourcerpm names do', () => {
    expect(sourceNvr('perl', '4:5.36.0-1')).toBe('perl-5.36.0-1');
    expect(sourceNvr('hello', '1.0-2')).toBe('hello-1.0-2');
  });
});

describe('analyseBlockers (pure)', () => {
  const graphs = fc
    .integer({ min: 1, max: 14 })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        status: fc.array(fc.constantFrom<ReadinessStatus>('built', 'ready', 'blocked', 'unresolvable'), { minLength: n, maxLength: n }),
        edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
      }),
    )
    .map(({ n, status, edges }) => {
      const name = (i: number) => `p${String(i).padStart(2, '0')}`;
      const statuses = new Map(status.map((s, i) => [name(i), s] as const));
      const blockedBy = new Map<string, string[]>();
      for (const [a, b] of edges) {
        if (status[a] !== 'blocked') continue; // only blocked packages wait for something
        blockedBy.set(name(a), [...new Set([...(blockedBy.get(name(a)) ?? []), name(b)])].sort());
      }
      void n;
      return { statuses, blockedBy };
    });

  it('every root waits for nothing outside itself; every blocked package reaches a root; ranking is sorted and deterministic', () => {
    fc.assert(
      fc.property(graphs, ({ statuses, blockedBy }) => {
        const a = analyseBlockers(statuses, blockedBy);
        const inRoot = new Set(a.rootCauses.flatMap((c) => c.members));
        for (const c of a.rootCauses) {
          if (c.status === 'cycle') expect(c.members.every((m) => statuses.get(m) === 'blocked')).toBe(true);
          else {
            // Not waiting for anything: unblocked, or blocked with no known blocker.
            expect(c.members).toHaveLength(1);
            if (statuses.get(c.members[0]) === 'blocked') expect(blockedBy.get(c.members[0]) ?? []).toEqual([]);
          }
          expect(c.blocksTransitively).toBeGreaterThanOrEqual(c.blocks);
        }
        for (const [p, bs] of blockedBy) {
          if (!bs.length) continue;
          const seen = new Set<string>([p]);
          const queue = [p];
          let found = inRoot.has(p);
          while (queue.length && !found) for (const b of blockedBy.get(queue.shift()!) ?? []) if (!seen.has(b)) (seen.add(b), queue.push(b), (found ||= inRoot.has(b)));
          expect(found).toBe(true);
        }
        for (let i = 1; i < a.rootCauses.length; i++) expect(a.rootCauses[i - 1].blocksTransitively).toBeGreaterThanOrEqual(a.rootCauses[i].blocksTransitively);
        expect(JSON.stringify(analyseBlockers(statuses, blockedBy))).toBe(JSON.stringify(a));
      }),
    );
  });
  it('counts direct and transitive dependents, and calls a self-blocked package a cycle', () => {
    const statuses = new Map<string, ReadinessStatus>([['a', 'blocked'], ['b', 'blocked'], ['c', 'ready'], ['g', 'blocked']]);
    const a = analyseBlockers(statuses, new Map([['a', ['b']], ['b', ['c']], ['g', ['g']]]));
    expect(a.rootCauses).toEqual([
      { members: ['c'], status: 'ready', blocks: 1, blocksTransitively: 2 },
      { members: ['g'], status: 'cycle', blocks: 0, blocksTransitively: 0 },
    ]);
    expect(a.cycles).toEqual([['g']]);
  });
});
