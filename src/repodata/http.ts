/**
 * HTTP(S) downloads for repository metadata, with the failure handling mirrors need: a timeout per
 * request, a stall timeout (no bytes for a while), retries with exponential backoff for errors that
 * may pass (connection dropped, 5xx, 429, short body), none for those that will not (404, other 4xx),
 * a size cap, redirects, and progress callbacks. Uses node:http/node:https (no dependency).
 */
import http from 'node:http';
import https from 'node:https';
import { GooseError } from '../errors.js';

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
}

/** A download that failed with an HTTP status; `status` is kept for callers that branch on 404. */
export class HttpStatusError extends GooseError {
  /** The HTTP status code. */
  readonly status: number;
  constructor(status: number, url: string) {
    super(status === 404 ? 'HTTP_NOT_FOUND' : 'HTTP_STATUS', `HTTP ${status} for ${url}`, { file: url });
    this.status = status;
  }
}

/** Failures worth another attempt. */
class Transient extends Error {}

const MAX_REDIRECTS = 5;

/** GET `url` into memory, retrying transient failures; throws `HTTP_NOT_FOUND`, `HTTP_STATUS`, `DOWNLOAD_TOO_LARGE` or `DOWNLOAD_FAILED`. */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<Uint8Array> {
  const retries = options.retries ?? 4;
  const backoff = options.backoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  let last = '';
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await getOnce(url, options, 0);
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      last = e.message;
      if (attempt >= retries) break;
      const delayMs = Math.min(maxBackoff, backoff * 2 ** attempt);
      options.onRetry?.({ url, attempt: attempt + 1, delayMs, reason: last });
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  throw new GooseError('DOWNLOAD_FAILED', `download failed after ${retries + 1} attempts: ${last}`, { file: url });
}

function getOnce(url: string, options: HttpOptions, redirects: number): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const stallMs = options.stallMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 2 ** 31 - 1;
  const file = options.file ?? url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new GooseError('DOWNLOAD_FAILED', 'not a valid URL', { file: url }));
  }
  const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new GooseError('DOWNLOAD_FAILED', `unsupported URL scheme ${parsed.protocol}`, { file: url }));

  return new Promise<Uint8Array>((resolvePromise, rejectPromise) => {
    let settled = false;
    let stallTimer: NodeJS.Timeout | undefined;
    const headers = { 'user-agent': options.userAgent ?? 'goose-deps', accept: '*/*', 'accept-encoding': 'identity' };
    const req = client.get(parsed, { headers });
    const finish = (err: unknown, value?: Uint8Array): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(stallTimer);
      if (err) {
        req.destroy();
        rejectPromise(err);
      } else resolvePromise(value as Uint8Array);
    };
    const stalled = (): void => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => finish(new Transient(`no data for ${stallMs} ms from ${url}`)), stallMs);
    };
    const overall = setTimeout(() => finish(new Transient(`request timed out after ${timeoutMs} ms: ${url}`)), timeoutMs);
    stalled();
    req.on('error', (e) => finish(new Transient(`${url}: ${e.message}`)));
    req.on('response', (res) => {
      stalled();
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return finish(new GooseError('DOWNLOAD_FAILED', `more than ${MAX_REDIRECTS} redirects`, { file: url }));
        const next = new URL(res.headers.location, parsed).toString();
        return getOnce(next, options, redirects + 1).then((b) => finish(undefined, b), (e) => finish(e));
      }
      if (status !== 200) {
        res.resume();
        const transient = status >= 500 || status === 429 || status === 408;
        return finish(transient ? new Transient(`HTTP ${status} for ${url}`) : new HttpStatusError(status, url));
      }
      const lengthHeader = res.headers['content-length'];
      const total = lengthHeader !== undefined && /^[0-9]+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
      if (total !== undefined && total > maxBytes) {
        return finish(new GooseError('DOWNLOAD_TOO_LARGE', `the server announces ${total} bytes, more than the limit of ${maxBytes}`, { file: url }));
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        stalled();
        bytes += chunk.length;
        if (bytes > maxBytes) return finish(new GooseError('DOWNLOAD_TOO_LARGE', `more than the limit of ${maxBytes} bytes`, { file: url }));
        chunks.push(chunk);
        options.onProgress?.(total !== undefined ? { file, bytes, total } : { file, bytes });
      });
      res.on('aborted', () => finish(new Transient(`connection closed after ${bytes} bytes: ${url}`)));
      res.on('error', (e) => finish(new Transient(`${url}: ${e.message}`)));
      res.on('close', () => finish(new Transient(`connection closed after ${bytes} bytes: ${url}`))); // no-op after 'end'
      res.on('end', () => {
        if (!res.complete || (total !== undefined && bytes !== total)) {
          return finish(new Transient(`short body (${bytes} of ${total ?? '?'} bytes): ${url}`));
        }
        finish(undefined, Buffer.concat(chunks, bytes));
      });
    });
  });
}
