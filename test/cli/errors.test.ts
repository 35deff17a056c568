/**
 * The CLI's top-level handler: a typed error prints its code and exits 2, a bug prints how to
 * report it and exits 3, neither prints a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/exit.js';
import { GooseError, InternalError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

// `order` stands in for any command whose implementation has a bug.
vi.mock('../../src/cli/order.js', () => ({
  orderCommand: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'id')");
  },
}));

const STACK = /^\s+at /m;

function report(e: unknown, env: NodeJS.ProcessEnv = {}): { code: number; err: string } {
  let err = '';
  const code = reportError(e, (s) => void (err += s), env);
  return { code, err };
}

describe('the CLI top-level error handler', () => {
  it('prints a typed error as its code and message, exit 2', async () => {
    const r = await runCli(['why', 'a', 'b', '--repo', '/nonexistent/goose-deps-repo', '--srcrepo', '/nonexistent/goose-deps-src', '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^goose-deps: error \[REPO_NOT_FOUND\]: \/nonexistent\/goose-deps-repo: /);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('prints an exception from a command as an internal error with how to report it, exit 3', async () => {
    const r = await runCli(['order', '--example']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^goose-deps: internal error \[INTERNAL\]: TypeError: Cannot read properties of undefined/);
    expect(r.stderr).toContain('goose-deps testcase --write DIR');
    expect(r.stderr).toContain('issue tracker');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('keeps an InternalError code, and turns a non-Error throw into INTERNAL', () => {
    const abort = report(new InternalError('libsolv stopped while solving: unreachable', { code: 'LIBSOLV_ABORT' }));
    expect(abort.code).toBe(3);
    expect(abort.err).toMatch(/^goose-deps: internal error \[LIBSOLV_ABORT\]: libsolv stopped while solving: unreachable\nThis is a bug in goose-deps/);
    expect(abort.err).not.toMatch(STACK);
    const str = report('a string');
    expect([str.code, str.err.split('\n')[0]]).toEqual([3, 'goose-deps: internal error [INTERNAL]: a string']);
  });

  it('prints the stack trace only when GOOSE_DEPS_DEBUG asks for it', () => {
    expect(report(new Error('boom'), { GOOSE_DEPS_DEBUG: '1' }).err).toMatch(STACK);
    expect(report(new Error('boom')).err).not.toMatch(STACK);
    const typed = report(new GooseError('USAGE', 'name a repository'), { GOOSE_DEPS_DEBUG: '1' });
    expect([typed.code, typed.err]).toEqual([2, 'goose-deps: error [USAGE]: name a repository\n']);
  });

  it('the executable reports an error that escapes every command (an unhandled rejection) as internal, exit 3', () => {
    const script = "import('./src/cli/main.ts').then(async (m) => { setTimeout(() => Promise.reject(new RangeError('late failure')), 10); await m.cli(['--version']); })";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, GOOSE_DEPS_DEBUG: '' } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^goose-deps: internal error \[INTERNAL\]: RangeError: late failure\nThis is a bug in goose-deps/);
    expect(r.stderr).not.toMatch(STACK);
  });
});
