/**
 * The history file on disk: read whole, written whole and atomically (a temporary file beside
 * it, written and fsynced, then renamed over it, then the folder fsynced), so a crash at any
 * moment leaves either the previous file or the new one.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GooseError } from '../errors.js';

const TMP_INFIX = '.tmp-';

/** The bytes of a history file; undefined when there is none. */
export async function readHistoryBytes(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GooseError('HISTORY_UNREADABLE', `cannot read the history: ${(e as Error).message}`, { file });
  }
}

/** Writes `bytes` to `file` atomically and durably. */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}${TMP_INFIX}${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new GooseError('HISTORY_WRITE_FAILED', `cannot write the history: ${(e as Error).message}`, { file });
  }
  // The rename is durable once the folder is; some systems cannot fsync a folder, which is no error.
  const dir = await open(dirname(file), 'r').catch(() => undefined);
  await dir?.sync().catch(() => undefined);
  await dir?.close();
}

/**
 * Removes temporary files a crashed writer left beside `file`. Call only while holding the
 * file's lock: then no other writer has a temporary file in progress.
 */
export async function removeLeftovers(file: string): Promise<void> {
  const prefix = basename(file) + TMP_INFIX;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(dirname(file), n), { force: true }).catch(() => undefined)));
}
