/** `goose-deps testcase FILE...`: run libsolv testcase files like testsolv, in process. */
import { runTestcase } from '../solv/index.js';
import { GooseError } from '../errors.js';
import type { CliIo } from './io.js';
import { EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE } from './exit.js';

/** Options of the testcase command. */
export interface TestcaseArgs {
  /** Testcase files to run. */
  files: string[];
  /** Machine output. */
  json?: boolean;
}

/** Runs each file; exit 0 when all match, 1 on any mismatch, 2 when a file cannot be read. */
export function testcaseCommand(args: TestcaseArgs, io: CliIo): number {
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
  if (args.json) io.stdout(JSON.stringify({ results }, null, 2) + '\n');
  return exit;
}
