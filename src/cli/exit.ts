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

/**
 * Prints an error for a person and returns the exit code: a typed error as its code and message
 * (exit 2); anything else is a bug, printed with how to report it (exit 3). Never a stack trace,
 * unless the environment sets GOOSE_DEPS_DEBUG (for the bug report).
 */
export function reportError(e: unknown, stderr: (s: string) => void, env: NodeJS.ProcessEnv = process.env): number {
  if (e instanceof GooseError) {
    stderr(`goose-deps: error [${e.code}]: ${e.message}\n`);
    return e.exitCode;
  }
  const internal = e instanceof InternalError ? e : new InternalError(e instanceof Error ? `${e.name}: ${e.message}` : String(e), { cause: e });
  const stack = env.GOOSE_DEPS_DEBUG && e instanceof Error && e.stack ? `${e.stack}\n` : '';
  stderr(`goose-deps: internal error [${internal.code}]: ${internal.message}\n${stack}`);
  return internal.exitCode;
}
