/**
 * Which HTTP client goose-deps downloads with: our node:http/node:https code (src/repodata/http.ts)
 * or undici. Times, on loopback, the download of a 78 MiB body (the size of the bookworm primary
 * XML) into memory: directly, and through a forward proxy (plain HTTP and an HTTPS CONNECT
 * tunnel); and the cost of importing each client in a fresh process. The server and the proxy run
 * in a child process so they do not share the measured event loop.
 *
 *   npx tsx bench/http-client.ts [--reps 7]
 *   GOOSE_UNDICI=/path/to/node_modules/undici npx tsx bench/http-client.ts   # also the undici package
 *
 * Node's global fetch (undici bundled in Node) is always measured; the `undici` npm package
 * (needed for its ProxyAgent) only when GOOSE_UNDICI names an installed copy: it is not a dependency.
 * Prints a table and writes it to the `http-client` section of bench/RESULTS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSection } from './lib/results.js';
import { httpGet } from '../src/repodata/http.js';
import type { RepoNetwork } from '../src/repodata/network.js';

const SIZE = 78 * 1024 * 1024;
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 7;
const lines: string[] = [];
const out = (line: string): void => {
  console.log(line);
  lines.push(line);
};

// The child: an HTTP and an HTTPS server with the same body, and a forward proxy (GET and CONNECT).
const CHILD = `
const http = require('node:http'), https = require('node:https'), net = require('node:net'), fs = require('node:fs');
const body = require('node:crypto').randomBytes(${SIZE});
const serve = (q, s) => { s.writeHead(200, { 'content-length': body.length, connection: 'close' }); s.end(body); };
const plain = http.createServer(serve);
const secure = https.createServer({ key: fs.readFileSync(process.argv[1] + '/server.key'), cert: fs.readFileSync(process.argv[1] + '/server.pem') }, serve);
const proxy = http.createServer((q, s) => { const u = new URL(q.url); http.get({ host: u.hostname, port: u.port, path: u.pathname }, (r) => { s.writeHead(r.statusCode, r.headers); r.pipe(s); }); });
proxy.on('connect', (q, c) => { const [h, p] = q.url.split(':'); const up = net.connect(Number(p), h, () => { c.write('HTTP/1.1 200 OK\\r\\n\\r\\n'); up.pipe(c); c.pipe(up); }); });
let n = 0; const ports = {};
for (const [k, s] of [['plain', plain], ['secure', secure], ['proxy', proxy]]) s.listen(0, '127.0.0.1', () => { ports[k] = s.address().port; if (++n === 3) console.log(JSON.stringify(ports)); });
`;

function certificates(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.pem', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(label: string, get: () => Promise<Uint8Array>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const b = await get();
    ms.push(performance.now() - t);
    if (b.length !== SIZE) throw new Error(`${label}: got ${b.length} bytes`);
  }
  const m = median(ms);
  out(`| ${label} | ${m.toFixed(0)} ms | ${(SIZE / 1048576 / (m / 1000)).toFixed(0)} MiB/s | ${Math.min(...ms).toFixed(0)} ms |`);
}

function importCost(label: string, specifier: string): void {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`], { encoding: 'utf8' });
    ms.push(Number(out.trim()));
  }
  out(`| import ${label} | ${median(ms).toFixed(0)} ms | | ${Math.min(...ms).toFixed(0)} ms |`);
}

const dir = mkdtempSync(join(tmpdir(), 'goose-bench-http-'));
certificates(dir);
const child = spawn(process.execPath, ['-e', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const ports = await new Promise<{ plain: number; secure: number; proxy: number }>((resolve) => child.stdout.once('data', (d) => resolve(JSON.parse(String(d)))));
  const plainUrl = `http://127.0.0.1:${ports.plain}/f`;
  const secureUrl = `https://127.0.0.1:${ports.secure}/f`;
  const proxyUrl = `http://127.0.0.1:${ports.proxy}`;
  const ca = readFileSync(join(dir, 'server.pem'), 'utf8');
  const net = (fields: Partial<RepoNetwork>): RepoNetwork => ({ sslverify: true, origin: 'bench', env: {}, ...fields });
  const opts = { retries: 0, timeoutMs: 600_000 };
  out(`${reps} runs each, ${SIZE / 1048576} MiB on loopback, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the start\n`);
  out('| client | median | throughput | best |\n|---|---|---|---|');
  await time('node:http (httpGet), direct', () => httpGet(plainUrl, opts));
  await time('node:https (httpGet), direct', () => httpGet(secureUrl, { ...opts, network: net({ sslcacert: join(dir, 'server.pem') }) }));
  await time('node:http (httpGet), via proxy', () => httpGet(plainUrl, { ...opts, network: net({ proxy: proxyUrl }) }));
  await time('node:https (httpGet), CONNECT tunnel', () => httpGet(secureUrl, { ...opts, network: net({ proxy: proxyUrl, sslcacert: join(dir, 'server.pem') }) }));
  await time('global fetch (Node-bundled undici), direct', async () => new Uint8Array(await (await fetch(plainUrl)).arrayBuffer()));
  const undiciPath = process.env.GOOSE_UNDICI;
  if (undiciPath) {
    const entry = pathToFileURL(join(undiciPath, 'index.js')).href;
    const undici = await import(entry);
    const version = (JSON.parse(readFileSync(join(undiciPath, 'package.json'), 'utf8')) as { version: string }).version;
    await time(`undici ${version} request, direct`, async () => new Uint8Array(await (await undici.request(plainUrl)).body.arrayBuffer()));
    const dispatcher = new undici.ProxyAgent({ uri: proxyUrl, requestTls: { ca } });
    await time(`undici ${version} ProxyAgent, via proxy`, async () => new Uint8Array(await (await undici.request(plainUrl, { dispatcher })).body.arrayBuffer()));
    await time(`undici ${version} ProxyAgent, CONNECT tunnel`, async () => new Uint8Array(await (await undici.request(secureUrl, { dispatcher })).body.arrayBuffer()));
    importCost(`undici ${version}`, entry);
  }
  importCost('node:http + node:https + node:tls', 'node:https');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  writeSection(join(root, 'bench', 'RESULTS.md'), 'http-client', ['## HTTP clients (bench/http-client.ts)', '', '`GOOSE_UNDICI=... npx tsx bench/http-client.ts`; why this decides the client: README, "Why our own HTTP client".', '', ...lines].join('\n'));
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
