/**
 * The tool's own failures: one typed error family with a stable `code`.
 *
 * A package that cannot be built is a result, not an error; these are for input the tool cannot
 * read, usage it cannot follow, and its own bugs.
 */

/** Where in the user's input a problem was found. */
export interface ErrorLocation {
  /** The file, URL or package the problem is in. */
  file?: string;
  /** 1-based line, where the input is line-oriented. */
  line?: number;
}

/** Base of every error goose-deps throws on purpose; `code` is stable, the message is for people. */
export class GooseError extends Error {
  /** Stable machine-readable code, e.g. `RPM_BAD_MAGIC`. */
  readonly code: string;
  /** The file, URL or package the problem is in, when known. */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** Process exit code the CLI uses for it: 2 for bad usage or input. */
  readonly exitCode: number = 2;

  constructor(code: string, message: string, where: ErrorLocation = {}, options?: { cause?: unknown }) {
    const prefix = where.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : '';
    super(prefix + message, options);
    this.name = 'GooseError';
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
  }
}

/** A bug in goose-deps itself, never the user's input: the CLI asks for a report. */
export class InternalError extends Error {
  /** Always `INTERNAL`. */
  readonly code = 'INTERNAL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** True when `e` is one of goose-deps' typed errors. */
export function isGooseError(e: unknown): e is GooseError {
  return e instanceof GooseError;
}
