/**
 * The command line reaching real servers on loopback, as a user with a `.repo` file would: an
 * HTTPS server that demands a client certificate, a forward proxy (plain and CONNECT) that wants a
 * password, a server that wants basic authentication; `.repo` variables; `--setopt`, `--config`,
 * `--timeout` and `--retries`. Each works with the right keys and fails with a typed error (exit
 * 2) without them, nothing cached; no secret appears in any output or in the cache.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeTestPki, type TestPki } from '../helpers/pki.js';
import { startTestProxy, type TestProxy } from '../helpers/proxy-server.js';
import { startRepoHttpServer, type RepoHttpServer } from '../helpers/repo-http-server.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const REPO = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary');
const SECRET = 'Sup3r-S3cret-Passw0rd';
const PROXY_SECRET = 'Pr0xy-S3cret';

let tmp: string;
let pki: TestPki;
let tlsServer: RepoHttpServer;
let authServer: RepoHttpServer;
let plainServer: RepoHttpServer;
let proxy: TestProxy;
const savedCache = process.env.XDG_CACHE_HOME;
const savedProxy = process.env.https_proxy;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-cli-access-'));
  pki = makeTestPki();
  tlsServer = await startRepoHttpServer(REPO, { tls: { key: pki.read(pki.serverKey), cert: pki.read(pki.serverCert), ca: pki.read(pki.ca), requestCert: true } });
  authServer = await startRepoHttpServer(REPO, { auth: { username: 'builder', password: SECRET } });
  plainServer = await startRepoHttpServer(REPO);
  proxy = await startTestProxy({ username: 'proxyuser', password: PROXY_SECRET });
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  if (savedProxy === undefined) delete process.env.https_proxy;
  else process.env.https_proxy = savedProxy;
  await Promise.all([tlsServer?.close(), authServer?.close(), plainServer?.close(), proxy?.close()]);
  pki?.remove();
  rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
/** A fresh cache folder for one run (XDG_CACHE_HOME), and its path. */
function freshCache(): string {
  const dir = join(tmp, `xdg-${++n}`);
  process.env.XDG_CACHE_HOME = dir;
  return dir;
}
function repoFile(text: string): string {
  const file = join(tmp, `r${++n}.repo`);
  writeFileSync(file, text);
  return file;
}
/** Every file name and every byte under `dir` (empty when it does not exist). */
function cacheText(dir: string): string {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return '';
  }
  return entries.map((e) => join(e.parentPath, e.name) + (e.isFile() ? readFileSync(join(e.parentPath, e.name), 'latin1') : '')).join('\n');
}
async function query(args: string[]) {
  const cache = freshCache();
  const r = await runCli(['query', ...(args.includes('--qf') ? [] : ['--qf', '%{name}']), ...args]);
  return { ...r, cache, cached: cacheText(cache) };
}

describe('TLS client certificates through the CLI', () => {
  it('sslcacert, sslclientcert and sslclientkey in the .repo: the packages are listed', async () => {
    const file = repoFile(`[cdn]\nbaseurl=${tlsServer.url}/good/\nsslcacert=${pki.ca}\nsslclientcert=${pki.clientCert}\nsslclientkey=${pki.clientKey}\n`);
    const r = await query(['--repo', file, 'bash']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'bash\n', '']);
  });

  it('without the client certificate: exit 2, TLS_CLIENT_CERT_REQUIRED, nothing cached', async () => {
    const file = repoFile(`[cdn]\nbaseurl=${tlsServer.url}/good/\nsslcacert=${pki.ca}\n`);
    const r = await query(['--repo', file, 'bash']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^goose-deps: error \[TLS_CLIENT_CERT_REQUIRED\]: https:\/\/127\.0\.0\.1:[0-9]+\/good\/repodata\/repomd\.xml: the server wants a client certificate/);
    expect(r.cached).toBe('');
    const untrusted = await query(['--repo', repoFile(`[cdn]\nbaseurl=${tlsServer.url}/good/\n`), 'bash']);
    expect(untrusted.stderr).toMatch(/\[TLS_VERIFY_FAILED\]: .*give its CA with sslcacert=/);
    expect(untrusted.code).toBe(2);
  });

  it('--setopt gives the same keys to a URL on the command line, and REPOID.KEY to one repository', async () => {
    const ok = await query(['--repo', `${tlsServer.url}/good`, '--setopt', `sslcacert=${pki.ca}`, '--setopt', `good.sslclientcert=${pki.clientCert}`, '--setopt', `good.sslclientkey=${pki.clientKey}`, 'bash']);
    expect([ok.code, ok.stdout]).toEqual([0, 'bash\n']);
    const other = await query(['--repo', `${tlsServer.url}/good`, '--setopt', `sslcacert=${pki.ca}`, '--setopt', `elsewhere.sslclientcert=${pki.clientCert}`, 'bash']);
    expect(other.stderr).toContain('[TLS_CLIENT_CERT_REQUIRED]');
    const missing = await query(['--repo', `${tlsServer.url}/good`, '--setopt', `sslcacert=${join(tmp, 'nope.pem')}`, 'bash']);
    expect(missing.stderr).toBe(`goose-deps: error [TLS_FILE_UNREADABLE]: ${join(tmp, 'nope.pem')}: cannot read sslcacert (--repo ${tlsServer.url}/good): ENOENT\n`);
  });

  it("--config: dnf.conf's [main] gives defaults; sslverify=0 there skips the server check", async () => {
    const conf = join(tmp, 'dnf.conf');
    writeFileSync(conf, `[main]\ngpgcheck=1\nsslverify=0\nsslclientcert=${pki.clientCert}\nsslclientkey=${pki.clientKey}\n`);
    const r = await query(['--config', conf, '--repo', repoFile(`[cdn]\nbaseurl=${tlsServer.url}/good/\n`), 'bash']);
    expect([r.code, r.stdout]).toEqual([0, 'bash\n']);
    const gone = await query(['--config', join(tmp, 'none.conf'), '--repo', REPO, 'bash']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('[CONFIG_UNREADABLE]');
  });
});

describe('proxies through the CLI', () => {
  it('proxy= with proxy_username/proxy_password: HTTPS by CONNECT and plain HTTP', async () => {
    const before = proxy.seen.length;
    const file = repoFile(
      `[cdn]\nbaseurl=${tlsServer.url}/good/\nsslcacert=${pki.ca}\nsslclientcert=${pki.clientCert}\nsslclientkey=${pki.clientKey}\nproxy=${proxy.url}\nproxy_username=proxyuser\nproxy_password=${PROXY_SECRET}\n\n` +
        `[plain]\nbaseurl=${plainServer.url}/good/\nproxy=${proxy.url}\nproxy_username=proxyuser\nproxy_password=${PROXY_SECRET}\n`,
    );
    const r = await query(['--repo', file, 'bash', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((p: { repo?: string; reponame?: string }) => p.reponame ?? p.repo).sort()).toEqual(['cdn', 'plain']);
    const seen = proxy.seen.slice(before);
    expect(seen.filter((s) => s.startsWith('CONNECT')).length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.startsWith(`GET ${plainServer.url}/good/`)).length).toBeGreaterThan(0);
    expect(`${r.stdout}${r.stderr}${r.cached}`).not.toContain(PROXY_SECRET);
  });

  it('without the proxy password: exit 2, PROXY_AUTH_REQUIRED, nothing cached; proxy=_none_ goes direct', async () => {
    const r = await query(['--repo', repoFile(`[plain]\nbaseurl=${plainServer.url}/good/\nproxy=${proxy.url}\n`), 'bash']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`goose-deps: error [PROXY_AUTH_REQUIRED]: the proxy ${proxy.url} (proxy= ([plain] of ${join(tmp, `r${n - 1}.repo`)})) wants authentication (HTTP 407): give proxy_username= and proxy_password=, or user:password@ in the proxy URL\n`);
    expect(r.cached).toBe('');
    const direct = await query(['--repo', repoFile(`[plain]\nbaseurl=${plainServer.url}/good/\nproxy=_none_\n`), '--setopt', `proxy=${proxy.url}`, 'bash']);
    expect([direct.code, direct.stdout]).toEqual([0, 'bash\n']);
  });

  it('https_proxy from the environment, with its credentials in the URL, when the .repo says nothing', async () => {
    const before = proxy.seen.length;
    process.env.https_proxy = proxy.url.replace('//', `//proxyuser:${PROXY_SECRET}@`);
    try {
      const r = await query(['--repo', `${tlsServer.url}/good`, '--setopt', `sslcacert=${pki.ca}`, '--setopt', `sslclientcert=${pki.clientCert}`, '--setopt', `sslclientkey=${pki.clientKey}`, 'bash']);
      expect([r.code, r.stdout]).toEqual([0, 'bash\n']);
      expect(proxy.seen.length).toBeGreaterThan(before);
    } finally {
      delete process.env.https_proxy;
    }
  });
});

describe('basic authentication through the CLI, and no secret anywhere', () => {
  it('a password in the URL and one in the .repo: the packages, and the secret in no output, error or cache file', async () => {
    const host = authServer.url.replace('http://', '');
    const file = repoFile(`[inurl]\nbaseurl=http://builder:${SECRET}@${host}/good/\n\n[keys]\nbaseurl=http://${host}/good/\nusername=builder\npassword=${SECRET}\n`);
    const outputs: string[] = [];
    for (const args of [['--repo', file, 'bash'], ['--repo', file, '--json'], ['--repo', `http://builder:${SECRET}@${host}/good`, '--qf', '%{name} %{reponame} %{location}', 'bash']]) {
      const r = await query(args);
      expect(r.code).toBe(0);
      expect(r.cached).toContain('primary.xml.gz');
      outputs.push(r.stdout, r.stderr, r.cached);
    }
    expect(outputs[0]).toBe('bash\n');
    // Failures name the URL, never the password: a wrong one, and a server that stalls (retries announced).
    const wrong = await query(['--repo', `http://builder:not-${SECRET}@${host}/good`, 'bash']);
    expect(wrong.stderr).toBe(`goose-deps: error [HTTP_UNAUTHORIZED]: ${authServer.url}/good/repodata/repomd.xml: HTTP 401 for ${authServer.url}/good/repodata/repomd.xml: the server refused the user name and password (--repo ${authServer.url}/good)\n`);
    const stalled = await query(['--repo', `http://builder:${SECRET}@${host}/stall`, '--timeout', '0.2', '--retries', '1', 'bash']);
    expect(stalled.code).toBe(2);
    outputs.push(wrong.stdout, wrong.stderr, wrong.cached, stalled.stdout, stalled.stderr, stalled.cached);
    expect(outputs.join('\n')).not.toContain(SECRET);
    expect(outputs.join('\n')).not.toContain('builder:');
  });

  it('without credentials: exit 2, HTTP_UNAUTHORIZED saying what to give, nothing cached', async () => {
    const r = await query(['--repo', repoFile(`[locked]\nbaseurl=${authServer.url}/good/\n`), 'bash']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[HTTP_UNAUTHORIZED\]: .*give username= and password= \(in the \.repo or with --setopt\), or user:password@ in the URL/);
    expect(r.cached).toBe('');
  });
});

describe('.repo variables, --timeout and --retries', () => {
  it('--releasever, --setvar and --varsdir fill the URL; an unset variable is exit 2 naming it, the file and the section', async () => {
    const vars = join(tmp, 'vars');
    mkdirSync(vars, { recursive: true });
    writeFileSync(join(vars, 'contentdir'), 'good\n');
    const file = repoFile(`[el$releasever_major-$stream]\nbaseurl=${plainServer.url}/$contentdir/\nname=EL $releasever $basearch\n`);
    const r = await query(['--repo', file, '--releasever', '9.4', '--setvar', 'stream=9-stream', '--varsdir', vars, '--qf', '%{name} %{reponame}', 'bash']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'bash el9-9-stream\n', '']);
    const unset = await query(['--repo', file, '--releasever', '9', 'bash']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toBe(`goose-deps: error [REPO_UNSET_VARIABLE]: ${file}:2: baseurl of [el9-$stream] uses $contentdir, which is not set: give --setvar contentdir=VALUE or a file contentdir in a --varsdir folder\n`);
  });

  it('bad values of the new flags are exit 2 with a sentence', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--timeout', 'abc'], /--timeout takes a number of seconds greater than 0/],
      [['--timeout', '0'], /--timeout takes a number of seconds greater than 0/],
      [['--retries', 'x'], /--retries takes a whole number from 0 to 9999/],
      [['--retries', '1.5'], /--retries takes a whole number/],
      [['--setvar', 'no-equals'], /--setvar takes NAME=VALUE/],
      [['--setvar', 'releasever_major=9'], /derived from releasever/],
      [['--setopt', 'sslverfy=0'], /\[SETOPT_INVALID\]: --setopt sslverfy=0: unknown option 'sslverfy'/],
      [['--setopt', 'x.password'], /\[SETOPT_INVALID\]: --setopt x\.password: expected KEY=VALUE/],
      [['--varsdir', join(tmp, 'no-such-folder')], /\[VARSDIR_UNREADABLE\]/],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli(['query', '--repo', REPO, ...flags, 'bash']);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:/); // no stack trace
    }
  });

  it('a stalled server: each retry announced on stderr, then exit 2 within the --timeout budget', async () => {
    const t0 = Date.now();
    const r = await query(['--repo', repoFile(`[slow]\nbaseurl=${plainServer.url}/stall/\n`), '--timeout', '0.3', '--retries', '2', 'bash']);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `goose-deps: slow: no data for 300 ms from ${plainServer.url}/stall/repodata/repomd.xml; attempt 2 of 3 in 0.5 s`,
      `goose-deps: slow: no data for 300 ms from ${plainServer.url}/stall/repodata/repomd.xml; attempt 3 of 3 in 1.0 s`,
      `goose-deps: error [DOWNLOAD_FAILED]: ${plainServer.url}/stall/repodata/repomd.xml: download failed after 3 attempts: no data for 300 ms from ${plainServer.url}/stall/repodata/repomd.xml`,
    ]);
  });

  it('a switch to the next mirror is announced', async () => {
    const r = await query(['--repo', repoFile(`[two]\nbaseurl=${plainServer.url}/404/ ${plainServer.url}/good/\n`), 'bash']);
    expect([r.code, r.stdout]).toEqual([0, 'bash\n']);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`goose-deps: two: repodata/repomd.xml failed on ${plainServer.url}/404/ (HTTP 404 for ${plainServer.url}/404/repodata/repomd.xml); trying ${plainServer.url}/good/`);
    // Each further file of the repository goes the same way (the mirror is tried again for each).
    for (const line of lines) expect(line).toMatch(/^goose-deps: two: repodata\/\S+ failed on \S+\/404\/ \(HTTP 404 for .*\); trying \S+\/good\/$/);
  });
});
