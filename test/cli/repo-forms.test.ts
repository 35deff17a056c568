/** Issue 11 item 12: the forms a repository takes on the command line, and --cache-dir. */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { repoRootUrl, splitRepoId } from '../../src/repodata/source.js';

const BINARY = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
let tmp: string;
let server: RepoHttpServer;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-forms-'));
  server = await startRepoHttpServer(BINARY);
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

const query = (repo: string, ...rest: string[]) => runCli(['query', '--repo', repo, '--no-cache', '--qf', '%{reponame} %{name}', 'bash', ...rest]);

describe('repository forms', () => {
  it('DIR/repodata is the repository DIR', async () => {
    const r = await query(join(BINARY, 'repodata'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('binary bash\n');
  });
  it('URL/repodata/repomd.xml and URL/repodata/ are the repository URL', async () => {
    for (const form of [`${server.url}/good/repodata/repomd.xml`, `${server.url}/good/repodata/`, `${server.url}/good/repodata`]) {
      const cache = join(tmp, 'c-url');
      const r = await runCli(['query', '--repo', form, '--cache-dir', cache, '--qf', '%{name}', 'bash']);
      expect(r.stdout, form).toBe('bash\n');
      expect(r.code).toBe(0);
    }
    expect(repoRootUrl('https://h/os/repodata/repomd.xml')).toBe('https://h/os/');
    expect(repoRootUrl('https://h/myrepodata')).toBe('https://h/myrepodata');
  });
  it('ID=SOURCE names the repository, shown by %{reponame}', async () => {
    expect((await query(`base=${BINARY}`)).stdout).toBe('base bash\n');
    expect((await query(`web=${server.url}/good/`, '--cache-dir', join(tmp, 'c-id'))).stdout).toBe('web bash\n');
    expect(splitRepoId('http://h/x?a=b')).toEqual({ source: 'http://h/x?a=b' });
  });
  it('a .repo whose sections are all disabled is an error that says so', async () => {
    const file = join(tmp, 'off.repo');
    writeFileSync(file, `[a]\nbaseurl=file://${BINARY}\nenabled=0\n\n[b]\nbaseurl=file://${BINARY}\nenabled=0\n`);
    const r = await query(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('REPOFILE_ALL_DISABLED');
    expect(r.stderr).toContain('[a] [b]');
  });
  it('--cache-dir puts downloads and .solv files there, not in XDG_CACHE_HOME', async () => {
    const cache = join(tmp, 'c-dir');
    const r = await runCli(['query', '--repo', `${server.url}/good/`, '--cache-dir', cache, '--qf', '%{name}', 'bash']);
    expect(r.stdout).toBe('bash\n');
    expect(existsSync(cache)).toBe(true);
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });
});

describe('a mirror that failed', () => {
  it('is not tried again for every file of the same run', async () => {
    const file = join(tmp, 'mirrors.repo');
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    writeFileSync(file, `[two]\nname=two\nbaseurl=http://127.0.0.1:9/dead/\n        ${server.url}/good/\n`);
    const r = await runCli(['query', '--repo', file, '--cache-dir', join(tmp, 'c-dead'), '--retries', '0', '--qf', '%{name}', 'bash']);
    expect(r.stdout).toBe('bash\n');
    const tries = r.stderr.split('\n').filter((l) => l.includes('failed on http://127.0.0.1:9/dead/'));
    expect(tries).toHaveLength(1); // repomd.xml only; primary (and the rest) go to the good mirror
    expect(tries[0]).toContain('repodata/repomd.xml');
  });
});

describe('cache pruning', () => {
  it('drops the files of a repository that its repomd.xml no longer names, and keeps the ones it does', async () => {
    const { cachePath } = await import('../../src/repodata/cache.js');
    const { dirname } = await import('node:path');
    const cache = join(tmp, 'c-prune');
    const base = `${server.url}/good/`;
    const first = await runCli(['query', '--repo', base, '--cache-dir', cache, '--qf', '%{name}', 'bash']);
    expect(first.stdout).toBe('bash\n');
    const folder = dirname(cachePath(cache, base, 'x'));
    const current = readdirSync(folder).sort();
    expect(current.length).toBeGreaterThan(0);
    writeFileSync(join(folder, '0123abcd-primary.xml.gz'), 'yesterday'); // named by no repomd any more
    const again = await runCli(['query', '--repo', base, '--cache-dir', cache, '--qf', '%{name}', 'bash']);
    expect(again.stdout).toBe('bash\n');
    expect(readdirSync(folder).sort()).toEqual(current);
  });
});
