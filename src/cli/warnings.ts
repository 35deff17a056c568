/** Problems that did not stop a load (damaged .rpm files in a folder), told to the person on stderr. */
import type { LoadedRepo } from '../repodata/open.js';
import type { CliIo } from './io.js';

/** Prints every warning of the loaded repositories on stderr, one line each; each names its file once. */
export function printRepoWarnings(io: Pick<CliIo, 'stderr'>, repos: readonly Pick<LoadedRepo, 'warnings'>[]): void {
  for (const r of repos) for (const w of r.warnings) io.stderr(`goose-deps: warning: ${w}\n`);
}
