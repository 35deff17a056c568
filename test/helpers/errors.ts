/** Test helpers for typed errors. */
import { GooseError } from '../../src/errors.js';

/** The code of the GooseError `fn` throws, `untyped: ...` for any other throw, undefined when it returns. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof GooseError ? e.code : `untyped: ${String(e)}`;
  }
  return undefined;
}

/** The GooseError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function failure(p: Promise<unknown>): Promise<GooseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GooseError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
