/**
 * A local HTTP server (127.0.0.1, port 0) that serves a repository folder under several prefixes,
 * each with its own failure mode, for testing downloads without a network.
 *
 * `/good/...` serves files; `/drop/...` cuts the connection mid-body on the first request for each
 * file; `/bad/...` serves wrong bytes for `*-primary.xml.gz`; `/stall/...` sends headers and a few
 * bytes then nothing; `/404/...` answers 404; `/flaky/...` answers 500 twice per file, then serves;
 * `/big/...` announces and sends more bytes than asked for; `/redirect/...` sends a 302 to `/good/...`
 * and `/loop/...` redirects to itself; `/mirrorlist` and `/metalink` list
 * mirrors (a 404 one first, then `/good/`). Options make it an HTTPS server (`tls`, which may
 * require a client certificate) or one that wants HTTP basic authentication (`auth`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** How the test server is reached. */
export interface RepoHttpServerOptions {
  /** Serve HTTPS with this key and certificate (PEM); with `ca` and `requestCert`, demand a client certificate signed by `ca`. */
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
  /** Answer 401 to every request without these basic credentials. */
  auth?: { username: string; password: string };
}

/** A running test server. */
export interface RepoHttpServer {
  /** `http://127.0.0.1:PORT` (or `https://`), no trailing slash. */
  url: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  /** Authorization headers received, in order. */
  authHeaders: string[];
  /** Stop the server (and any stalled responses). */
  close(): Promise<void>;
}

/** Serve `root` (a repository folder) until `close()`. */
export async function startRepoHttpServer(root: string, options: RepoHttpServerOptions = {}): Promise<RepoHttpServer> {
  const hits = new Map<string, number>();
  const authHeaders: string[] = [];
  const stalled = new Set<ServerResponse>();
  let url = '';
  const expected = options.auth && `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization) authHeaders.push(req.headers.authorization);
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test repo"' });
      res.end('who are you?');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (path === '/mirrorlist') {
      res.end(`# mirrors\n\n${url}/404/\n${url}/good/\n`);
      return;
    }
    if (path === '/metalink') {
      const repomd = readFileSync(join(root, 'repodata', 'repomd.xml'));
      const sha = createHash('sha256').update(repomd).digest('hex');
      res.end(`<?xml version="1.0" encoding="utf-8"?>
<metalink version="3.0" xmlns="http://www.metalinker.org/" type="dynamic">
 <files><file name="repomd.xml"><verification><hash type="sha256">${sha}</hash></verification>
  <resources maxconnections="1">
   <url protocol="http" type="http" location="XX" preference="50">${url}/good/repodata/repomd.xml</url>
   <url protocol="http" type="http" location="XX" preference="100">${url}/404/repodata/repomd.xml</url>
   <url protocol="rsync" type="rsync" location="XX" preference="100">rsync://example.invalid/repo/repodata/repomd.xml</url>
  </resources></file></files></metalink>`);
      return;
    }
    const m = /^\/([a-z0-9]+)\/(.*)$/.exec(path);
    if (!m) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const [, mode, rel] = m;
    let body: Buffer;
    try {
      const file = normalize(join(root, decodeURIComponent(rel)));
      if (!file.startsWith(root)) throw new Error('outside');
      body = readFileSync(file);
    } catch {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    switch (mode) {
      case 'good':
        break;
      case '404':
        res.statusCode = 404;
        res.end('not here');
        return;
      case 'flaky':
        if (n <= 2) {
          res.statusCode = 500;
          res.end('try again');
          return;
        }
        break;
      case 'drop':
        if (n === 1) {
          res.writeHead(200, { 'content-length': body.length });
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
          return;
        }
        break;
      case 'stall':
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 10));
        stalled.add(res);
        return;
      case 'bad':
        if (rel.endsWith('-primary.xml.gz')) body = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([body[body.length - 1] ^ 0xff])]);
        break;
      case 'redirect':
        res.writeHead(302, { location: `/good/${rel}` });
        res.end();
        return;
      case 'loop':
        res.writeHead(301, { location: `/loop/${rel}` });
        res.end();
        return;
      case 'big':
        body = Buffer.concat([body, Buffer.alloc(1000)]);
        break;
      default:
        res.statusCode = 404;
        res.end();
        return;
    }
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, rejectUnauthorized: Boolean(options.tls.requestCert) }, handler)
    : createServer(handler);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    authHeaders,
    close: () =>
      new Promise<void>((r) => {
        for (const res of stalled) res.socket?.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
