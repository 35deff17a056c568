/** Running libsolv testcase files (the format of dnf/zypper solver bug reports) in process. */
import { GooseError } from '../errors.js';
import { bindings, guard, takeMessages } from '../native/index.js';
import { existsSync, readFileSync } from 'node:fs';

/** Outcome of one testcase file. */
export interface TestcaseResult {
  /** The file that was run. */
  file: string;
  /** `pass` when every job's result matched, `fail` on a mismatch or read error, `skip` when the file asks for it. */
  status: 'pass' | 'fail' | 'skip';
  /** What testsolv would print: result diffs, `test N:` headers, read errors. */
  output: string;
}

// testcase_read reports these and carries on, so testsolv would pass a file it did not understand.
const fatalRead = /testcase_read: (cannot parse command|could not open|unknown repo type|bad namespace|genid: [^\n]*|cannot add repos[^\n]*|cannot change the system[^\n]*|system: could not change disttype[^\n]*)( '([^']*)')?/;

/** The 1-based line of a testcase file a read error is about, found by the token it quotes. */
function locate(file: string, token: string | undefined): number | undefined {
  if (!token) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => !l.startsWith('#') && (l.split(/\s+/)[0] === token || l.includes(token)));
  return i >= 0 ? i + 1 : undefined;
}

/**
 * Runs a testcase file as `testsolv FILE` does: solves each job, compares with the expected
 * result. Relative repo files named in it are read relative to the testcase. A line it cannot
 * understand is a GooseError TESTCASE_SYNTAX naming the file and line.
 */
export function runTestcase(file: string): TestcaseResult {
  if (!existsSync(file)) throw new GooseError('TESTCASE_NOT_FOUND', 'no such testcase file', { file });
  const b = bindings();
  takeMessages();
  const { status, output } = guard(`running testcase ${file}`, () => b.testcaseRun(file));
  const bad = takeMessages().map((l) => fatalRead.exec(l)).find((x) => x);
  if (bad) throw new GooseError('TESTCASE_SYNTAX', bad[0].replace('testcase_read: ', ''), { file, line: locate(file, bad[3]) });
  return { file, status: status === 0 ? 'pass' : status === 77 ? 'skip' : 'fail', output };
}
