/** `goose-deps testcase FILE...`: run libsolv testcase files like testsolv, in process. */
import { runTestcase, withCommand, constants as C } from '../solv/index.js';
import { GooseError } from '../errors.js';
import { buildrootJobs, buildrootRequest, buildrootSolver, groupJobs, newestSources } from '../buildroots/index.js';
import type { CliIo } from './io.js';
import { EXIT_NEGATIVE, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE } from './exit.js';
import { loadContext, withExample } from './context.js';
import type { CommonArgs } from './args.js';

/** Options of the testcase command. */
export interface TestcaseArgs {
  /** Testcase files to run. */
  files: string[];
  /** Machine output. */
  json?: boolean;
}

/**
 * Runs each file; exit 0 when all match, 1 on any mismatch, 2 when a file cannot be read, and
 * otherwise 77 when some file was skipped (`testcase_read: missing feature ...`), as testsolv exits.
 * The JSON has each file's status (`pass`, `fail`, `skip`, `error`) and their counts.
 */
export function testcaseCommand(args: TestcaseArgs, io: CliIo): number {
  if (!args.files.length) throw new GooseError('USAGE', 'name testcase files to run, or --write DIR with --buildroot NAME or --install SPEC');
  let exit = EXIT_OK;
  const results: { file: string; status: string; output: string; error?: { code: string; message: string } }[] = [];
  for (const file of args.files) {
    try {
      const r = runTestcase(file);
      results.push(r);
      if (r.status === 'fail') exit = Math.max(exit, EXIT_NEGATIVE);
      if (!args.json) {
        if (args.files.length > 1) io.stdout(`${file}: ${r.status === 'pass' ? 'passed' : r.status === 'skip' ? 'skipped' : 'FAILED'}\n`);
        if (r.status !== 'pass' || args.files.length === 1) io.stdout(r.output);
      }
    } catch (e) {
      if (!(e instanceof GooseError)) throw e;
      exit = EXIT_USAGE;
      results.push({ file, status: 'error', output: '', error: { code: e.code, message: e.message } });
      if (!args.json) io.stderr(`goose-deps: error [${e.code}]: ${e.message}\n`);
    }
  }
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const summary = { passed: count('pass'), failed: count('fail'), skipped: count('skip'), errors: count('error') };
  if (args.json) io.stdout(JSON.stringify({ results, summary }, null, 2) + '\n');
  return exit === EXIT_OK && summary.skipped ? EXIT_SKIPPED : exit;
}

/** Flags of `testcase --write`. */
export interface WriteTestcaseArgs extends CommonArgs {
  /** Folder to write the testcase into. */
  write: string;
  /** Source package whose buildroot solve to record. */
  buildroot?: string;
  /** Package specs to install. */
  install?: string[];
  /** Use the built-in example. */
  example: boolean;
}

/**
 * Writes a libsolv testcase (repos in testtags form, the job, the result) of a solve, so a
 * solver bug report is one command; exit 1 when the solve has problems (the testcase still records them).
 */
export async function writeTestcaseCommand(args: WriteTestcaseArgs, io: CliIo): Promise<number> {
  if (!args.buildroot && !args.install?.length) throw new GooseError('USAGE', '--write needs --buildroot NAME or --install SPEC');
  const a = withExample(args);
  const ctx = await loadContext(a, { needSources: Boolean(args.buildroot), needGroup: Boolean(args.buildroot), warn: io.stderr });
  const pool = ctx.pool;
  let jobs;
  let weak = true;
  if (args.buildroot) {
    // The version every feature builds: the newest of that name.
    const source = newestSources(pool, ctx.source.map((r) => r.repo)).get(args.buildroot);
    if (source === undefined) throw new GooseError('UNKNOWN_SOURCE', `no source package named '${args.buildroot}' in the source repositories`);
    jobs = buildrootJobs(pool, buildrootRequest(pool, source), groupJobs(pool, ctx.group.names)).jobs;
    weak = false;
  } else {
    jobs = [];
    for (const spec of args.install!) {
      const sel = pool.select(spec);
      if (!sel.length) throw new GooseError('UNKNOWN_PACKAGE', `no package matches '${spec}'`);
      jobs.push(...withCommand(sel, C.SOLVER_INSTALL));
    }
  }
  const solver = weak ? pool.createSolver() : buildrootSolver(pool, false);
  const problems = solver.solve(jobs);
  const flags = C.TESTCASE_RESULT_TRANSACTION | C.TESTCASE_RESULT_PROBLEMS;
  if (!solver.writeTestcase(args.write, flags)) throw new GooseError('TESTCASE_WRITE', `cannot write the testcase: ${pool.errstr()}`, { file: args.write });
  io.stdout(`wrote ${args.write}/testcase.t (${problems.length ? `${problems.length} problem${problems.length > 1 ? 's' : ''}` : 'solvable'}); replay it with: goose-deps testcase ${args.write}/testcase.t\n`);
  return problems.length ? EXIT_NEGATIVE : EXIT_OK;
}
