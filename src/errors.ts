/**
 * The tool's own failures: one catalogue of codes, each with its exit code and meaning, and two
 * error classes over it.
 *
 * A package that cannot be built is a result, not an error; these are for input the tool cannot
 * read, usage it cannot follow (GooseError, exit 2), and its own bugs (InternalError, exit 3).
 * docs/errors.md is generated from {@link ERROR_CODES} (`npm run docs:errors`).
 */

/** One entry of the catalogue. */
export interface ErrorCodeInfo {
  /** Process exit code of the CLI: 2 bad usage or input, 3 a bug in goose-deps. */
  readonly exit: 2 | 3;
  /** What went wrong, in one line. */
  readonly meaning: string;
}

/** Every code goose-deps throws, grouped by where it comes from, with its exit code and meaning. */
export const ERROR_CODES = {
  // Usage and the library's API
  USAGE: { exit: 2, meaning: 'The command line is incomplete or contradictory (a missing --repo, flags that cannot be combined).' },
  ILLEGAL_CONSTRUCTOR: { exit: 2, meaning: 'A libsolv object was constructed directly; Repo, Solver and Transaction come from their owners (Pool.addRepo, Pool.createSolver, Solver.transaction).' },
  USED_AFTER_FREE: { exit: 2, meaning: 'A Pool, Repo, Solver or Transaction was used after free() (of itself or of its pool).' },
  SOLVER_STALE: { exit: 2, meaning: 'A solver was reused after its pool changed (repos, excludes, provides index); create a new one.' },
  DEP_SYNTAX: { exit: 2, meaning: 'A dependency string is not valid rpm syntax.' },
  QUERYFORMAT_TAG: { exit: 2, meaning: 'A --qf query format names a tag goose-deps does not know.' },
  UNKNOWN_PACKAGE: { exit: 2, meaning: 'No package matches a spec given on the command line.' },
  UNKNOWN_SOURCE: { exit: 2, meaning: 'A source package named on the command line is in no source repository.' },
  NO_SOURCES: { exit: 2, meaning: 'A build order was asked for without any source repository.' },
  GRAPH_BAD_NODE: { exit: 2, meaning: 'A graph edge names a node outside the graph.' },
  GRAPH_BAD_COST: { exit: 2, meaning: 'A graph edge has a cost that is negative or not finite.' },
  GRAPH_CYCLIC: { exit: 2, meaning: 'Waves were asked of a graph that still has a cycle.' },
  // Build groups
  GROUP_NOT_FOUND: { exit: 2, meaning: "The build group is in no repository's comps data; name one with --group ID or give --group @FILE." },
  GROUP_FILE_NOT_FOUND: { exit: 2, meaning: 'The --group @FILE file cannot be read.' },
  GROUP_FILE_INVALID: { exit: 2, meaning: 'A --group @FILE line is not one package name.' },
  COMPS_INVALID: { exit: 2, meaning: 'A comps XML file is not well-formed comps (a group without an id, ...).' },
  COMPS_GROUP_NOT_FOUND: { exit: 2, meaning: 'A comps file has no group with the id asked for.' },
  KOJI_INVALID: { exit: 2, meaning: 'A koji getTagGroups answer (XML-RPC, JSON or a recording) is not the list of groups koji sends.' },
  KOJI_FAULT: { exit: 2, meaning: 'A koji XML-RPC answer is a fault, not a result.' },
  // Finding and fetching repositories
  REPO_NOT_FOUND: { exit: 2, meaning: 'A repository argument is no existing folder, .repo file or .rpm file.' },
  REPOFILE_SYNTAX: { exit: 2, meaning: 'A .repo file is not INI syntax (bad line, section or key), has a value of the wrong kind, or is too large.' },
  REPOFILE_INVALID: { exit: 2, meaning: 'A .repo section cannot be used: none of baseurl, mirrorlist or metalink, or no http(s) or file baseurl.' },
  REPOFILE_ALL_DISABLED: { exit: 2, meaning: 'Every section of a .repo file given with --repo is disabled (enabled=0).' },
  REPO_NO_MIRRORS: { exit: 2, meaning: 'A repository has no mirror left to try.' },
  REPOMD_NOT_FOUND: { exit: 2, meaning: 'repodata/repomd.xml is missing (not an rpm-md repository).' },
  REPO_FILE_MISSING: { exit: 2, meaning: 'A metadata file named in repomd.xml is missing from the repository or every mirror.' },
  REPO_READ_FAILED: { exit: 2, meaning: 'A repository file exists but cannot be read.' },
  HTTP_NOT_FOUND: { exit: 2, meaning: 'A server answered 404 for a repository file.' },
  HTTP_STATUS: { exit: 2, meaning: 'A server answered with an HTTP error status other than 404.' },
  HTTP_UNAUTHORIZED: { exit: 2, meaning: 'A server answered 401: the repository wants credentials (username=/password= in the .repo, --setopt, or user:password@ in the URL) or refused the ones given.' },
  PROXY_AUTH_REQUIRED: { exit: 2, meaning: 'The proxy answered 407: it wants proxy_username=/proxy_password=, or refused the ones given.' },
  PROXY_CONNECT_FAILED: { exit: 2, meaning: 'The proxy cannot be reached, or refused to open a CONNECT tunnel to the server.' },
  PROXY_UNSUPPORTED: { exit: 2, meaning: 'A proxy URL or proxy_auth_method goose-deps does not support (only http:// proxies, basic authentication).' },
  PROXY_INVALID: { exit: 2, meaning: 'A proxy setting is not a valid URL.' },
  TLS_FILE_UNREADABLE: { exit: 2, meaning: 'A file named by sslcacert=, sslclientcert= or sslclientkey= cannot be read.' },
  TLS_FILE_INVALID: { exit: 2, meaning: 'A file named by sslcacert=, sslclientcert= or sslclientkey= holds no valid PEM certificate or key, or the key does not match the certificate.' },
  TLS_VERIFY_FAILED: { exit: 2, meaning: "The server's certificate does not verify against the trusted CAs (sslcacert=), or names another host, or has expired." },
  TLS_CLIENT_CERT_REQUIRED: { exit: 2, meaning: 'The server wants a client certificate (sslclientcert= and sslclientkey=).' },
  TLS_CLIENT_CERT_REFUSED: { exit: 2, meaning: 'The server refused the client certificate given.' },
  TLS_HANDSHAKE_FAILED: { exit: 2, meaning: 'The TLS handshake with the server failed for another reason (protocol, cipher).' },
  SETOPT_INVALID: { exit: 2, meaning: 'A --setopt is not KEY=VALUE or REPOID.KEY=VALUE, or names an unknown key or a bad value.' },
  CONFIG_UNREADABLE: { exit: 2, meaning: 'The dnf.conf given with --config cannot be read.' },
  VARSDIR_UNREADABLE: { exit: 2, meaning: 'A --varsdir folder cannot be read.' },
  REPO_UNSET_VARIABLE: { exit: 2, meaning: 'A .repo URL uses a variable ($releasever, $stream, ...) that is not set (give --releasever or --setvar NAME=VALUE).' },
  DOWNLOAD_FAILED: { exit: 2, meaning: 'A download failed: not a valid or supported URL, too many redirects, or every retry failed.' },
  DOWNLOAD_TOO_LARGE: { exit: 2, meaning: 'A download is larger than its limit.' },
  CHECKSUM_MISMATCH: { exit: 2, meaning: 'A file does not match the checksum repomd.xml or the metalink gives (a stale or broken mirror).' },
  CHECKSUM_UNSUPPORTED: { exit: 2, meaning: 'repomd.xml uses a checksum type goose-deps cannot compute.' },
  CACHE_PATH_UNSAFE: { exit: 2, meaning: 'A cache path would lead outside the cache folder.' },
  CACHE_WRITE_FAILED: { exit: 2, meaning: 'A file cannot be written to the cache folder.' },
  CACHE_DIR_NOT_OURS: { exit: 2, meaning: 'cache clean refuses a folder goose-deps did not make (the root, the home folder, or one with none of its entries); nothing is removed.' },
  // Reading repository metadata
  REPOMD_INVALID: { exit: 2, meaning: 'repomd.xml is not valid repomd.' },
  REPOMD_NO_PRIMARY: { exit: 2, meaning: 'repomd.xml names neither primary nor primary_db metadata.' },
  REPOMD_UNSAFE_LOCATION: { exit: 2, meaning: 'repomd.xml points outside the repository (an absolute path or ..).' },
  REPO_PARSE: { exit: 2, meaning: 'libsolv cannot read a primary, filelists, .solv or testtags file (the line is named when known).' },
  XML_MALFORMED: { exit: 2, meaning: 'An XML file is not well-formed.' },
  XML_FORBIDDEN: { exit: 2, meaning: 'An XML file uses a construct refused for safety (a DOCTYPE internal subset).' },
  XML_TOO_LARGE: { exit: 2, meaning: 'An XML file is larger, or its elements nested deeper, than the limit.' },
  SQLITE_INVALID: { exit: 2, meaning: 'A primary_db is too large, lacks the tables of createrepo\'s schema, or has a package without a name.' },
  SQLITE_CORRUPT: { exit: 2, meaning: 'A primary_db is not an SQLite database.' },
  MODULES_INVALID: { exit: 2, meaning: 'modules.yaml is not valid modulemd.' },
  MODULE_SPEC_INVALID: { exit: 2, meaning: 'A module stream to enable is not written NAME:STREAM.' },
  MODULE_STREAM_UNKNOWN: { exit: 2, meaning: "A module stream to enable is in no repository's modules.yaml." },
  COMPRESSION_UNSUPPORTED: { exit: 2, meaning: 'No decoder is installed for the compression a file uses.' },
  ZCHUNK_UNSUPPORTED: { exit: 2, meaning: 'A file is zchunk-compressed, which goose-deps does not read; use the gz, xz or zst variant.' },
  DECOMPRESSION_FAILED: { exit: 2, meaning: 'A compressed file is truncated or corrupt.' },
  DECOMPRESSION_TOO_LARGE: { exit: 2, meaning: 'A file decompresses to more than its limit (a decompression bomb, or raise the limit).' },
  // RPM files
  RPM_READ_FAILED: { exit: 2, meaning: 'An .rpm file or a folder of them cannot be read.' },
  RPM_TRUNCATED: { exit: 2, meaning: 'An .rpm file is empty or ends inside its lead, a header or the padding.' },
  RPM_BAD_MAGIC: { exit: 2, meaning: 'A file is not an RPM package (no lead magic).' },
  RPM_UNSUPPORTED_VERSION: { exit: 2, meaning: 'An RPM lead has a major version other than 3 or 4.' },
  RPM_BAD_SIGNATURE_TYPE: { exit: 2, meaning: 'An RPM lead names a signature type other than the header signature.' },
  RPM_BAD_HEADER_MAGIC: { exit: 2, meaning: 'An RPM header does not start with the header magic.' },
  RPM_HEADER_LIMIT: { exit: 2, meaning: 'An RPM header claims more index entries or data, or is larger, than the limits rpm sets.' },
  RPM_EMPTY_HEADER: { exit: 2, meaning: 'An RPM header has no index entries.' },
  RPM_BAD_TAG: { exit: 2, meaning: 'An RPM header entry uses a reserved tag number.' },
  RPM_BAD_TYPE: { exit: 2, meaning: 'An RPM header entry has type NULL or an unknown type.' },
  RPM_BAD_TAG_TYPE: { exit: 2, meaning: 'An RPM header tag has a data type other than the one rpm defines for it.' },
  RPM_BAD_COUNT: { exit: 2, meaning: 'An RPM header entry has count 0, or a STRING entry a count other than 1.' },
  RPM_BAD_ALIGNMENT: { exit: 2, meaning: 'An RPM header entry is not aligned for its type.' },
  RPM_OFFSET_OUT_OF_RANGE: { exit: 2, meaning: 'An RPM header entry points outside the data store.' },
  RPM_ENTRY_OVERLAP: { exit: 2, meaning: 'Two RPM header entries share data.' },
  RPM_DUPLICATE_TAG: { exit: 2, meaning: 'An RPM header has a tag twice.' },
  RPM_UNTERMINATED_STRING: { exit: 2, meaning: 'An RPM header string has no terminating NUL.' },
  RPM_DATA_SIZE_MISMATCH: { exit: 2, meaning: "An RPM header's entries do not account for its data store." },
  RPM_BAD_REGION: { exit: 2, meaning: 'An RPM header region tag is malformed.' },
  RPM_BAD_SIGNATURE_TAG: { exit: 2, meaning: 'An RPM main header carries a tag that belongs in the signature header.' },
  RPM_MISSING_TAG: { exit: 2, meaning: 'An RPM header lacks a tag every package has (name, version, ...).' },
  RPM_COUNT_MISMATCH: { exit: 2, meaning: 'Parallel RPM header arrays (names, flags, versions) differ in length.' },
  RPM_BAD_DIRINDEX: { exit: 2, meaning: 'An RPM file entry names a directory that does not exist.' },
  // libsolv
  WASM_NOT_FOUND: { exit: 2, meaning: 'The libsolv WebAssembly module cannot be read (a damaged installation).' },
  LIBSOLV_OUT_OF_MEMORY: { exit: 2, meaning: 'libsolv ran out of WebAssembly memory (4 GiB): the input is too large for one pool.' },
  SOLV_WRITE: { exit: 2, meaning: 'libsolv cannot write a repository as .solv.' },
  TESTCASE_NOT_FOUND: { exit: 2, meaning: 'A testcase file to run does not exist.' },
  TESTCASE_SYNTAX: { exit: 2, meaning: 'A testcase file has a line libsolv cannot read (the line is named).' },
  TESTCASE_WRITE: { exit: 2, meaning: 'A testcase cannot be written into the folder given to --write.' },
  // History
  HISTORY_NOT_FOUND: { exit: 2, meaning: 'The --db history file does not exist.' },
  HISTORY_UNREADABLE: { exit: 2, meaning: 'The --db history file cannot be read, or is not a goose-deps history database.' },
  OUTPUT_WRITE: { exit: 2, meaning: 'The --output file or page folder cannot be written.' },
  PAGE_BUNDLE_MISSING: { exit: 2, meaning: "The readiness page's libsolv bundle (dist/page/page-solv.js) is missing: a clone that was not built (run npm run build)." },
  HISTORY_WRITE_FAILED: { exit: 2, meaning: 'The --db history file cannot be written.' },
  HISTORY_EMPTY: { exit: 2, meaning: 'The --db history holds no report yet.' },
  HISTORY_LOCKED: { exit: 2, meaning: 'Another run holds the --db lock file longer than the wait allows (the lock file and its owner are named; delete a lock left on another host by hand).' },
  HISTORY_LOCK_FAILED: { exit: 2, meaning: 'The --db lock file cannot be created, read or taken over.' },
  HISTORY_CORRUPT: { exit: 2, meaning: 'The --db history file is damaged: a stored report or delta does not decode.' },
  HISTORY_NEWER_FORMAT: { exit: 2, meaning: 'The --db history file was written by a newer goose-deps.' },
  HISTORY_LEGACY_REPORT: { exit: 2, meaning: 'A report of an old-format history holds only statuses and blockers, not the whole report asked for.' },
  HISTORY_NO_REPORT: { exit: 2, meaning: 'The --db history has no report with the id asked for.' },
  HISTORY_BAD_REPORT: { exit: 2, meaning: 'A report to store is not a readiness report (no packages or summary).' },
  // Bugs in goose-deps
  INTERNAL: { exit: 3, meaning: 'A bug in goose-deps: an impossible state, a failing worker thread, an unexpected exception.' },
  LIBSOLV_ABORT: { exit: 3, meaning: 'libsolv stopped with a WebAssembly trap other than running out of memory (a bug in goose-deps or libsolv).' },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every code in the catalogue. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of bugs in goose-deps (exit 3), thrown as {@link InternalError}. */
export type InternalErrorCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['exit'] extends 3 ? K : never }[ErrorCode];

/** The codes of bad usage or input (exit 2), thrown as {@link GooseError}. */
export type InputErrorCode = Exclude<ErrorCode, InternalErrorCode>;

/** Where in the user's input a problem was found. */
export interface ErrorLocation {
  /** The file, URL or package the problem is in. */
  file?: string;
  /** 1-based line, where the input is line-oriented. */
  line?: number;
}

/** Base of every error goose-deps throws for bad usage or input; `code` is stable, the message is for people. */
export class GooseError extends Error {
  /** Stable machine-readable code from {@link ERROR_CODES}, e.g. `RPM_BAD_MAGIC`. */
  readonly code: InputErrorCode;
  /** The file, URL or package the problem is in, when known. */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** Process exit code the CLI uses for it (2). */
  readonly exitCode: 2 = 2;

  constructor(code: InputErrorCode, message: string, where: ErrorLocation = {}, options?: { cause?: unknown }) {
    const prefix = where.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : '';
    super(prefix + message, options);
    this.name = 'GooseError';
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
  }
}

/** How to report a bug: appended to every InternalError's message. */
export const REPORT_A_BUG =
  'This is a bug in goose-deps. Please report it on the goose-deps issue tracker with the command you ran ' +
  'and this message. If it happened while solving, attach a libsolv testcase of the solve: ' +
  '`goose-deps testcase --write DIR --buildroot SOURCE` (or `--install SPEC`) with the same --repo, --srcrepo ' +
  'and --arch flags writes DIR/testcase.t and the repos it needs.';

/** A bug in goose-deps itself, never the user's input: its message says how to report it. */
export class InternalError extends Error {
  /** Stable code from {@link ERROR_CODES} (`INTERNAL` unless more is known). */
  readonly code: InternalErrorCode;
  /** What went wrong, without the advice on reporting it. */
  readonly detail: string;
  /** Process exit code the CLI uses for it (3). */
  readonly exitCode: 3 = 3;

  constructor(message: string, options?: { cause?: unknown; code?: InternalErrorCode }) {
    super(`${message}\n${REPORT_A_BUG}`, options);
    this.name = 'InternalError';
    this.code = options?.code ?? 'INTERNAL';
    this.detail = message;
  }
}

/** True when `e` is one of goose-deps' typed input errors. */
export function isGooseError(e: unknown): e is GooseError {
  return e instanceof GooseError;
}

/** The catalogue as a Markdown table (docs/errors.md is this text). */
export function errorCatalogueMarkdown(): string {
  const rows = (Object.entries(ERROR_CODES) as [ErrorCode, ErrorCodeInfo][]).map(([code, info]) => `| \`${code}\` | ${info.exit} | ${info.meaning.replace(/\|/g, '\\|')} |`);
  return [
    '# Error codes',
    '',
    'Every error goose-deps throws has one of these codes (`GooseError.code`, `InternalError.code`).',
    'The CLI prints `goose-deps: error [CODE]: message` and exits 2 for bad usage or input; for a bug',
    'in goose-deps (exit 3) it prints `goose-deps: internal error [CODE]: message` and how to report it.',
    'Exit 1 is not an error: it is a negative answer (unresolvable, not self-hosting, a testcase mismatch).',
    'The CLI never prints a stack trace; set `GOOSE_DEPS_DEBUG=1` to add one to an internal error for a bug report.',
    '',
    'Generated from `ERROR_CODES` in src/errors.ts by `npm run docs:errors`; do not edit by hand.',
    '',
    '| Code | Exit | Meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
