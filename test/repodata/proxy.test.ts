/**
 * Proxies as dnf and curl choose them, against a real forward proxy on loopback (plain requests
 * and CONNECT tunnels, with and without basic authentication) that the test starts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { httpGet } from '../../src/repodata/http.js';
import type { RepoNetwork } from '../../src/repodata/network.js';
import { noProxyMatches, proxyFor } from '../../src/repodata/proxy.js';
import { failure } from '../helpers/errors.js';
import { makeTestPki, type TestPki } from '../helpers/pki.js';
import { startTestProxy, type TestProxy } from '../helpers/proxy-server.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const REPO = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
const FAST = { retries: 1, backoffMs: 5, timeoutMs: 10_000, stallMs: 5000 };
const net = (fields: Partial<RepoNetwork>): RepoNetwork => ({ sslverify: true, origin: '[p] of test.repo', env: {}, ...fields });

describe('choosing a proxy', () => {
  it('no_proxy: hosts, domains, ports, addresses, CIDR ranges and *', () => {
    const u = (s: string) => new URL(s);
    expect(noProxyMatches('example.com', u('https://example.com/x'))).toBe(true);
    expect(noProxyMatches('example.com', u('https://mirror.example.com/x'))).toBe(true);
    expect(noProxyMatches('.example.com', u('https://mirror.example.com/x'))).toBe(true);
    expect(noProxyMatches('*.example.com', u('https://mirror.example.com/x'))).toBe(true);
    expect(noProxyMatches('example.com', u('https://badexample.com/x'))).toBe(false);
    expect(noProxyMatches('example.com:8443', u('https://example.com/x'))).toBe(false);
    expect(noProxyMatches('example.com:443', u('https://example.com/x'))).toBe(true);
    expect(noProxyMatches('localhost, 10.0.0.0/8', u('http://10.1.2.3:8080/x'))).toBe(true);
    expect(noProxyMatches('10.0.0.0/8', u('http://11.1.2.3/x'))).toBe(false);
    expect(noProxyMatches('[::1]', u('http://[::1]:8080/x'))).toBe(true);
    expect(noProxyMatches('::1', u('http://[::1]:8080/x'))).toBe(true);
    expect(noProxyMatches('1.2.3.4', u('http://1.2.3.45/x'))).toBe(false);
    expect(noProxyMatches('*', u('http://anything/x'))).toBe(true);
  });

  it('the environment by scheme, lower case first, then all_proxy; the .repo proxy= and _none_ over it', () => {
    const target = new URL('https://mirror.example/x');
    const env = { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2', http_proxy: 'http://plain:3', ALL_PROXY: 'all:4' };
    expect(proxyFor(target, net({ env }))).toMatchObject({ host: 'lower', port: 1, from: '$https_proxy' });
    expect(proxyFor(target, net({ env: { HTTPS_PROXY: 'http://upper:2' } }))).toMatchObject({ host: 'upper', from: '$HTTPS_PROXY' });
    expect(proxyFor(new URL('http://mirror.example/x'), net({ env }))).toMatchObject({ host: 'plain', port: 3 });
    expect(proxyFor(target, net({ env: { ALL_PROXY: 'all:4' } }))).toMatchObject({ host: 'all', port: 4, shown: 'http://all:4' });
    expect(proxyFor(target, net({ env: { ...env, no_proxy: '.other.example,mirror.example:8443' } }))).toMatchObject({ host: 'lower' });
    expect(proxyFor(target, net({ env: { ...env, NO_PROXY: 'mirror.example' } }))).toBeUndefined();
    expect(proxyFor(target, net({ env, proxy: 'none' }))).toBeUndefined();
    const own = proxyFor(target, net({ env: { ...env, no_proxy: '*' }, proxy: 'http://corp:3128', proxyUsername: 'u', proxyPassword: 'p' }));
    expect(own).toMatchObject({ host: 'corp', port: 3128, auth: { username: 'u', password: 'p' }, from: 'proxy= ([p] of test.repo)' });
    expect(proxyFor(target, net({ env: { https_proxy: 'http://u%40x:s3cret@envproxy:8080' } }))).toMatchObject({ auth: { username: 'u@x', password: 's3cret' }, shown: 'http://envproxy:8080' });
    expect(proxyFor(target, net({}))).toBeUndefined();
  });

  it('a proxy that is not an http:// URL is a typed error that hides its credentials', () => {
    const socks = (() => {
      try {
        proxyFor(new URL('https://m/x'), net({ proxy: 'socks5://u:secret@s:1080' }));
      } catch (e) {
        return e as GooseError;
      }
    })();
    expect(socks?.code).toBe('PROXY_UNSUPPORTED');
    expect(socks?.message).not.toContain('secret');
    expect(() => proxyFor(new URL('https://m/x'), net({ proxy: 'http://[bad' }))).toThrow(/PROXY|not a URL/);
  });
});

describe('downloading through a proxy', () => {
  let pki: TestPki;
  let http: RepoHttpServer;
  let https: RepoHttpServer;
  let open: TestProxy;
  let locked: TestProxy;
  let tlsNet: Partial<RepoNetwork>;
  beforeAll(async () => {
    pki = makeTestPki();
    http = await startRepoHttpServer(REPO);
    https = await startRepoHttpServer(REPO, { tls: { key: pki.read(pki.serverKey), cert: pki.read(pki.serverCert), ca: pki.read(pki.ca), requestCert: true } });
    open = await startTestProxy();
    locked = await startTestProxy({ username: 'proxyuser', password: 'proxy-s3cret' });
    tlsNet = { sslcacert: pki.ca, sslclientcert: pki.clientCert, sslclientkey: pki.clientKey };
  });
  afterAll(async () => {
    await Promise.all([http?.close(), https?.close(), open?.close(), locked?.close()]);
    pki?.remove();
  });

  it('plain HTTP goes to the proxy with the full URL; HTTPS through a CONNECT tunnel, client certificate included', async () => {
    const plainUrl = `${http.url}/good/repodata/repomd.xml`;
    expect(Buffer.from(await httpGet(plainUrl, { ...FAST, network: net({ proxy: open.url }) })).toString()).toMatch(/<repomd/);
    expect(open.seen).toContain(`GET ${plainUrl}`);
    const secureUrl = `${https.url}/good/repodata/repomd.xml`;
    expect(Buffer.from(await httpGet(secureUrl, { ...FAST, network: net({ proxy: open.url, ...tlsNet }) })).toString()).toMatch(/<repomd/);
    expect(open.seen).toContain(`CONNECT ${new URL(https.url).host}`);
  });

  it('takes the proxy from the environment unless no_proxy exempts the host', async () => {
    const before = open.seen.length;
    const url = `${http.url}/good/repodata/repomd.xml`;
    await httpGet(url, { ...FAST, network: net({ env: { HTTP_PROXY: open.url } }) });
    expect(open.seen.length).toBe(before + 1);
    await httpGet(url, { ...FAST, network: net({ env: { HTTP_PROXY: open.url, no_proxy: '127.0.0.1' } }) });
    await httpGet(url, { ...FAST, network: net({ env: { HTTP_PROXY: open.url }, proxy: 'none' }) });
    expect(open.seen.length).toBe(before + 1);
  });

  it('a proxy that wants authentication: PROXY_AUTH_REQUIRED without it, served with proxy_username/proxy_password or user:password@', async () => {
    const plainUrl = `${http.url}/good/repodata/repomd.xml`;
    const secureUrl = `${https.url}/good/repodata/repomd.xml`;
    for (const url of [plainUrl, secureUrl]) {
      const err = await failure(httpGet(url, { ...FAST, network: net({ proxy: locked.url, ...tlsNet }) }));
      expect(err.code).toBe('PROXY_AUTH_REQUIRED');
      expect(err.message).toMatch(/wants authentication \(HTTP 407\): give proxy_username= and proxy_password=/);
      const wrong = await failure(httpGet(url, { ...FAST, network: net({ proxy: locked.url, proxyUsername: 'proxyuser', proxyPassword: 'nope', ...tlsNet }) }));
      expect(wrong.message).toMatch(/refused the proxy user name and password/);
      expect(wrong.message).not.toContain('nope');
      await httpGet(url, { ...FAST, network: net({ proxy: locked.url, proxyUsername: 'proxyuser', proxyPassword: 'proxy-s3cret', ...tlsNet }) });
      await httpGet(url, { ...FAST, network: net({ proxy: locked.url.replace('//', '//proxyuser:proxy-s3cret@'), ...tlsNet }) });
    }
    expect(locked.seen.filter((s) => s.startsWith('CONNECT')).length).toBe(4);
  });

  it('a proxy that is down is retried, then DOWNLOAD_FAILED naming the proxy without its password', async () => {
    const gone = await startTestProxy();
    const url = gone.url;
    await gone.close();
    const retries: string[] = [];
    const err = await failure(httpGet(`${https.url}/good/repodata/repomd.xml`, { ...FAST, onRetry: (r) => retries.push(r.reason), network: net({ proxy: url.replace('//', '//u:pw-secret@'), ...tlsNet }) }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toContain(`the proxy ${url}`);
    expect(retries).toHaveLength(1);
    expect(JSON.stringify([err.message, err.file, retries])).not.toContain('pw-secret');
  });
});
