import { readdirSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runTestcase } from '../../src/solv/index.js';
import { GooseError } from '../../src/errors.js';
import { describeWithLibsolvSource, LIBSOLV_SRC } from '../helpers/libsolv-source.js';

function findTestcases(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...findTestcases(p));
    else if (e.endsWith('.t')) out.push(p);
  }
  return out.sort();
}

describeWithLibsolvSource('libsolv 0.7.23 upstream testcases through the wasm build', () => {
  const files = findTestcases(join(LIBSOLV_SRC, 'test', 'testcases'));
  it('finds all 95 of them', () => {
    expect(files).toHaveLength(95);
  });
  it.each(files.map((f) => [f.slice(LIBSOLV_SRC.length + 1), f]))('%s passes', (_name, file) => {
    const r = runTestcase(file);
    expect(r.output).not.toContain('Results differ');
    expect(r.status).toBe('pass');
  });
});

describe('runTestcase on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goose-tc-'));
  it('a missing file is a typed error naming it', () => {
    expect(() => runTestcase(join(dir, 'nope.t'))).toThrow(GooseError);
  });
  it('garbage fails with the line named, without crashing', () => {
    const f = join(dir, 'garbage.t');
    writeFileSync(f, 'repo system 0 testtags <inline>\n#>=Pkg: a 1 1 noarch\nthis is not a testcase line\njob install name a\nresult transaction,problems <inline>\n#>install a-1-1.noarch@system\n');
    let err: unknown;
    try {
      runTestcase(f);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GooseError);
    expect(err).toMatchObject({ code: 'TESTCASE_SYNTAX', file: f, line: 3 });
    expect((err as Error).message).toContain(`${f}:3: cannot parse command 'this'`);
  });
  it('a mismatching result is reported as a diff', () => {
    const f = join(dir, 'mismatch.t');
    writeFileSync(f, 'repo available 0 testtags <inline>\n#>=Pkg: a 1 1 noarch\nsystem x86_64 rpm\njob install name a\nresult transaction,problems <inline>\n#>install b-1-1.noarch@available\n');
    const r = runTestcase(f);
    expect(r.status).toBe('fail');
    expect(r.output).toContain('Results differ');
    expect(r.output).toContain('+install a-1-1.noarch@available');
  });
  it('a passing inline testcase passes', () => {
    const f = join(dir, 'ok.t');
    writeFileSync(f, 'repo available 0 testtags <inline>\n#>=Pkg: a 1 1 noarch\n#>=Req: b\n#>=Pkg: b 2 1 noarch\nsystem x86_64 rpm\njob install name a\nresult transaction,problems <inline>\n#>install a-1-1.noarch@available\n#>install b-2-1.noarch@available\n');
    expect(runTestcase(f)).toMatchObject({ status: 'pass' });
  });
});
