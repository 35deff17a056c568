/**
 * Reading a package's headers from disk without reading its payload: start with a small read,
 * learn from the lead and the header introductions how long the headers are, and read exactly
 * that much more. A header that claims more bytes than the file has is reported as truncated
 * without allocating what it claims.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { GooseError } from '../errors.js';
import { measureRpmHeaders } from './layout.js';
import { readRpmPackage, type RpmPackage } from './package.js';

/** First read: the lead, a typical signature header and the start of the main header. */
const FIRST_READ = 16 * 1024;

/** A request to read `length` bytes at `position` into `buf` from `from`; answered with the count read. */
interface ReadRequest {
  buf: Uint8Array;
  from: number;
  length: number;
  position: number;
}

function ioError(path: string, e: unknown): GooseError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error)?.message ?? e);
  return new GooseError('RPM_READ_FAILED', `cannot read: ${why}`, { file: path }, { cause: e });
}

/**
 * The growing read as a plan of positional reads (a generator), so that the synchronous and the
 * asynchronous reader share it. Returns the lead and headers, or the whole file when it is shorter
 * than they claim (the parse then names what is truncated).
 */
function* headerReads(size: number, file: string): Generator<ReadRequest, Uint8Array, number> {
  let buf = new Uint8Array(Math.min(size, FIRST_READ));
  let have = 0;
  while (have < buf.length) {
    const n = yield { buf, from: have, length: buf.length - have, position: have };
    if (n === 0) return buf.subarray(0, have);
    have += n;
  }
  for (;;) {
    const m = measureRpmHeaders(buf.subarray(0, have), file);
    if (have >= m.length) return buf.subarray(0, m.complete ? m.length : have);
    if (m.length > size) return buf.subarray(0, have);
    const next = new Uint8Array(m.length);
    next.set(buf.subarray(0, have));
    buf = next;
    while (have < m.length) {
      const n = yield { buf, from: have, length: m.length - have, position: have };
      if (n === 0) return buf.subarray(0, have);
      have += n;
    }
  }
}

/** Reads only the lead and headers of an `.rpm` file (synchronously); IO problems are RPM_READ_FAILED. */
export function readRpmHeaderBytesSync(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    const size = fstatSync(fd).size;
    const plan = headerReads(size, path);
    let step = plan.next(0);
    while (!step.done) {
      const r = step.value;
      step = plan.next(readSync(fd, r.buf, r.from, r.length, r.position));
    }
    return step.value;
  } catch (e) {
    throw e instanceof GooseError ? e : ioError(path, e);
  } finally {
    closeSync(fd);
  }
}

/** Reads only the lead and headers of an `.rpm` file; IO problems are RPM_READ_FAILED. */
export async function readRpmHeaderBytes(path: string): Promise<Uint8Array> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    const size = (await fh.stat()).size;
    const plan = headerReads(size, path);
    let step = plan.next(0);
    while (!step.done) {
      const r = step.value;
      step = plan.next((await fh.read(r.buf, r.from, r.length, r.position)).bytesRead);
    }
    return step.value;
  } catch (e) {
    throw e instanceof GooseError ? e : ioError(path, e);
  } finally {
    await fh.close();
  }
}

/** Reads and parses one `.rpm` / `.src.rpm` file from disk, reading its headers only. */
export async function readRpmFile(path: string): Promise<RpmPackage> {
  return readRpmPackage(await readRpmHeaderBytes(path), path);
}

/** Synchronous `readRpmFile`. */
export function readRpmFileSync(path: string): RpmPackage {
  return readRpmPackage(readRpmHeaderBytesSync(path), path);
}
