/**
 * Locates libsolv 0.7.23's own source tree (for its test/testcases), unpacked by wasm/build.sh
 * from Debian's source package. CI runs wasm/build.sh --check before the tests, so it is there;
 * elsewhere the tests that need it skip with one line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { PROJECT_ROOT } from './shared-data.js';

/** Root of the unpacked libsolv source, or `GOOSE_LIBSOLV_SRC`. */
export const LIBSOLV_SRC = process.env.GOOSE_LIBSOLV_SRC ?? join(PROJECT_ROOT, 'wasm', 'build', 'src', 'libsolv');

/** True when libsolv's test/testcases are available. */
export const HAVE_LIBSOLV_SRC = existsSync(join(LIBSOLV_SRC, 'test', 'testcases'));

/** `describe` that needs libsolv's source tree; prints how to get it when absent. */
export function describeWithLibsolvSource(name: string, fn: () => void): void {
  if (!HAVE_LIBSOLV_SRC) console.warn(`goose-deps: ${LIBSOLV_SRC} not found (run wasm/build.sh --check, or point GOOSE_LIBSOLV_SRC at an unpacked libsolv 0.7.23 source); skipping libsolv's own testcases.`);
  if (HAVE_LIBSOLV_SRC) describe(name, fn);
  else describe.skip(name, () => it('needs libsolv source from wasm/build.sh'));
}
