import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { httpGet, type Progress } from '../../src/repodata/http.js';
import type { RepoNetwork } from '../../src/repodata/network.js';
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

describe('httpGet with basic authentication', () => {
  let server: RepoHttpServer;
  let other: RepoHttpServer;
  let bouncer: import('node:http').Server;
  let bouncerUrl: string;
  let root: string;
  const net = (fields: Partial<RepoNetwork>): RepoNetwork => ({ sslverify: true, origin: '[auth] of test.repo', env: {}, ...fields });
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'goose-http-auth-'));
    mkdirSync(join(root, 'repodata'));
    writeFileSync(join(root, 'repodata', 'f.bin'), BODY);
    server = await startRepoHttpServer(root, { auth: { username: 'builder', password: 'pa:ss w0rd' } });
    other = await startRepoHttpServer(root);
    // Redirects every request to the other server: credentials must not follow.
    bouncer = createServer((req, res) => {
      res.writeHead(302, { location: `${other.url}${req.url}` });
      res.end();
    });
    await new Promise<void>((r) => bouncer.listen(0, '127.0.0.1', r));
    bouncerUrl = `http://127.0.0.1:${(bouncer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await other?.close();
    await new Promise((r) => bouncer?.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  it('401 without credentials is HTTP_UNAUTHORIZED at once, with what to give', async () => {
    const t0 = Date.now();
    const err = await failure(httpGet(`${server.url}/good/repodata/f.bin`, { ...FAST, retries: 3, backoffMs: 1000 }));
    expect(err.code).toBe('HTTP_UNAUTHORIZED');
    expect(err.message).toMatch(/HTTP 401 .*give username= and password=/);
    expect(Date.now() - t0).toBeLessThan(900); // no retry
  });

  it('sends username=/password= or the URL user:password@, and refuses wrong ones without showing them', async () => {
    const url = `${server.url}/good/repodata/f.bin`;
    expect((await httpGet(url, { ...FAST, network: net({ username: 'builder', password: 'pa:ss w0rd' }) })).length).toBe(BODY.length);
    const inUrl = url.replace('//', `//builder:${encodeURIComponent('pa:ss w0rd')}@`);
    expect((await httpGet(inUrl, FAST)).length).toBe(BODY.length);
    const wrong = await failure(httpGet(url.replace('//', '//builder:wr0ng-secret@'), FAST));
    expect(wrong.code).toBe('HTTP_UNAUTHORIZED');
    expect(wrong.message).toMatch(/the server refused the user name and password/);
    expect(JSON.stringify([wrong.message, wrong.file])).not.toContain('wr0ng-secret');
  });

  it('credentials do not follow a redirect to another origin', async () => {
    const before = other.authHeaders.length;
    const got = await httpGet(`${bouncerUrl}/good/repodata/f.bin`, { ...FAST, network: net({ username: 'builder', password: 'pa:ss w0rd' }) });
    expect(got.length).toBe(BODY.length);
    expect(other.authHeaders.length).toBe(before);
    await httpGet(`${bouncerUrl.replace('//', '//u:p@')}/good/repodata/f.bin`, FAST);
    expect(other.authHeaders.length).toBe(before);
  });
});
