/**
 * The module filtering cache beside the .solv cache (src/repodata/module-cache.ts): a cached run
 * must hide exactly the packages a run without the cache hides, for every --enable-module list,
 * and a damaged or foreign entry must be ignored, never trusted.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { moduleCachePath, readModuleCache, writeModuleCache, type ModuleCacheEntry } from '../../src/repodata/module-cache.js';
import { openRepos, type LoadedRepo } from '../../src/repodata/open.js';
import { Pool } from '../../src/solv/index.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-module-cache-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ENTRY: ModuleCacheEntry = { filter: { active: ['a:1'], excluded: ['x-0:1-1.x86_64'], maskedNames: ['y'], modular: ['x-0:1-1.x86_64'] }, nsolvables: 10, excludedOffsets: [3] };

describe('module cache entries', () => {
  it('a written entry reads back; the path depends on the --enable-module list and its order', async () => {
    const path = moduleCachePath(join(tmp, 'r.solv'), []);
    await writeModuleCache(path, ENTRY);
    expect(await readModuleCache(path, 10)).toEqual(ENTRY);
    expect(moduleCachePath(join(tmp, 'r.solv'), ['a:1'])).not.toBe(path);
    expect(moduleCachePath(join(tmp, 'r.solv'), ['a:1', 'b:2'])).not.toBe(moduleCachePath(join(tmp, 'r.solv'), ['b:2', 'a:1']));
  });
  it('an entry for another package count, a damaged one or a missing one is ignored', async () => {
    const path = moduleCachePath(join(tmp, 's.solv'), []);
    expect(await readModuleCache(path, 10)).toBeUndefined();
    await writeModuleCache(path, ENTRY);
    expect(await readModuleCache(path, 11)).toBeUndefined();
    writeFileSync(path, '{"filter":');
    expect(await readModuleCache(path, 10)).toBeUndefined();
    writeFileSync(path, JSON.stringify({ ...ENTRY, excludedOffsets: [10] })); // past the repo's end
    expect(await readModuleCache(path, 10)).toBeUndefined();
    writeFileSync(path, JSON.stringify({ ...ENTRY, filter: { ...ENTRY.filter, modular: [1] } }));
    expect(await readModuleCache(path, 10)).toBeUndefined();
  });
});

describeWithData('module filtering from the cache on CentOS Stream 9 AppStream', () => {
  const appstream = () => sharedPath('centos-stream-9', 'appstream');
  const open = async (options: { cacheDir?: string; noCache?: boolean; enableModules?: string[] }) => {
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const [r] = await openRepos(pool, [appstream()], options);
      return { excludedIds: r.excludedIds, excluded: r.excluded, modules: r.modules, format: r.format } satisfies Partial<LoadedRepo>;
    } finally {
      pool.free();
    }
  };
  it('hides the same packages with and without the cache, for the default streams and an enabled one', async () => {
    const cacheDir = join(tmp, 'appstream');
    const plain = await open({ noCache: true });
    expect(plain.excluded).toBeGreaterThan(0);
    const first = await open({ cacheDir }); // parses, writes the .solv and the module entry
    const second = await open({ cacheDir }); // reads both
    expect(second.format).toBe('solv-cache');
    expect(readdirSync(join(cacheDir, 'solv')).filter((f) => f.includes('.modules-'))).toHaveLength(1);
    expect(first).toEqual({ ...plain, format: 'rpm-md' });
    expect(second).toEqual({ ...plain, format: 'solv-cache' });

    const enabledPlain = await open({ noCache: true, enableModules: ['nginx:1.22'] });
    const enabledCached = [await open({ cacheDir, enableModules: ['nginx:1.22'] }), await open({ cacheDir, enableModules: ['nginx:1.22'] })];
    expect(enabledPlain.excludedIds).not.toEqual(plain.excludedIds);
    for (const e of enabledCached) expect(e).toEqual({ ...enabledPlain, format: 'solv-cache' });
    expect(readdirSync(join(cacheDir, 'solv')).filter((f) => f.includes('.modules-'))).toHaveLength(2);
  }, 120_000);
  it('an unknown stream is still a typed error once the repo is cached', async () => {
    const cacheDir = join(tmp, 'appstream');
    const err = await open({ cacheDir, enableModules: ['nginx:9.9'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GooseError);
    expect((err as GooseError).code).toBe('MODULE_STREAM_UNKNOWN');
  }, 60_000);
});
