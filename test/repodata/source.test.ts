import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { cachePath } from '../../src/repodata/cache.js';
import { digest } from '../../src/repodata/checksum.js';
import { parseSetopt, type DownloadNotice } from '../../src/repodata/network.js';
import { findRecord } from '../../src/repodata/repomd.js';
import { fetchRepoFile, fetchRepomd, parseMetalink, parseMirrorlist, resolveRepoSource, type RepoDescriptor } from '../../src/repodata/source.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';
import { failure } from '../helpers/errors.js';


const FAST = { retries: 3, backoffMs: 5, timeoutMs: 5000, stallMs: 300 };

describe('mirrorlist and metalink', () => {
  it('parses a mirrorlist, skipping comments and non-http lines', () => {
    expect(parseMirrorlist('# x\n\nhttp://a/b\nftp://c/\nhttps://d/e/\n')).toEqual(['http://a/b/', 'https://d/e/']);
  });

  it('parses a metalink by preference and keeps its repomd hashes', () => {
    const m = parseMetalink(`<metalink><files><file name="repomd.xml"><verification><hash type="sha256">AB12</hash><hash type="weird">x</hash></verification>
      <resources><url preference="10">http://b/repodata/repomd.xml</url><url preference="90">https://a/x/repodata/repomd.xml</url></resources></file></files></metalink>`);
    expect(m).toEqual({ baseurls: ['https://a/x/', 'http://b/'], repomdChecksums: [{ type: 'sha256', value: 'ab12' }] });
  });
});

describeWithData('local repositories', () => {
  const repoDir = sharedPath('fedora-srpms-unitedrpms');

  it('a folder, a file:// URL and a .repo file resolve to the same local repository', async () => {
    const [a] = await resolveRepoSource(repoDir);
    const [b] = await resolveRepoSource(pathToFileURL(repoDir).toString());
    expect(a).toMatchObject({ kind: 'local', root: repoDir, id: 'fedora-srpms-unitedrpms' });
    expect(b.root).toBe(repoDir);
    expect((await resolveRepoSource(join(repoDir, 'repodata', 'repomd.xml')))[0].root).toBe(repoDir);
    const tmp = mkdtempSync(join(tmpdir(), 'goose-repofile-'));
    try {
      writeFileSync(join(tmp, 'x.repo'), `[united-$releasever]\nbaseurl=file://${repoDir}\n[off]\nbaseurl=http://x/\nenabled=0\n`);
      const repos = await resolveRepoSource(join(tmp, 'x.repo'), { vars: { releasever: '24' } });
      expect(repos.map((r) => [r.id, r.kind, r.root])).toEqual([['united-24', 'local', repoDir]]);
      expect(await resolveRepoSource(join(tmp, 'x.repo'), { includeDisabled: true })).toHaveLength(2);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reads repomd and a verified record in place', async () => {
    const [repo] = await resolveRepoSource(repoDir);
    const { repomd } = await fetchRepomd(repo);
    const primary = findRecord(repomd, 'primary');
    expect(primary).toBeDefined();
    const events: number[] = [];
    const bytes = await fetchRepoFile(repo, primary!.location, { expectedChecksum: primary!.checksum, onProgress: (p) => events.push(p.bytes) });
    expect(bytes.length).toBe(primary!.size);
    expect(events).toEqual([primary!.size]);
    const err = await failure(fetchRepoFile(repo, primary!.location, { expectedChecksum: { type: 'sha256', value: '00'.repeat(32) } }));
    expect(err.code).toBe('CHECKSUM_MISMATCH');
    expect(err.message).toContain(primary!.checksum!.value);
    expect(err.message).toContain('0000');
  });

  it('names what is missing: folder, repomd.xml, a record file; refuses unsafe paths', async () => {
    expect((await failure(resolveRepoSource('/nonexistent/goose-repo'))).code).toBe('REPO_NOT_FOUND');
    const empty = mkdtempSync(join(tmpdir(), 'goose-empty-'));
    try {
      const [repo] = await resolveRepoSource(empty);
      expect((await failure(fetchRepomd(repo))).code).toBe('REPOMD_NOT_FOUND');
      expect((await failure(fetchRepoFile(repo, 'repodata/x-primary.xml.gz'))).code).toBe('REPO_FILE_MISSING');
      expect((await failure(fetchRepoFile(repo, '../../etc/passwd'))).code).toBe('REPOMD_UNSAFE_LOCATION');
      rmSync(empty, { recursive: true });
      expect((await failure(fetchRepomd(repo))).code).toBe('REPO_NOT_FOUND');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describeWithData('remote repositories over HTTP', () => {
  let server: RepoHttpServer;
  let root: string;
  let cacheDir: string;
  let primaryHref: string;
  let primarySum: { type: string; value: string };
  let primarySize: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'goose-http-repo-'));
    cpSync(sharedPath('fedora-srpms-unitedrpms', 'repodata'), join(root, 'repodata'), { recursive: true });
    server = await startRepoHttpServer(root);
    const [repo] = await resolveRepoSource(root);
    const primary = findRecord((await fetchRepomd(repo)).repomd, 'primary')!;
    primaryHref = primary.location;
    primarySum = primary.checksum!;
    primarySize = primary.size!;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const fresh = (): string => {
    cacheDir = mkdtempSync(join(tmpdir(), 'goose-cache-'));
    return cacheDir;
  };
  const remote = async (prefix: string): Promise<RepoDescriptor> => (await resolveRepoSource(`${server.url}/${prefix}`))[0];

  it('downloads, verifies, reports progress, caches, and serves the cache next time', async () => {
    const dir = fresh();
    const repo = await remote('good');
    const { repomd } = await fetchRepomd(repo, { cacheDir: dir, http: FAST });
    expect(findRecord(repomd, 'primary')?.location).toBe(primaryHref);
    const progress: { bytes: number; total?: number }[] = [];
    const bytes = await fetchRepoFile(repo, primaryHref, { cacheDir: dir, expectedChecksum: primarySum, size: primarySize, http: FAST, onProgress: (p) => progress.push(p) });
    expect(digest(bytes, 'sha256')).toBe(primarySum.value);
    expect(progress.at(-1)).toEqual({ file: primaryHref, bytes: primarySize, total: primarySize });
    expect(progress.every((p, i) => i === 0 || p.bytes > progress[i - 1].bytes)).toBe(true);
    const cached = cachePath(dir, repo.baseurls[0], primaryHref, primarySum);
    expect(existsSync(cached)).toBe(true);
    expect(readdirSync(join(cached, '..')).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const before = server.hits.get(`/good/${primaryHref}`);
    const again = await fetchRepoFile(repo, primaryHref, { cacheDir: dir, expectedChecksum: primarySum, http: FAST });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(server.hits.get(`/good/${primaryHref}`)).toBe(before);
  });

  it('a damaged cache entry is fetched again', async () => {
    const dir = fresh();
    const repo = await remote('good');
    const entry = cachePath(dir, repo.baseurls[0], primaryHref, primarySum);
    mkdirSync(join(entry, '..'), { recursive: true });
    writeFileSync(entry, 'junk');
    const bytes = await fetchRepoFile(repo, primaryHref, { cacheDir: dir, expectedChecksum: primarySum, http: FAST });
    expect(digest(bytes, 'sha256')).toBe(primarySum.value);
    expect(digest(readFileSync(cachePath(dir, repo.baseurls[0], primaryHref, primarySum)), 'sha256')).toBe(primarySum.value);
  });

  it('survives a connection dropped mid-body by retrying', async () => {
    const retries: string[] = [];
    const bytes = await fetchRepoFile(await remote('drop'), primaryHref, { cacheDir: fresh(), expectedChecksum: primarySum, http: { ...FAST, onRetry: (r) => retries.push(r.reason) } });
    expect(digest(bytes, 'sha256')).toBe(primarySum.value);
    expect(retries).toHaveLength(1);
    expect(server.hits.get(`/drop/${primaryHref}`)).toBe(2);
  });

  it('retries 500s with exponential backoff', async () => {
    const delays: number[] = [];
    const bytes = await fetchRepoFile(await remote('flaky'), primaryHref, { cacheDir: fresh(), expectedChecksum: primarySum, http: { ...FAST, onRetry: (r) => delays.push(r.delayMs) } });
    expect(digest(bytes, 'sha256')).toBe(primarySum.value);
    expect(delays).toEqual([5, 10]);
  });


  it('a wrong checksum is CHECKSUM_MISMATCH naming the file and both sums, and nothing is cached', async () => {
    const dir = fresh();
    const err = await failure(fetchRepoFile(await remote('bad'), primaryHref, { cacheDir: dir, expectedChecksum: primarySum, http: FAST }));
    expect(err.code).toBe('CHECKSUM_MISMATCH');
    expect(err.file).toContain(primaryHref);
    expect(err.message).toContain(primarySum.value);
    expect(err.message).toMatch(/got [0-9a-f]{64}/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a stalled response times out quickly, retried, then DOWNLOAD_FAILED', async () => {
    const started = Date.now();
    const err = await failure(fetchRepoFile(await remote('stall'), primaryHref, { cacheDir: fresh(), http: { ...FAST, retries: 1, stallMs: 200 } }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toMatch(/no data for 200 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  });


  it('more bytes than repomd says (or than maxBytes) is refused without retrying', async () => {
    const err = await failure(fetchRepoFile(await remote('big'), primaryHref, { cacheDir: fresh(), size: primarySize, http: FAST }));
    expect(err.code).toBe('DOWNLOAD_TOO_LARGE');
    expect(server.hits.get(`/big/${primaryHref}`)).toBe(1);
    expect((await failure(fetchRepomd(await remote('good'), { cacheDir: fresh(), maxBytes: 100, http: FAST }))).code).toBe('DOWNLOAD_TOO_LARGE');
  });

  it('404 on every mirror is REPOMD_NOT_FOUND / REPO_FILE_MISSING, without retries', async () => {
    const repo = await remote('404');
    expect((await failure(fetchRepomd(repo, { cacheDir: fresh(), http: FAST }))).code).toBe('REPOMD_NOT_FOUND');
    expect((await failure(fetchRepoFile(repo, primaryHref, { cacheDir: fresh(), http: FAST }))).code).toBe('REPO_FILE_MISSING');
    expect(server.hits.get(`/404/${primaryHref}`)).toBe(1);
    const good = await remote('good');
    expect((await failure(fetchRepoFile(good, 'repodata/nope.xml.gz', { cacheDir: fresh(), http: FAST }))).code).toBe('REPO_FILE_MISSING');
  });

  it('a .repo with a baseurl list, a mirrorlist and a metalink: 404 on one mirror, then the next', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'goose-mirrors-'));
    try {
      writeFileSync(
        join(tmp, 'm.repo'),
        `[list]\nbaseurl=${server.url}/404/ ${server.url}/good/\n[ml]\nmirrorlist=${server.url}/mirrorlist\n[meta]\nmetalink=${server.url}/metalink\n`,
      );
      const repos = await resolveRepoSource(join(tmp, 'm.repo'));
      expect(repos.map((r) => r.id)).toEqual(['list', 'ml', 'meta']);
      for (const repo of repos) {
        const dir = fresh();
        const { repomd } = await fetchRepomd(repo, { cacheDir: dir, http: FAST });
        const rec = findRecord(repomd, 'primary')!;
        const bytes = await fetchRepoFile(repo, rec.location, { cacheDir: dir, expectedChecksum: rec.checksum, size: rec.size, http: FAST });
        expect(digest(bytes, 'sha256')).toBe(primarySum.value);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('parallel fetches into one cache leave one complete file and no temporaries', async () => {
    const dir = fresh();
    const repo = await remote('good');
    const all = await Promise.all(Array.from({ length: 6 }, () => fetchRepoFile(repo, primaryHref, { cacheDir: dir, expectedChecksum: primarySum, http: FAST })));
    expect(all.every((b) => digest(b, 'sha256') === primarySum.value)).toBe(true);
    const folder = join(cachePath(dir, repo.baseurls[0], primaryHref, primarySum), '..');
    expect(readdirSync(folder)).toEqual([cachePath(dir, repo.baseurls[0], primaryHref, primarySum).split('/').pop()]);
  });
});

describe('reaching a remote repository: credentials, variables, notices', () => {
  const REPO = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
  const SECRET = 'N0t-F0r-Logs';
  let locked: RepoHttpServer;
  let open: RepoHttpServer;
  let tmp: string;
  beforeAll(async () => {
    locked = await startRepoHttpServer(REPO, { auth: { username: 'builder', password: SECRET } });
    open = await startRepoHttpServer(REPO);
    tmp = mkdtempSync(join(tmpdir(), 'goose-reach-'));
  });
  afterAll(async () => {
    await locked?.close();
    await open?.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  const repoFile = (name: string, text: string): string => {
    writeFileSync(join(tmp, name), text);
    return join(tmp, name);
  };
  /** Every file name and content under `dir`, as one string. */
  const everything = (dir: string): string =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .map((e) => join(e.parentPath, e.name) + (e.isFile() ? readFileSync(join(e.parentPath, e.name), 'latin1') : ''))
      .join('\n');

  it('credentials in a baseurl or in username=/password= reach the server and nothing else', async () => {
    const hostPath = `${locked.url.replace('http://', '')}/good/`;
    const file = repoFile('auth.repo', `[inurl]\nbaseurl=http://builder:${SECRET}@${hostPath}\n\n[keys]\nbaseurl=http://${hostPath}\nusername=builder\npassword=${SECRET}\n`);
    const repos = await resolveRepoSource(file);
    for (const repo of repos) {
      expect(repo.baseurls).toEqual([`http://${hostPath}`]);
      const cacheDir = mkdtempSync(join(tmp, 'cache-'));
      const { repomd } = await fetchRepomd(repo, { cacheDir, http: FAST });
      const rec = findRecord(repomd, 'primary')!;
      await fetchRepoFile(repo, rec.location, { cacheDir, expectedChecksum: rec.checksum, http: FAST });
      const cached = everything(cacheDir);
      expect(cached).toContain('primary');
      expect(cached).not.toContain(SECRET);
      expect(cached).not.toContain('builder');
      expect(JSON.stringify(repo)).not.toContain(SECRET);
    }
  });

  it('without credentials: HTTP_UNAUTHORIZED naming the URL, and nothing cached', async () => {
    const [repo] = await resolveRepoSource(repoFile('noauth.repo', `[noauth]\nbaseurl=${locked.url}/good/\n`));
    const cacheDir = mkdtempSync(join(tmp, 'cache-'));
    const err = await failure(fetchRepomd(repo, { cacheDir, http: FAST }));
    expect(err.code).toBe('HTTP_UNAUTHORIZED');
    expect(err.file).toBe(`${locked.url}/good/repodata/repomd.xml`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('command-line URLs: variables, credentials out of the URL, --setopt for every repository or by id', async () => {
    const url = `http://builder:${SECRET}@${locked.url.replace('http://', '')}/$mode/`;
    const [repo] = await resolveRepoSource(url, { vars: { mode: 'good' }, network: { setopt: [parseSetopt('timeout=7'), parseSetopt('good.retries=2'), parseSetopt('other.retries=9')] } });
    expect(repo).toMatchObject({ id: 'good', baseurls: [`${locked.url}/good/`], network: { timeoutMs: 7000, retries: 2 } });
    expect((await fetchRepomd(repo, { cacheDir: mkdtempSync(join(tmp, 'cache-')), http: { backoffMs: 5 } })).repomd).toBeDefined();
    const unset = await failure(resolveRepoSource(`${open.url}/$releasever/`));
    expect(unset.code).toBe('REPO_UNSET_VARIABLE');
    expect(unset.message).toBe(`${open.url}/$releasever/: the URL uses $releasever, which is not set: give --releasever VALUE`);
  });

  it('a .repo with an unset variable names it, the file, the line and the section', async () => {
    const file = repoFile('c9s.repo', `[baseos]\nname=CentOS Stream $releasever - BaseOS\nbaseurl=${open.url}/good/$stream/\n`);
    const err = await failure(resolveRepoSource(file, { vars: { releasever: '9' } }));
    expect(err.code).toBe('REPO_UNSET_VARIABLE');
    expect(err.message).toBe(`${file}:3: baseurl of [baseos] uses $stream, which is not set: give --setvar stream=VALUE or a file stream in a --varsdir folder`);
  });

  it('a mirrorlist and its mirrors behind one password: username=/password= apply to every download of the repository', async () => {
    const [repo] = await resolveRepoSource(repoFile('ml.repo', `[ml]\nmirrorlist=${locked.url}/mirrorlist\nusername=builder\npassword=${SECRET}\n`));
    const { repomd } = await fetchRepomd(repo, { cacheDir: mkdtempSync(join(tmp, 'cache-')), http: FAST });
    expect(findRecord(repomd, 'primary')).toBeDefined();
    const [bare] = await resolveRepoSource(repoFile('ml2.repo', `[ml]\nmirrorlist=${locked.url}/mirrorlist\n`));
    expect((await failure(fetchRepomd(bare, { cacheDir: mkdtempSync(join(tmp, 'cache-')), http: FAST }))).code).toBe('HTTP_UNAUTHORIZED');
  });

  it('announces each retry and each switch to the next mirror', async () => {
    const notices: DownloadNotice[] = [];
    const file = repoFile('mirrors.repo', `[m]\nbaseurl=${open.url}/404/ ${open.url}/flaky/\n`);
    const [repo] = await resolveRepoSource(file, { network: { onNotice: (n) => notices.push(n) } });
    await fetchRepomd(repo, { cacheDir: mkdtempSync(join(tmp, 'cache-')), http: FAST });
    expect(notices).toEqual([
      { kind: 'mirror', repo: 'm', file: 'repodata/repomd.xml', url: `${open.url}/404/`, reason: `HTTP 404 for ${open.url}/404/repodata/repomd.xml`, next: `${open.url}/flaky/` },
      { kind: 'retry', repo: 'm', url: `${open.url}/flaky/repodata/repomd.xml`, attempt: 2, attempts: 4, delayMs: 5, reason: `HTTP 500 for ${open.url}/flaky/repodata/repomd.xml` },
      { kind: 'retry', repo: 'm', url: `${open.url}/flaky/repodata/repomd.xml`, attempt: 3, attempts: 4, delayMs: 10, reason: `HTTP 500 for ${open.url}/flaky/repodata/repomd.xml` },
    ]);
  });
});
