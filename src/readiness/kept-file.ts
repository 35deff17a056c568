/**
 * The kept result's file (kept.ts says what it holds and when it is valid), and the buffered
 * byte writer the JSON report and the kept file are written through together.
 *
 * Layout: the magic line, every entry's bytes one after the other, the trailer's binary index
 * and its JSON (kept-index.ts), the JSON's byte length (u32 LE), and a CRC-32 of everything
 * before it (u32 LE). It is written under a temporary name and renamed into place, so two runs sharing a
 * cache each leave a whole file (the last rename wins) and a reader never sees a partial one. A
 * file that is cut, altered or not of this layout raises {@link KeptResultDamaged}: the caller
 * warns and computes everything; a file of another context is simply not used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { KeptEntry, KeptResult, KeptSource, KeptTrailer } from './kept.js';
import { isTrailerJson, packTrailer, unpackTrailer } from './kept-index.js';

const MAGIC = 'goose-readiness-kept-2\n';

/** Why a kept result file was not used although it is there. */
export type KeptDamage = 'truncated' | 'magic' | 'checksum' | 'trailer';

/** A kept result file that is not what was written: it is skipped (with a warning) and everything is computed. */
export class KeptResultDamaged extends Error {
  /** The file. */
  readonly file: string;
  /** What is wrong with it. */
  readonly reason: KeptDamage;
  constructor(file: string, reason: KeptDamage) {
    super(`${file}: ${reason}`);
    this.file = file;
    this.reason = reason;
  }
}

/**
 * The kept result's path under `cacheDir` for a run named by `identity` (its repository and
 * option arguments): runs asking other questions keep other files. Only a name: whether the
 * content may be used is decided by the context key inside.
 */
export function keptResultPath(cacheDir: string, identity: unknown): string {
  return join(cacheDir, 'readiness', `${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32)}.kept`);
}

/**
 * Reads of an open file, whole ranges (a short read is a damaged file). Small reads are served
 * from a window of {@link WINDOW} bytes read ahead: a report copies ~17k kept entries of a few KB
 * each in file order, and one read call per entry cost more than the copying.
 */
class FileSource implements KeptSource {
  #fd: number;
  #window: Buffer | undefined;
  /** File offset and length of what the window holds. */
  #windowAt = 0;
  #windowLength = 0;
  constructor(
    fd: number,
    readonly path: string,
    /** Bytes of the file (the window never reads past them). */
    readonly size: number,
  ) {
    this.#fd = fd;
  }
  read(at: number, length: number): Buffer {
    const b = Buffer.allocUnsafe(length);
    this.readInto(b, 0, at, length);
    return b;
  }
  readInto(buf: Uint8Array, offset: number, at: number, length: number): void {
    if (length > WINDOW / 4) return this.#readFile(buf, offset, at, length);
    if (at < this.#windowAt || at + length > this.#windowAt + this.#windowLength) {
      this.#window ??= Buffer.allocUnsafe(WINDOW);
      const n = Math.min(WINDOW, this.size - at);
      if (n < length) throw new KeptResultDamaged(this.path, 'truncated');
      this.#windowLength = 0; // until the read is whole
      this.#readFile(this.#window, 0, at, n);
      this.#windowAt = at;
      this.#windowLength = n;
    }
    buf.set(this.#window!.subarray(at - this.#windowAt, at - this.#windowAt + length), offset);
  }
  #readFile(buf: Uint8Array, offset: number, at: number, length: number): void {
    for (let done = 0; done < length; ) {
      const n = readSync(this.#fd, buf, offset + done, length - done, at + done);
      if (n <= 0) throw new KeptResultDamaged(this.path, 'truncated');
      done += n;
    }
  }
  close(): void {
    if (this.#fd < 0) return;
    closeSync(this.#fd);
    this.#fd = -1;
    this.#window = undefined;
  }
}

/** Bytes a {@link FileSource} reads ahead. */
const WINDOW = 1 << 20;

/**
 * The kept result in the file `path` when its key is `key`; undefined when there is none or it is
 * another context's; {@link KeptResultDamaged} when damaged. The file is checked whole (its
 * CRC-32, read through one small buffer) and stays open: entries are read from it when written
 * out, never into one large buffer (faulting in 120 MB of fresh memory costs more than reading it).
 */
export function openKept(path: string, key: string): KeptResult | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch {
    closeSync(fd);
    return undefined;
  }
  const src = new FileSource(fd, path, size);
  try {
    if (size < MAGIC.length + 8) throw new KeptResultDamaged(path, 'truncated');
    const head = src.read(0, MAGIC.length);
    if (head.toString('latin1') !== MAGIC) {
      // Another layout version's file is another context's (its code hash differs too): not used, no warning.
      if (head.toString('latin1').startsWith(MAGIC.slice(0, MAGIC.lastIndexOf('-') + 1))) {
        src.close();
        return undefined;
      }
      throw new KeptResultDamaged(path, 'magic');
    }
    const tail = src.read(size - 8, 8);
    const tlen = tail.readUInt32LE(0);
    const buf = Buffer.allocUnsafe(1 << 20);
    let crc = 0;
    for (let at = 0; at < size - 4; ) {
      const n = Math.min(buf.length, size - 4 - at);
      src.readInto(buf, 0, at, n);
      crc = crc32(buf.subarray(0, n), crc);
      at += n;
    }
    if (crc !== tail.readUInt32LE(4)) throw new KeptResultDamaged(path, 'checksum');
    const end = size - 8;
    if (MAGIC.length + tlen > end) throw new KeptResultDamaged(path, 'truncated');
    let raw: unknown;
    try {
      raw = JSON.parse(src.read(end - tlen, tlen).toString('utf8'));
    } catch {
      throw new KeptResultDamaged(path, 'trailer');
    }
    if (!isTrailerJson(raw) || MAGIC.length + raw.indexBytes > end - tlen) throw new KeptResultDamaged(path, 'trailer');
    if (raw.key !== key) {
      src.close();
      return undefined;
    }
    const indexAt = end - tlen - raw.indexBytes;
    const ints = new Int32Array(raw.indexBytes / 4);
    src.readInto(new Uint8Array(ints.buffer), 0, indexAt, raw.indexBytes);
    const trailer = unpackTrailer(raw, ints);
    if (!trailer) throw new KeptResultDamaged(path, 'trailer');
    const entries: KeptEntry[] = new Array(trailer.names.length);
    let at = MAGIC.length;
    for (let i = 0; i < entries.length; i++) {
      const len = trailer.lengths[i];
      const ic = trailer.inCycleAt[i];
      if (!Number.isInteger(len) || !Number.isInteger(ic) || len < 0 || ic < 0 || ic + 4 > len || at + len > indexAt) throw new KeptResultDamaged(path, 'trailer');
      const cb = trailer.causeBlockers[i];
      entries[i] = { source: src, at, length: len, inCycleAt: ic, inCycle: trailer.cycles[i] === '1', ...(cb ? { causeBlockers: cb } : {}) };
      at += len;
    }
    if (at !== indexAt) throw new KeptResultDamaged(path, 'trailer');
    const sameTrailer = (t: KeptTrailer) => {
      const { json, index } = packTrailer(t);
      const text = Buffer.from(JSON.stringify(json), 'utf8');
      return index.length === raw.indexBytes && text.length === tlen && src.read(indexAt, index.length).equals(index) && src.read(end - tlen, tlen).equals(text);
    };
    return { trailer, entries, sameTrailer, close: () => src.close() };
  } catch (e) {
    src.close();
    throw e;
  }
}

/** A file written through one reused buffer, with a running CRC-32 of what it holds. */
export class ByteFile {
  readonly #fh: FileHandle;
  readonly #buf = Buffer.allocUnsafe(1 << 20);
  readonly #summed: boolean;
  #used = 0;
  /** CRC-32 of the bytes written so far (with `crc` set at open). */
  crc = 0;

  private constructor(fh: FileHandle, summed: boolean) {
    this.#fh = fh;
    this.#summed = summed;
  }

  /** Opens (creates or truncates) `path`; `crc`: keep a CRC-32 of what is written. */
  static async open(path: string, options: { crc?: boolean } = {}): Promise<ByteFile> {
    return new ByteFile(await open(path, 'w'), options.crc ?? false);
  }

  /**
   * Appends `text` as UTF-8 and returns its byte length; with `mark` (a character index in
   * `text`), the byte offset of that index too.
   */
  async text(text: string, mark = -1): Promise<{ length: number; markAt: number }> {
    let length = 0;
    let markAt = -1;
    const step = 1 << 17; // characters: at most 3 bytes each, so a step always fits an emptied buffer
    for (let i = 0; i < text.length; ) {
      let stop = Math.min(i + step, text.length);
      // Never split a surrogate pair between two steps.
      if (stop < text.length && (text.charCodeAt(stop - 1) & 0xfc00) === 0xd800) stop--;
      if (this.#buf.length - this.#used < 3 * (stop - i)) await this.flush();
      if (mark >= i && mark < stop) markAt = length + Buffer.byteLength(text.slice(i, mark));
      const n = this.#buf.write(text.slice(i, stop), this.#used);
      this.#used += n;
      length += n;
      i = stop;
    }
    return { length, markAt };
  }

  /** Appends `bytes`. */
  async bytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length > this.#buf.length - this.#used) await this.flush();
    if (bytes.length > this.#buf.length) return this.#write(bytes);
    this.#buf.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  /** Appends the bytes of kept `entry`, read from its file straight into the buffer. */
  async entry(entry: KeptEntry): Promise<void> {
    for (let done = 0; done < entry.length; ) {
      if (this.#used === this.#buf.length) await this.flush();
      const n = Math.min(entry.length - done, this.#buf.length - this.#used);
      entry.source.readInto(this.#buf, this.#used, entry.at + done, n);
      this.#used += n;
      done += n;
    }
  }

  /** Writes out what the buffer holds. */
  async flush(): Promise<void> {
    const n = this.#used;
    this.#used = 0;
    if (n) await this.#write(this.#buf.subarray(0, n));
  }

  // Synchronous: every flush was awaited anyway, and a round trip through libuv's thread pool per
  // megabyte (~230 of them for a bookworm report and its kept result) waits for a busy core each time.
  async #write(b: Uint8Array): Promise<void> {
    if (this.#summed) this.crc = crc32(b, this.crc);
    for (let at = 0; at < b.length; ) at += writeSync(this.#fh.fd, b, at, b.length - at);
  }

  /** Flushes and closes. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#fh.close();
    }
  }

  /** Closes without flushing (after a failure). */
  async abandon(): Promise<void> {
    await this.#fh.close().catch(() => undefined);
  }
}

/** Writes a kept result: the entries as they come, then the trailer; renamed into place by {@link KeptResultWriter.finish}. */
export class KeptResultWriter {
  readonly #path: string;
  readonly #tmp: string;
  /** The file the entries go to. */
  readonly file: ByteFile;

  private constructor(path: string, tmp: string, file: ByteFile) {
    this.#path = path;
    this.#tmp = tmp;
    this.file = file;
  }

  /** Starts the file for `path` (under a temporary name beside it). */
  static async open(path: string): Promise<KeptResultWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    const file = await ByteFile.open(tmp, { crc: true });
    await file.text(MAGIC);
    return new KeptResultWriter(path, tmp, file);
  }

  /** Appends the trailer, closes and renames the file into place. */
  async finish(trailer: KeptTrailer): Promise<void> {
    try {
      const { json, index } = packTrailer(trailer);
      await this.file.bytes(index);
      const { length } = await this.file.text(JSON.stringify(json));
      const len = Buffer.alloc(4);
      len.writeUInt32LE(length);
      await this.file.bytes(len);
      await this.file.flush();
      const sum = Buffer.alloc(4);
      sum.writeUInt32LE(this.file.crc);
      await this.file.bytes(sum);
      await this.file.close();
      await rename(this.#tmp, this.#path);
    } finally {
      await rm(this.#tmp, { force: true }).catch(() => undefined);
    }
  }

  /** Gives up: the temporary file is removed. */
  async abandon(): Promise<void> {
    await this.file.abandon();
    await rm(this.#tmp, { force: true }).catch(() => undefined);
  }
}
