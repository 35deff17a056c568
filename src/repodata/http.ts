/**
 * HTTP(S) downloads for repository metadata, with the failure handling mirrors need: a timeout per
 * request, a stall timeout (no bytes for a while), retries with exponential backoff for errors that
 * may pass (connection dropped, 5xx, 429, short body), none for those that will not (404, other 4xx,
 * TLS and authentication failures), a size cap, redirects, and progress callbacks; and the ways a
 * repository is reached (network.ts): proxies (proxy.ts, CONNECT for https), TLS client
 * certificates and CAs (tls.ts), basic authentication. Uses node:http/node:https (no dependency;
 * the README says why). No message carries a password or the user part of a URL.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { isIP } from 'node:net';
import { GooseError } from '../errors.js';
import { redactUrl, type BasicAuth, type RepoNetwork } from './network.js';
import { basicAuthHeader, connectTunnel, proxyAuthError, proxyFor, TransientProxyError, type ProxyRoute } from './proxy.js';
import { loadTls, tlsFailure, type TlsMaterial } from './tls.js';

/** Progress of one download. */
export interface Progress {
  /** The file (as the caller named it) or URL being fetched. */
  file: string;
  /** Bytes received so far. */
  bytes: number;
  /** Expected total, when the server or repomd says. */
  total?: number;
}

/** Tuning for {@link httpGet}; every field has a default suited to real mirrors. */
export interface HttpOptions {
  /** Whole-request timeout in ms (default 300 000). */
  timeoutMs?: number;
  /** Abort when no byte arrives for this many ms (default 30 000). */
  stallMs?: number;
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First backoff in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Largest backoff in ms (default 30 000). */
  maxBackoffMs?: number;
  /** Largest accepted body (default 2 GiB - 1). */
  maxBytes?: number;
  /** Called as bytes arrive. */
  onProgress?: (p: Progress) => void;
  /** Name used in progress events and errors (default: the URL). */
  file?: string;
  /** Called before each retry, e.g. to log; `attempt` counts from 1. */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  /** `User-Agent` header. */
  userAgent?: string;
  /** Proxy, TLS and credentials of the repository the URL belongs to. */
  network?: RepoNetwork;
}

/** A download that failed with an HTTP status; `status` is kept for callers that branch on 404. */
export class HttpStatusError extends GooseError {
  /** The HTTP status code. */
  readonly status: number;
  constructor(status: number, url: string, detail = '') {
    super(status === 404 ? 'HTTP_NOT_FOUND' : status === 401 ? 'HTTP_UNAUTHORIZED' : 'HTTP_STATUS', `HTTP ${status} for ${redactUrl(url)}${detail}`, { file: redactUrl(url) });
    this.status = status;
  }
}

/** Failures worth another attempt; `final` is the error to report when every attempt failed so. */
class Transient extends Error {
  constructor(message: string, readonly final?: GooseError) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;

/** GET `url` into memory, retrying transient failures; throws `HTTP_NOT_FOUND`, `HTTP_UNAUTHORIZED`, `HTTP_STATUS`, `DOWNLOAD_TOO_LARGE`, `DOWNLOAD_FAILED`, `PROXY_*` or `TLS_*`. */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<Uint8Array> {
  const retries = options.retries ?? 4;
  const backoff = options.backoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const material = await loadTls(options.network);
  const shown = redactUrl(url);
  let last: Transient | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await getOnce(url, options, material, 0, undefined);
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      last = e;
      if (attempt >= retries) break;
      const delayMs = Math.min(maxBackoff, backoff * 2 ** attempt);
      options.onRetry?.({ url: shown, attempt: attempt + 1, delayMs, reason: e.message });
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  throw last?.final ?? new GooseError('DOWNLOAD_FAILED', `download failed after ${retries + 1} attempts: ${last?.message ?? ''}`, { file: shown });
}

/** The credentials for a request: those written in a URL for its origin, else the repository's on its first origin only. */
function credentialsFor(parsed: URL, inUrl: BasicAuth | undefined, net: RepoNetwork | undefined, firstOrigin: string): BasicAuth | undefined {
  if (inUrl) return inUrl;
  const forOrigin = net?.urlCredentials?.[parsed.origin];
  if (forOrigin) return forOrigin;
  if (net?.username !== undefined && parsed.origin === firstOrigin) return { username: net.username, password: net.password ?? '' };
  return undefined;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray % is taken as written
  }
}

function tlsOptions(m: TlsMaterial): Pick<tls.ConnectionOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'> {
  return { ...(m.ca ? { ca: m.ca } : {}), ...(m.cert ? { cert: m.cert, key: m.key } : {}), rejectUnauthorized: m.rejectUnauthorized };
}

/** Start the request: direct, through an HTTP proxy (absolute URL), or through a CONNECT tunnel; `onTunnel` gets the CONNECT request to destroy on abort. */
function startRequest(parsed: URL, headers: Record<string, string>, material: TlsMaterial, proxy: ProxyRoute | undefined, onTunnel: (r: http.ClientRequest) => void): http.ClientRequest {
  const secure = parsed.protocol === 'https:';
  if (!proxy) return secure ? https.get(parsed, { headers, ...tlsOptions(material) }) : http.get(parsed, { headers });
  if (!secure) {
    const viaProxy = { ...headers, host: parsed.host, ...(proxy.auth ? { 'proxy-authorization': basicAuthHeader(proxy.auth) } : {}) };
    return http.get({ host: proxy.host, port: proxy.port, path: parsed.href, headers: viaProxy, agent: false });
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return https.get(parsed, {
    headers,
    createConnection: (_opts: unknown, cb: (err: Error | null, socket?: tls.TLSSocket) => void) => {
      onTunnel(
        connectTunnel(proxy, parsed, (err, socket) => {
          if (err || !socket) return cb(err ?? new Error('no tunnel'));
          cb(null, tls.connect({ socket, host, ...(isIP(host) ? {} : { servername: host }), ...tlsOptions(material) }));
        }),
      );
      return undefined;
    },
  } as https.RequestOptions);
}

function getOnce(url: string, options: HttpOptions, material: TlsMaterial, redirects: number, firstOrigin: string | undefined): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const stallMs = options.stallMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 2 ** 31 - 1;
  const net = options.network;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new GooseError('DOWNLOAD_FAILED', 'not a valid URL', { file: redactUrl(url) }));
  }
  const inUrl = parsed.username || parsed.password ? { username: decoded(parsed.username), password: decoded(parsed.password) } : undefined;
  parsed.username = '';
  parsed.password = '';
  const shown = parsed.href; // no credentials from here on
  const file = options.file ?? shown;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return Promise.reject(new GooseError('DOWNLOAD_FAILED', `unsupported URL scheme ${parsed.protocol}`, { file: shown }));
  const origin = firstOrigin ?? parsed.origin;
  const auth = credentialsFor(parsed, inUrl, net, origin);
  let proxy: ProxyRoute | undefined;
  try {
    proxy = proxyFor(parsed, net);
  } catch (e) {
    return Promise.reject(e);
  }

  return new Promise<Uint8Array>((resolvePromise, rejectPromise) => {
    let settled = false;
    let responded = false;
    let stallTimer: NodeJS.Timeout | undefined;
    let tunnel: http.ClientRequest | undefined;
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'goose-deps', accept: '*/*', 'accept-encoding': 'identity' };
    if (auth) headers.authorization = basicAuthHeader(auth);
    const req = startRequest(parsed, headers, material, proxy, (r) => (tunnel = r));
    const finish = (err: unknown, value?: Uint8Array): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(stallTimer);
      if (err) {
        req.destroy();
        tunnel?.destroy();
        rejectPromise(err);
      } else resolvePromise(value as Uint8Array);
    };
    const stalled = (): void => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => finish(new Transient(`no data for ${stallMs} ms from ${shown}`)), stallMs);
    };
    const overall = setTimeout(() => finish(new Transient(`request timed out after ${timeoutMs} ms: ${shown}`)), timeoutMs);
    stalled();
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof GooseError) return finish(e);
      if (e instanceof TransientProxyError) return finish(new Transient(redactUrl(e.message)));
      const typed = tlsFailure(e, shown, net);
      if (typed) return finish(typed);
      const text = `${shown}${proxy ? ` via the proxy ${proxy.shown}` : ''}: ${redactUrl(e.message)}`;
      // A TLS 1.3 server that refuses a client certificate closes the connection after the
      // handshake; a reset before any answer, with a certificate sent, is most likely that.
      const refused = parsed.protocol === 'https:' && net?.sslclientcert && !responded && e.code === 'ECONNRESET'
        ? new GooseError('TLS_CLIENT_CERT_REFUSED', `the server closed the connection after the TLS handshake, every time: it most likely refuses the client certificate ${net.sslclientcert} (${net.origin})`, { file: shown })
        : undefined;
      finish(new Transient(text, refused));
    });
    req.on('response', (res) => {
      responded = true;
      stalled();
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return finish(new GooseError('DOWNLOAD_FAILED', `more than ${MAX_REDIRECTS} redirects`, { file: shown }));
        const next = new URL(res.headers.location, parsed).toString();
        return getOnce(next, options, material, redirects + 1, origin).then((b) => finish(undefined, b), (e) => finish(e));
      }
      if (status !== 200) {
        res.resume();
        if (status === 407 && proxy) return finish(proxyAuthError(proxy));
        if (status === 401) {
          const detail = auth
            ? `: the server refused the user name and password${net ? ` (${net.origin})` : ''}`
            : ': the server wants a user name and password: give username= and password= (in the .repo or with --setopt), or user:password@ in the URL';
          return finish(new HttpStatusError(status, shown, detail));
        }
        const transient = status >= 500 || status === 429 || status === 408;
        return finish(transient ? new Transient(`HTTP ${status} for ${shown}`) : new HttpStatusError(status, shown));
      }
      const lengthHeader = res.headers['content-length'];
      const total = lengthHeader !== undefined && /^[0-9]+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
      if (total !== undefined && total > maxBytes) {
        return finish(new GooseError('DOWNLOAD_TOO_LARGE', `the server announces ${total} bytes, more than the limit of ${maxBytes}`, { file: shown }));
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        stalled();
        bytes += chunk.length;
        if (bytes > maxBytes) return finish(new GooseError('DOWNLOAD_TOO_LARGE', `more than the limit of ${maxBytes} bytes`, { file: shown }));
        chunks.push(chunk);
        options.onProgress?.(total !== undefined ? { file, bytes, total } : { file, bytes });
      });
      res.on('aborted', () => finish(new Transient(`connection closed after ${bytes} bytes: ${shown}`)));
      res.on('error', (e) => finish(new Transient(`${shown}: ${redactUrl(e.message)}`)));
      res.on('close', () => finish(new Transient(`connection closed after ${bytes} bytes: ${shown}`))); // no-op after 'end'
      res.on('end', () => {
        if (!res.complete || (total !== undefined && bytes !== total)) {
          return finish(new Transient(`short body (${bytes} of ${total ?? '?'} bytes): ${shown}`));
        }
        finish(undefined, Buffer.concat(chunks, bytes));
      });
    });
  });
}
