/** Problems that did not stop a load (damaged .rpm files in a folder), told to the person on stderr. */
import type { LoadedRepo } from '../repodata/open.js';
import type { CliIo } from './io.js';

/** The warnings of the loaded repositories as stderr lines, one each; each names its file once. */
export function repoWarningLines(repos: readonly Pick<LoadedRepo, 'warnings'>[]): string[] {
  return repos.flatMap((r) => r.warnings.map((w) => `goose-deps: warning: ${w}\n`));
}

/** Prints every warning of the loaded repositories on stderr (see {@link repoWarningLines}). */
export function printRepoWarnings(io: Pick<CliIo, 'stderr'>, repos: readonly Pick<LoadedRepo, 'warnings'>[]): void {
  for (const line of repoWarningLines(repos)) io.stderr(line);
}
