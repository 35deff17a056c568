/**
 * Locates the real third-party data in `../shared/data` beside the checkout.
 *
 * CI always has it (`.ci/run` fails without it); on a user's checkout without it the tests that
 * need it skip, and one clear line says why and how to point at it (`GOOSE_SHARED_DATA`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** Absolute path of the project checkout. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of `../shared/data`, or the folder named by `GOOSE_SHARED_DATA`. */
export const SHARED_DATA = process.env.GOOSE_SHARED_DATA ?? resolve(PROJECT_ROOT, '..', 'shared', 'data');

/** True when the shared real-data folder is present. */
export const HAVE_SHARED_DATA = existsSync(join(SHARED_DATA, 'README.md'));

let warned = false;

/** The line printed once when the data is absent: where it was looked for, and how to point at it. */
export function missingDataMessage(dir: string = SHARED_DATA): string {
  return `goose-deps: ${dir} not found; skipping the tests that read real third-party data. Point GOOSE_SHARED_DATA at the shared data folder (GOOSE_SHARED_DATA=/path/to/shared/data npm test) to run them.`;
}

/** `describe` that runs only when `../shared/data` exists, printing one line once when it does not. */
export function describeWithData(name: string, fn: () => void): void {
  if (!HAVE_SHARED_DATA && !warned) {
    warned = true;
    console.warn(missingDataMessage());
  }
  // Without the data the body is not even run: it may list folders of the data to make its tests.
  if (HAVE_SHARED_DATA) describe(name, fn);
  else describe.skip(name, () => it('needs ../shared/data: set GOOSE_SHARED_DATA'));
}

/** Path of a file inside the shared data folder. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}
