import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { cachePath } from '../../src/repodata/cache.js';
import { digest } from '../../src/repodata/checksum.js';
import { findRecord } from '../../src/repodata/repomd.js';
import { fetchRepoFile, fetchRepomd, parseMetalink, parseMirrorlist, resolveRepoSource, type RepoDescriptor } from '../../src/repodata/source.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
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
