/**
 * One writer at a time on a history file: a lock file beside it (`FILE.lock`), created with
 * O_EXCL and holding the owner's pid, host and start time. A lock whose process is gone (same
 * host, no such pid) is taken over; otherwise the writer waits, up to a timeout that ends in a
 * typed error naming the lock file and its owner.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { GooseError } from '../errors.js';

/** Options of {@link withLock}. */
export interface LockOptions {
  /** How long to wait for another writer, in milliseconds (default 60,000). */
  timeoutMs?: number;
}

/** What a lock file holds. */
export interface LockOwner {
  /** Process id of the writer. */
  pid: number;
  /** Its host name. */
  host: string;
  /** When it took the lock (ISO 8601). */
  time: string;
  /** A random token: the owner removes the lock only while it still holds this one. */
  token: string;
}

/** The lock file of a history file. */
export const lockPath = (file: string): string => `${file}.lock`;

/** A lock file that cannot be read as an owner and is older than this was left half-written. */
const UNREADABLE_GRACE_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(o.pid) && typeof o.host === 'string' && typeof o.time === 'string' && typeof o.token === 'string') return o as LockOwner;
  } catch {
    // fall through
  }
  return undefined;
}

/** Whether process `pid` of this host is alive (EPERM: alive, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock file with O_EXCL; false when it exists. */
async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new GooseError('HISTORY_LOCK_FAILED', `cannot create the lock file: ${(e as Error).message}`, { file: path });
  }
  try {
    await fh.writeFile(JSON.stringify(owner) + '\n');
  } finally {
    await fh.close();
  }
  return true;
}

/** The lock file's text, or undefined when it is gone. */
async function readLock(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GooseError('HISTORY_LOCK_FAILED', `cannot read the lock file: ${(e as Error).message}`, { file: path });
  }
}

/** Whether the lock with this text was left by a writer that is gone. */
async function isStale(path: string, text: string): Promise<boolean> {
  const owner = parseOwner(text);
  if (owner) return owner.host === hostname() && !alive(owner.pid);
  const st = await stat(path).catch(() => undefined);
  return st !== undefined && Date.now() - st.mtimeMs > UNREADABLE_GRACE_MS;
}

/**
 * Removes a stale lock, unless it changed since it was read as `text`. Takeovers go one at a
 * time through a second O_EXCL file, so two waiters cannot both remove locks and one of them
 * remove the fresh lock of the other. False when another waiter is taking it over.
 */
async function takeOver(path: string, text: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  const failed = (e: unknown) => new GooseError('HISTORY_LOCK_FAILED', `cannot take over a stale lock: ${(e as Error).message}`, { file: path });
  let fh;
  try {
    fh = await open(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw failed(e);
    // A takeover guard lives for milliseconds; an old one belongs to a process that died in it.
    const st = await stat(guard).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > UNREADABLE_GRACE_MS) await rm(guard, { force: true }).catch(() => undefined);
    return false;
  }
  try {
    if ((await readLock(path)) === text) await rm(path, { force: true });
    return true;
  } catch (e) {
    throw e instanceof GooseError ? e : failed(e);
  } finally {
    await fh.close();
    await rm(guard, { force: true }).catch(() => undefined);
  }
}

function heldMessage(text: string | undefined, waitedMs: number): string {
  const owner = text === undefined ? undefined : parseOwner(text);
  const who = owner ? `process ${owner.pid} on ${owner.host} (since ${owner.time})` : 'another process';
  return `${who} holds this lock on the history; waited ${Math.round(waitedMs / 1000)} s. If that process is gone, delete the lock file and run again`;
}

/** Runs `fn` while holding the lock of history file `file`. */
export async function withLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = lockPath(file);
  const timeout = options.timeoutMs ?? 60_000;
  const token = randomBytes(8).toString('hex');
  const t0 = Date.now();
  let pause = 10;
  for (;;) {
    if (await tryCreate(path, { pid: process.pid, host: hostname(), time: new Date().toISOString(), token })) break;
    const text = await readLock(path);
    if (text === undefined) continue; // released meanwhile: try again at once
    if ((await isStale(path, text)) && (await takeOver(path, text))) continue;
    const waited = Date.now() - t0;
    if (waited >= timeout) throw new GooseError('HISTORY_LOCKED', heldMessage(text, waited), { file: path });
    await sleep(Math.min(pause, timeout - waited) * (0.5 + Math.random() / 2));
    pause = Math.min(pause * 2, 250);
  }
  try {
    return await fn();
  } finally {
    // Still ours? (only a writer on another host could have judged us gone)
    const text = await readLock(path).catch(() => undefined);
    if (text !== undefined && parseOwner(text)?.token === token) await rm(path, { force: true });
  }
}
