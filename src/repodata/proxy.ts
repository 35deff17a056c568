/**
 * Which proxy a request goes through, as dnf and curl decide it: the repository's `proxy=` (with
 * `proxy_username=`/`proxy_password=` or credentials in the proxy URL), `proxy=_none_` for none,
 * and otherwise the environment: `https_proxy`/`http_proxy` by the target's scheme, then
 * `all_proxy` (lower case first, then upper case), except for hosts `no_proxy` names. HTTPS goes
 * through the proxy in a CONNECT tunnel; plain HTTP is sent to the proxy with the full URL.
 */
import http from 'node:http';
import { BlockList, isIP, type Socket } from 'node:net';
import { GooseError } from '../errors.js';
import { redactUrl, splitUrlCredentials, type BasicAuth, type RepoNetwork } from './network.js';

/** A proxy chosen for one request. */
export interface ProxyRoute {
  /** Host name or address (IPv6 without brackets). */
  host: string;
  /** Port. */
  port: number;
  /** Basic credentials for the proxy, when configured. */
  auth?: BasicAuth;
  /** The proxy as it may be shown: `http://host:port`, no credentials. */
  shown: string;
  /** Where the choice came from: `proxy=` of a repository, or an environment variable. */
  from: string;
}

function envValue(env: Record<string, string | undefined>, name: string): { value: string; from: string } | undefined {
  for (const n of [name, name.toUpperCase()]) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return { value: v.trim(), from: `$${n}` };
  }
  return undefined;
}

/** Strip the brackets of an IPv6 literal as `URL.hostname` gives it. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** True when `no_proxy` (comma or space separated hosts, domains, `.domain`, `*.domain`, `host:port`, addresses, CIDR ranges, or `*`) exempts `target`. */
export function noProxyMatches(noProxy: string, target: URL): boolean {
  const host = bareHost(target.hostname).toLowerCase();
  const port = defaultPort(target);
  for (let entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
    entry = entry.toLowerCase();
    if (entry === '*') return true;
    let entryPort: number | undefined;
    const v6 = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(entry);
    if (v6) {
      entry = v6[1];
      if (v6[2]) entryPort = Number(v6[2]);
    } else {
      const m = /^([^:]+):([0-9]+)$/.exec(entry);
      if (m) {
        entry = m[1];
        entryPort = Number(m[2]);
      }
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    const cidr = /^(.+)\/([0-9]{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1]) && isIP(host)) {
      const family = isIP(cidr[1]) === 4 ? 'ipv4' : 'ipv6';
      if (isIP(host) !== isIP(cidr[1])) continue;
      const list = new BlockList();
      try {
        list.addSubnet(cidr[1], Number(cidr[2]), family);
      } catch {
        continue;
      }
      if (list.check(host, family)) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || (!isIP(host) && host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/**
 * The proxy for a request to `target` under the repository's settings, or undefined for a direct
 * connection. Throws `PROXY_INVALID` for a proxy that is not a URL and `PROXY_UNSUPPORTED` for a
 * scheme other than http (https, socks).
 */
export function proxyFor(target: URL, net: RepoNetwork | undefined): ProxyRoute | undefined {
  let chosen: { value: string; from: string } | undefined;
  if (net?.proxy === 'none') return undefined;
  if (net?.proxy) chosen = { value: net.proxy, from: `proxy= (${net.origin})` };
  else {
    const env = net?.env ?? process.env;
    const noProxy = envValue(env, 'no_proxy');
    if (noProxy && noProxyMatches(noProxy.value, target)) return undefined;
    chosen = envValue(env, target.protocol === 'https:' ? 'https_proxy' : 'http_proxy') ?? envValue(env, 'all_proxy');
  }
  if (!chosen) return undefined;
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen.value) ? chosen.value : `http://${chosen.value}`;
  const { url: clean, auth: inUrl } = splitUrlCredentials(text);
  let url: URL;
  try {
    url = new URL(clean);
  } catch {
    throw new GooseError('PROXY_INVALID', `the proxy ${redactUrl(chosen.value)} from ${chosen.from} is not a URL`);
  }
  if (url.protocol !== 'http:') {
    throw new GooseError('PROXY_UNSUPPORTED', `the proxy ${url.protocol}//${url.host} from ${chosen.from} is not supported: goose-deps talks to http:// proxies (CONNECT for https targets)`);
  }
  const route: ProxyRoute = { host: bareHost(url.hostname), port: defaultPort(url), shown: `http://${url.host}`, from: chosen.from };
  const fromRepo = net?.proxy && net.proxy !== 'none';
  const auth = fromRepo && net?.proxyUsername !== undefined ? { username: net.proxyUsername, password: net.proxyPassword ?? '' } : inUrl;
  if (auth) route.auth = auth;
  return route;
}

/** `Basic ...` for an Authorization or Proxy-Authorization header. */
export function basicAuthHeader(auth: BasicAuth): string {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** A failure worth another attempt (the proxy refused the connection, answered 5xx, closed early). */
export class TransientProxyError extends Error {}

/**
 * Open a CONNECT tunnel through `proxy` to the target's host and port. `done` receives the raw
 * socket, or a typed error: `PROXY_AUTH_REQUIRED` (407), `PROXY_CONNECT_FAILED` (other answers),
 * or a {@link TransientProxyError}. Returns the request, to destroy on timeout.
 */
export function connectTunnel(proxy: ProxyRoute, target: URL, done: (err: Error | null, socket?: Socket) => void): http.ClientRequest {
  const host = bareHost(target.hostname);
  const authority = `${host.includes(':') ? `[${host}]` : host}:${defaultPort(target)}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.auth) headers['proxy-authorization'] = basicAuthHeader(proxy.auth);
  const req = http.request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: authority, headers, agent: false });
  let settled = false;
  const settle = (err: Error | null, socket?: Socket): void => {
    if (settled) return;
    settled = true;
    done(err, socket);
  };
  req.on('connect', (res, socket, head) => {
    const status = res.statusCode ?? 0;
    if (status === 200 && head.length === 0) return settle(null, socket);
    socket.destroy();
    if (status === 407) return settle(proxyAuthError(proxy));
    const text = `the proxy ${proxy.shown} (${proxy.from}) answered HTTP ${status} to CONNECT ${authority}`;
    settle(status >= 500 || status === 429 ? new TransientProxyError(text) : new GooseError('PROXY_CONNECT_FAILED', text));
  });
  req.on('error', (e) => settle(new TransientProxyError(`the proxy ${proxy.shown} (${proxy.from}): ${e.message}`)));
  req.end();
  return req;
}

/** `PROXY_AUTH_REQUIRED`: the proxy answered 407, with or without our credentials. */
export function proxyAuthError(proxy: ProxyRoute): GooseError {
  return new GooseError(
    'PROXY_AUTH_REQUIRED',
    proxy.auth
      ? `the proxy ${proxy.shown} (${proxy.from}) refused the proxy user name and password (HTTP 407)`
      : `the proxy ${proxy.shown} (${proxy.from}) wants authentication (HTTP 407): give proxy_username= and proxy_password=, or user:password@ in the proxy URL`,
  );
}
