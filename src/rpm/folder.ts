/**
 * Reading every package header in a folder (or one file). A damaged file is a result, not a
 * failure of the whole folder: it lands in `errors` and the other files are still read, unless
 * the caller asks for `strict`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GooseError } from '../errors.js';
import { readRpmFile } from './file.js';
import type { RpmPackage } from './package.js';

/** A file that could not be read, as data. */
export interface RpmReadProblem {
  /** Path of the file. */
  file: string;
  /** The GooseError code, e.g. `RPM_BAD_MAGIC`, `RPM_TRUNCATED`, `RPM_READ_FAILED`. */
  code: string;
  /** The error message (it starts with the file name). */
  message: string;
}

/** Packages read from a folder, and the files that could not be read; both sorted by path. */
export interface RpmFolderResult {
  packages: RpmPackage[];
  errors: RpmReadProblem[];
}

/** Options of `readRpmFolder`. */
export interface RpmFolderOptions {
  /** Throw the first error (in path order) instead of collecting it. Default false. */
  strict?: boolean;
  /** Descend into subfolders. Default false. */
  recursive?: boolean;
}

/** Compares paths by UTF-16 code units, the same everywhere (no locale). */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lists the `*.rpm` files (which includes `*.src.rpm`) under `dir`, sorted. */
export async function listRpmFiles(dir: string, recursive = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      throw new GooseError('RPM_READ_FAILED', `cannot list folder: ${(e as Error).message}`, { file: d }, { cause: e });
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (recursive) await walk(p);
      } else if (e.name.endsWith('.rpm')) {
        out.push(p);
      }
    }
  };
  await walk(dir);
  return out.sort(byPath);
}

/**
 * Reads the header of every `*.rpm` in `path` (a folder), or of `path` itself when it is a file.
 * Reads headers only, never payloads.
 */
export async function readRpmFolder(path: string, options: RpmFolderOptions = {}): Promise<RpmFolderResult> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    throw new GooseError('RPM_READ_FAILED', `cannot read: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  const files = isDir ? await listRpmFiles(path, options.recursive ?? false) : [path];
  const result: RpmFolderResult = { packages: [], errors: [] };
  for (const file of files) {
    try {
      result.packages.push(await readRpmFile(file));
    } catch (e) {
      if (!(e instanceof GooseError) || options.strict) throw e;
      result.errors.push({ file, code: e.code, message: e.message });
    }
  }
  return result;
}
