/**
 * A forward HTTP proxy on 127.0.0.1 for tests: plain requests with an absolute URL are passed on,
 * `CONNECT host:port` opens a tunnel (only to 127.0.0.1, so nothing leaves the machine). With
 * `auth`, every request must carry that `Proxy-Authorization: Basic`, else 407.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A running proxy. */
export interface TestProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** What it was asked, in order: `GET http://...` or `CONNECT 127.0.0.1:PORT` (refused ones too). */
  seen: string[];
  /** The Proxy-Authorization headers it received. */
  authHeaders: string[];
  /** Stop it. */
  close(): Promise<void>;
}

/** Start a proxy; `auth` makes it demand those credentials. */
export async function startTestProxy(auth?: { username: string; password: string }): Promise<TestProxy> {
  const seen: string[] = [];
  const authHeaders: string[] = [];
  const sockets = new Set<Socket>();
  const expected = auth ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` : undefined;
  const allowed = (req: IncomingMessage): boolean => {
    const h = req.headers['proxy-authorization'];
    if (h) authHeaders.push(h);
    return !expected || h === expected;
  };
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!allowed(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"' });
      res.end();
      return;
    }
    const target = new URL(req.url ?? '');
    if (target.hostname !== '127.0.0.1') {
      res.writeHead(403);
      res.end('loopback only');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    seen.push(`CONNECT ${req.url}`);
    if (!allowed(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const m = /^127\.0\.0\.1:([0-9]+)$/.exec(req.url ?? '');
    if (!m) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const up = connect(Number(m[1]), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    authHeaders,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
