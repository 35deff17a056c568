/**
 * `order` and `rdeps` find the stored graph without loading the repositories when an earlier run recorded
 * which graph these inputs give (src/cli/graph-shortcut.ts): the answers are byte-identical to a
 * run that loads (and to `--no-cache`); the shortcut holds even with the repositories' package
 * data gone (proof that nothing was loaded); a changed repomd.xml or group file finds none.
 */
import { cpSync, existsSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DISTRIBUTION } from '../../src/distribution/index.js';
import { runCli as run } from '../helpers/cli.js';

let tmp: string;
let repos: string[];
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'goose-shortcut-'));
  cpSync(EXAMPLE_DISTRIBUTION.repos[0], join(tmp, 'binary'), { recursive: true });
  cpSync(EXAMPLE_DISTRIBUTION.srcrepos[0], join(tmp, 'source'), { recursive: true });
  repos = ['--repo', join(tmp, 'binary'), '--srcrepo', join(tmp, 'source'), '--group', EXAMPLE_DISTRIBUTION.group, '--cache-dir', join(tmp, 'cache')];
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('order and rdeps through the graph shortcut', () => {
  it('answers as a run that loads, and as --no-cache, then without the package data at all', async () => {
    const asks = [
      ['order', '--json'],
      ['order', '--format', 'koji'],
      ['order', '--affected-by', 'zlib', '--json'],
      ['order', '--affected-by', 'zlib', '--depth', '1'],
      ['order', '--affected-by', 'glibc', '--json', '--edges'],
      ['rdeps', 'zlib', '--json'],
      ['rdeps', 'glibc', 'bash', '--depth', '1'],
    ];
    const first = [];
    for (const a of asks) first.push(await run([...a, ...repos]));
    expect(await readdir(join(tmp, 'cache', 'graph-shortcuts'))).toHaveLength(1);
    for (const [i, a] of asks.entries()) {
      const none = await run([...a, ...repos, '--no-cache']);
      expect(first[i]).toEqual(none);
      expect(await run([...a, ...repos])).toEqual(first[i]);
    }
    // The package data and the .solv cache gone, repomd.xml kept: only the shortcut can answer.
    for (const r of ['binary', 'source']) for (const f of await readdir(join(tmp, r, 'repodata'))) if (f !== 'repomd.xml') await rm(join(tmp, r, 'repodata', f));
    await rm(join(tmp, 'cache', 'solv'), { recursive: true, force: true });
    for (const [i, a] of asks.entries()) expect(await run([...a, ...repos])).toEqual(first[i]);
    // A name the graph does not hold needs the repositories: they are loaded (and now fail).
    expect((await run(['order', ...repos, '--affected-by', 'no-such-package'])).code).toBe(2);
    expect((await run(['rdeps', 'no-such-package', ...repos])).code).toBe(2);
    // A changed repomd.xml is another fingerprint: no shortcut, the load fails.
    await appendFile(join(tmp, 'binary', 'repodata', 'repomd.xml'), '\n');
    const changed = await run(['order', ...repos, '--json']);
    expect(changed.code).toBe(2);
    expect(existsSync(join(tmp, 'cache', 'graph-shortcuts'))).toBe(true);
  });
});

describe('loadFingerprint', () => {
  it('changes with a group file, a flag or a repomd.xml; is undefined for a repository that is not a local rpm-md folder', async () => {
    const { loadFingerprint } = await import('../../src/cli/graph-shortcut.js');
    const dir = await mkdtemp(join(tmpdir(), 'goose-fp-'));
    try {
      cpSync(EXAMPLE_DISTRIBUTION.repos[0], join(dir, 'binary'), { recursive: true });
      cpSync(EXAMPLE_DISTRIBUTION.srcrepos[0], join(dir, 'source'), { recursive: true });
      await appendFile(join(dir, 'group.txt'), 'bash\n');
      const base = { repo: [join(dir, 'binary')], srcrepo: [join(dir, 'source')], group: `@${join(dir, 'group.txt')}`, arch: 'x86_64', json: false, cache: true, enableModule: [] };
      const key = async (over: object = {}) => (await loadFingerprint({ ...base, ...over }))?.key;
      const k0 = await key();
      expect(k0).toMatch(/^[0-9a-f]{32}$/);
      expect(await key()).toBe(k0);
      const others = [await key({ arch: 'aarch64' }), await key({ weak: true }), await key({ enableModule: ['x:1'] }), await key({ group: 'build' })];
      await appendFile(join(dir, 'group.txt'), 'gcc\n');
      others.push(await key());
      await appendFile(join(dir, 'source', 'repodata', 'repomd.xml'), '\n');
      others.push(await key({ group: 'build' }));
      expect(new Set([k0, ...others]).size).toBe(others.length + 1);
      expect(await key({ repo: ['https://example.org/repo'] })).toBeUndefined();
      expect(await key({ repo: [join(dir, 'binary', 'Packages')] })).toBeUndefined();
      expect(await key({ group: `@${join(dir, 'missing.txt')}` })).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
