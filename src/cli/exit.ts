/** Exit codes every command shares, and the one place that turns errors into them. */
import { GooseError, InternalError } from '../errors.js';

/** 0: success. */
export const EXIT_OK = 0;
/** 1: the answer is negative (unresolvable packages, not self-hosting, a testcase mismatch). */
export const EXIT_NEGATIVE = 1;
/** 2: bad usage or input. */
export const EXIT_USAGE = 2;
/** 3: a bug in goose-deps. */
export const EXIT_INTERNAL = 3;
/** 77: `testcase` skipped a file (it asks for a libsolv feature this build lacks), as testsolv exits (automake's "skipped"). */
export const EXIT_SKIPPED = 77;

/** Prints an error for a person and returns the exit code: typed errors briefly, bugs with a request to report them. */
export function reportError(e: unknown, stderr: (s: string) => void): number {
  if (e instanceof GooseError) {
    stderr(`goose-deps: error [${e.code}]: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new InternalError(String(e));
  stderr(`goose-deps: internal error: ${err.message}\nThis is a bug in goose-deps; please report it with the command you ran.\n${err.stack ?? ''}\n`);
  return EXIT_INTERNAL;
}
