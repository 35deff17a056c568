/**
 * TLS against a real HTTPS server on loopback that demands a client certificate, with
 * certificates made by openssl for the test: `sslcacert=`, `sslclientcert=`, `sslclientkey=`,
 * `sslverify=0`, and a typed error naming the file or the failed check for every way it goes wrong.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from '../../src/repodata/http.js';
import type { RepoNetwork } from '../../src/repodata/network.js';
import { loadTls } from '../../src/repodata/tls.js';
import { failure } from '../helpers/errors.js';
import { makeTestPki, type TestPki } from '../helpers/pki.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const REPO = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
const FAST = { retries: 1, backoffMs: 5, timeoutMs: 10_000, stallMs: 5000 };

describe('TLS: CA, client certificates, sslverify', () => {
  let pki: TestPki;
  let server: RepoHttpServer;
  let plain: RepoHttpServer;
  let url: string;
  const net = (fields: Partial<RepoNetwork>): RepoNetwork => ({ sslverify: true, origin: '[tls] of test.repo', env: {}, ...fields });
  beforeAll(async () => {
    pki = makeTestPki();
    server = await startRepoHttpServer(REPO, { tls: { key: pki.read(pki.serverKey), cert: pki.read(pki.serverCert), ca: pki.read(pki.ca), requestCert: true } });
    plain = await startRepoHttpServer(REPO);
    url = `${server.url}/good/repodata/repomd.xml`;
  });
  afterAll(async () => {
    await server?.close();
    await plain?.close();
    pki?.remove();
  });

  it('downloads with the CA and a client certificate and key', async () => {
    const body = await httpGet(url, { ...FAST, network: net({ sslcacert: pki.ca, sslclientcert: pki.clientCert, sslclientkey: pki.clientKey }) });
    expect(Buffer.from(body).toString()).toMatch(/<repomd/);
    // One PEM file holding the certificate and its key serves as both (sslclientkey absent).
    const both = join(pki.dir, 'both.pem');
    writeFileSync(both, pki.read(pki.clientCert) + pki.read(pki.clientKey));
    expect((await httpGet(url, { ...FAST, network: net({ sslcacert: pki.ca, sslclientcert: both }) })).length).toBe(body.length);
  });

  it('an untrusted server certificate is TLS_VERIFY_FAILED at once; sslverify=0 skips the check', async () => {
    const t0 = Date.now();
    const err = await failure(httpGet(url, { ...FAST, retries: 4, backoffMs: 1000, network: net({ sslclientcert: pki.clientCert, sslclientkey: pki.clientKey }) }));
    expect(err.code).toBe('TLS_VERIFY_FAILED');
    expect(err.message).toMatch(/the server's certificate chains to a CA that is not trusted \(SELF_SIGNED_CERT_IN_CHAIN.*give its CA with sslcacert=/);
    expect(Date.now() - t0).toBeLessThan(900); // not retried
    const trustsOther = await failure(httpGet(url, { ...FAST, network: net({ sslcacert: pki.otherCert, sslclientcert: pki.clientCert, sslclientkey: pki.clientKey }) }));
    expect(trustsOther.code).toBe('TLS_VERIFY_FAILED');
    expect(trustsOther.message).toContain(`not by a CA in sslcacert ${pki.otherCert}`);
    const unchecked = await httpGet(url, { ...FAST, network: net({ sslverify: false, sslclientcert: pki.clientCert, sslclientkey: pki.clientKey }) });
    expect(Buffer.from(unchecked).toString()).toMatch(/<repomd/);
  });

  it('no client certificate is TLS_CLIENT_CERT_REQUIRED; an untrusted one TLS_CLIENT_CERT_REFUSED', async () => {
    const none = await failure(httpGet(url, { ...FAST, network: net({ sslcacert: pki.ca }) }));
    expect(none.code).toBe('TLS_CLIENT_CERT_REQUIRED');
    expect(none.message).toMatch(/the server wants a client certificate .*give sslclientcert= and sslclientkey=/);
    const other = await failure(httpGet(url, { ...FAST, network: net({ sslcacert: pki.ca, sslclientcert: pki.otherCert, sslclientkey: pki.otherKey }) }));
    expect(other.code).toBe('TLS_CLIENT_CERT_REFUSED');
    expect(other.message).toContain(pki.otherCert);
  });

  it('https to a plain HTTP server is TLS_HANDSHAKE_FAILED', async () => {
    const err = await failure(httpGet(`${plain.url.replace('http:', 'https:')}/good/repodata/repomd.xml`, { ...FAST, network: net({}) }));
    expect(err.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(err.message).toMatch(/is this an https server\?/);
  });

  it('a missing, malformed or mismatched file is a typed error naming the file, before any request', async () => {
    const hits = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const garbage = join(pki.dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    const cases: Array<[Partial<RepoNetwork>, string, string, RegExp]> = [
      [{ sslcacert: join(pki.dir, 'missing.pem') }, 'TLS_FILE_UNREADABLE', join(pki.dir, 'missing.pem'), /cannot read sslcacert \(\[tls\] of test\.repo\): ENOENT/],
      [{ sslcacert: garbage }, 'TLS_FILE_INVALID', garbage, /sslcacert holds no PEM certificate/],
      [{ sslclientcert: garbage, sslclientkey: pki.clientKey }, 'TLS_FILE_INVALID', garbage, /sslclientcert holds no PEM certificate/],
      [{ sslclientcert: pki.clientCert, sslclientkey: garbage }, 'TLS_FILE_INVALID', garbage, /sslclientkey: not a PEM private key/],
      [{ sslclientcert: pki.clientCert, sslclientkey: pki.otherKey }, 'TLS_FILE_INVALID', pki.otherKey, /does not belong to the certificate/],
      [{ sslclientcert: pki.expiredCert, sslclientkey: pki.clientKey }, 'TLS_FILE_INVALID', pki.expiredCert, /the client certificate expired on /],
      [{ sslclientcert: pki.clientCert }, 'TLS_FILE_INVALID', pki.clientCert, /holds no usable private key.*give the key with sslclientkey=/],
      [{ sslclientkey: pki.clientKey }, 'TLS_FILE_INVALID', pki.clientKey, /sslclientkey is given without sslclientcert/],
    ];
    for (const [fields, code, file, message] of cases) {
      const err = await failure(loadTls(net(fields)));
      expect([err.code, err.file]).toEqual([code, file]);
      expect(err.message).toMatch(message);
      expect((await failure(httpGet(url, { ...FAST, network: net(fields) }))).code).toBe(code);
    }
    expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(hits);
  });
});
