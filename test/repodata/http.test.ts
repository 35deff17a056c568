import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { httpGet, type Progress } from '../../src/repodata/http.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { failure } from '../helpers/errors.js';

const FAST = { retries: 2, backoffMs: 5, timeoutMs: 5000, stallMs: 300 };
const BODY = Buffer.from('x'.repeat(200_000));


describe('httpGet', () => {
  let server: RepoHttpServer;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'goose-http-'));
    mkdirSync(join(root, 'repodata'));
    writeFileSync(join(root, 'repodata', 'f.bin'), BODY);
    server = await startRepoHttpServer(root);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('downloads with progress events up to the announced total', async () => {
    const events: Progress[] = [];
    const got = await httpGet(`${server.url}/good/repodata/f.bin`, { ...FAST, file: 'f.bin', onProgress: (p) => events.push(p) });
    expect(Buffer.from(got).equals(BODY)).toBe(true);
    expect(events.at(-1)).toEqual({ file: 'f.bin', bytes: BODY.length, total: BODY.length });
  });

  it('follows redirects, but not forever', async () => {
    expect((await httpGet(`${server.url}/redirect/repodata/f.bin`, FAST)).length).toBe(BODY.length);
    expect((await failure(httpGet(`${server.url}/loop/repodata/f.bin`, FAST))).message).toMatch(/more than 5 redirects/);
  });

  it('404 is HTTP_NOT_FOUND at once; 500s are retried and then DOWNLOAD_FAILED', async () => {
    const nf = await failure(httpGet(`${server.url}/404/repodata/f.bin`, FAST));
    expect(nf.code).toBe('HTTP_NOT_FOUND');
    expect(server.hits.get('/404/repodata/f.bin')).toBe(1);
    const err = await failure(httpGet(`${server.url}/flaky/repodata/f.bin`, { ...FAST, retries: 1 }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toMatch(/after 2 attempts: HTTP 500/);
  });

  it('a stall and a whole-request timeout both end the request quickly', async () => {
    const t0 = Date.now();
    expect((await failure(httpGet(`${server.url}/stall/repodata/f.bin`, { ...FAST, retries: 0, stallMs: 100 }))).message).toMatch(/no data for 100 ms/);
    expect((await failure(httpGet(`${server.url}/stall/repodata/f.bin`, { ...FAST, retries: 0, stallMs: 10_000, timeoutMs: 150 }))).message).toMatch(/timed out after 150 ms/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('caps the body, refuses other schemes and bad URLs, and reports refused connections', async () => {
    expect((await failure(httpGet(`${server.url}/good/repodata/f.bin`, { ...FAST, maxBytes: 1000 }))).code).toBe('DOWNLOAD_TOO_LARGE');
    expect((await failure(httpGet('ftp://example.invalid/x', FAST))).code).toBe('DOWNLOAD_FAILED');
    expect((await failure(httpGet('not a url', FAST))).code).toBe('DOWNLOAD_FAILED');
    const closed = await startRepoHttpServer(root);
    const url = `${closed.url}/good/repodata/f.bin`;
    await closed.close();
    expect((await failure(httpGet(url, { ...FAST, retries: 1 }))).code).toBe('DOWNLOAD_FAILED');
  });
});
