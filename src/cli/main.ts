/**
 * The goose-deps command line: parse flags, call the library, format, set the exit code.
 * Commands are imported lazily so `--version` and `--help` start fast.
 */
import yargs, { type Argv } from 'yargs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processIo, type CliIo } from './io.js';
import { reportError, EXIT_USAGE } from './exit.js';
import { COMMANDS } from './commands/index.js';
import { repoAccess, type RepoAccessArgs } from './repo-access.js';
import { common } from './args.js';

export { machineArch, type CommonArgs } from './args.js';

/** Bad command-line usage found by the parser (unknown flag, invalid choice, missing argument). */
class UsageError extends Error {}

/** The package version, read from package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * yargs renders a command's whole help text before running it, in case a later failure wants to
 * print it (yargs' command.js, `cacheHelpMessage`). goose-deps never prints help on a failure (its
 * `.fail` throws), and that rendering (string-width over every flag) costs a cached `query` about
 * as much as reading its modules; so it is turned off. `--help` renders as before. The hook is
 * yargs-internal: when it is missing, nothing changes.
 */
function skipHelpCache(parser: Argv<unknown>): void {
  type Internal = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as unknown as Internal).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/**
 * Runs the CLI with `argv` (without node and script); sets process.exitCode. `libsolvModule`,
 * libsolv's WebAssembly being compiled (bin/goose-deps.js starts it), is given to the loader
 * before a command runs.
 */
export async function main(argv: string[], io: CliIo = processIo(), libsolvModule?: Promise<WebAssembly.Module | undefined>): Promise<number> {
  let code = 0;
  const run = (fn: () => number | Promise<number>) => async () => {
    try {
      if (libsolvModule) {
        const compiled = await libsolvModule;
        if (compiled) (await import('../solv/index.js')).useCompiledLibsolv(compiled);
      }
      code = await fn();
    } catch (e) {
      code = reportError(e, io.stderr);
    }
  };
  let parser = yargs(argv)
    .scriptName('goose-deps')
    .version(packageVersion())
    .strict()
    .recommendCommands()
    .demandCommand(1, 'name a command; see --help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 a negative answer (unresolvable, not self-hosting, a testcase mismatch), 2 bad usage or input, 3 a bug in goose-deps, 77 a testcase skipped (as testsolv) (docs/errors.md lists every error code).')
    .fail((msg, err) => {
      if (err) throw err;
      // Throwing stops yargs before any command runs (returning would let it carry on).
      throw new UsageError(msg);
    })
    .exitProcess(false)
    .middleware(async (a) => {
      a.access = await repoAccess(a as RepoAccessArgs, io.stderr);
    });
  skipHelpCache(parser);
  for (const def of COMMANDS) {
    parser = parser.command(def.command, def.describe, (y) => def.builder(common(y) as never), async (a) => {
      await run(() => def.run(a as never, io))();
    });
  }
  try {
    await parser.parseAsync();
  } catch (e) {
    // A YError is yargs' word for a bad value, thrown through it by a coerce (options.ts).
    if (e instanceof UsageError || (e instanceof Error && e.name === 'YError')) {
      io.stderr(`goose-deps: ${e.message}\nRun 'goose-deps --help' for usage.\n`);
      code = EXIT_USAGE;
    } else code = reportError(e, io.stderr);
  }
  process.exitCode = code;
  return code;
}

/**
 * The `goose-deps` executable: {@link main}, plus a last-resort handler so that an error escaping
 * every command (an unhandled rejection, a worker's uncaught exception) is still reported as an
 * internal error with exit 3, never as a stack trace. `libsolvModule`: see {@link main}.
 */
export async function cli(argv: string[], libsolvModule?: Promise<WebAssembly.Module | undefined>): Promise<number> {
  const io = processIo();
  const fatal = (e: unknown) => {
    process.exitCode = reportError(e, io.stderr);
    process.exit();
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  return main(argv, io, libsolvModule);
}
