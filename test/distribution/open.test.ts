/** openDistribution and openRebuild: the library's one-call entry, as every command uses it. */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DISTRIBUTION, openDistribution, openRebuild, resolveBuildGroup } from '../../src/distribution/index.js';
import { libsolv } from '../../src/native/index.js';
import { failure } from '../helpers/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-dist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const example = { repos: EXAMPLE_DISTRIBUTION.repos, srcrepos: EXAMPLE_DISTRIBUTION.srcrepos, arch: 'x86_64', noCache: true };

describe('openDistribution', () => {
  it('opens binaries and sources into one finished pool with the comps build group', async () => {
    using dist = await openDistribution({ ...example, group: 'build' });
    expect(dist.binary.map((r) => [r.id, r.format])).toEqual([['binary', 'rpm-md']]);
    expect(dist.source.map((r) => r.id)).toEqual(['source']);
    expect(dist.binaryRepos).toEqual(dist.binary.map((r) => r.repo));
    expect(dist.sourceRepos.map((r) => r.name)).toEqual(['source']);
    expect(dist.group.from).toBe("comps group 'build' of binary");
    expect(dist.group.names).toContain('gcc');
    expect(dist.pool.whatProvides('gcc').map((s) => s.name)).toContain('gcc'); // indexed: no createWhatProvides needed
  });

  it('finds the default group without being told, takes a list or @FILE, or none', async () => {
    const def = await openDistribution(example);
    expect(def.group.from).toBe("comps group 'build' of binary");
    expect(await resolveBuildGroup(['b', 'a'], def.binary, 'x86_64')).toEqual({ names: ['b', 'a'], from: 'the given list', missing: [] });
    const file = join(tmp, 'group.txt');
    writeFileSync(file, 'gcc\n# the compiler\nmake\n');
    expect(await resolveBuildGroup(`@${file}`, def.binary, 'x86_64')).toEqual({ names: ['gcc', 'make'], from: file, missing: [] });
    def.free();
    const none = await openDistribution({ ...example, group: false });
    expect(none.group).toEqual({ names: [], from: 'none', missing: [] });
    none.free();
  });

  it('is a typed error with nothing left allocated when a repository or the group is missing', async () => {
    await failure(openDistribution({ ...example, group: 'no-such-group' })); // warms lazily allocated buffers
    const before = libsolv()._gd_heap_in_use();
    expect((await failure(openDistribution({ ...example, repos: [], srcrepos: [] }))).code).toBe('USAGE');
    expect((await failure(openDistribution({ ...example, repos: ['/nonexistent/goose-repo'] }))).code).toBe('REPO_NOT_FOUND');
    expect((await failure(openDistribution({ ...example, group: 'no-such-group' }))).code).toBe('GROUP_NOT_FOUND');
    expect(libsolv()._gd_heap_in_use()).toBeLessThanOrEqual(before); // the pools were freed
  });
});

describe('openRebuild', () => {
  it('opens the upstream pool with the sources and the built pool with a copy of them', async () => {
    using rebuild = await openRebuild({ ...example, built: EXAMPLE_DISTRIBUTION.repos, group: 'build' });
    expect(rebuild.upstreamRepos.map((r) => r.name)).toEqual(['binary']);
    expect(rebuild.sourceRepos.map((r) => r.name)).toEqual(['source']);
    expect(rebuild.builtRepos.map((r) => r.name)).toEqual(['binary']);
    expect(rebuild.built.repos.map((r) => r.name)).toEqual(['binary', 'source-sources']);
    expect(rebuild.group).toContain('gcc');
    expect(rebuild.groupFrom).toBe("comps group 'build' of binary");
    expect(rebuild.loaded.source[0].repo).toBe(rebuild.sourceRepos[0]);
  });

  it('keeps the sources copy beside the .solv cache, and a later open loads the same pool from it', async () => {
    const cacheDir = join(tmp, 'cache');
    const opts = { ...example, noCache: false, cacheDir, built: EXAMPLE_DISTRIBUTION.repos, group: 'build' };
    const sourcesOf = (r: Awaited<ReturnType<typeof openRebuild>>) => r.built.repos[1].solvables().map((s) => `${s.name}-${s.evr}.${s.arch}`).sort();
    // The first open parses the XML and writes the copy; the second loads the repos and the copy from the cache.
    const first = await openRebuild(opts);
    const copy = `${first.loaded.source[0].solvCache}.sources-copy.solv`;
    expect(existsSync(copy)).toBe(true);
    const want = sourcesOf(first);
    first.free();
    const written = statSync(copy).mtimeMs;
    using second = await openRebuild(opts);
    expect(statSync(copy).mtimeMs).toBe(written); // read, not written again
    expect(second.built.repos.map((r) => r.name)).toEqual(['binary', 'source-sources']);
    expect(sourcesOf(second)).toEqual(want);
    expect(want.length).toBeGreaterThan(20);
    // A damaged copy is written again.
    writeFileSync(copy, 'not solv');
    using third = await openRebuild(opts);
    expect(sourcesOf(third)).toEqual(want);
    expect(statSync(copy).size).toBeGreaterThan(100);
  });

  it('names the list that is missing', async () => {
    expect((await failure(openRebuild({ ...example, built: [] }))).message).toContain('--built');
    expect((await failure(openRebuild({ ...example, srcrepos: [], built: ['x'] }))).message).toContain('--srcrepo');
  });
});
