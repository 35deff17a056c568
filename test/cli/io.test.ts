/**
 * A closed stdout (`goose-deps ... | head -1`, `| true`) ends the output quietly, as `dnf ... | head`
 * does: no EPIPE stack trace, and the exit code the run would have had. Real child processes with
 * real pipes, for every command (streamed JSON included), compared with the same run in process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE } from '../../src/cli/context.js';
import { isClosedPipeError } from '../../src/cli/io.js';
import { runCli } from '../helpers/cli.js';
import { collect, exitOf, spawnCli } from '../helpers/cli-process.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-io-'));
  writeFileSync(
    join(tmp, 'install.t'),
    ['repo system 0 testtags <inline>', 'repo test 0 testtags <inline>', '#>=Pkg: a 1 1 noarch', 'system x86_64 rpm system', 'job install name a', 'result transaction,problems <inline>', '#>install a-1-1.noarch@test', ''].join('\n'),
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** What a stack trace or an unhandled stream error looks like on stderr. */
const NOISE = /EPIPE|ERR_STREAM|\n\s+at |internal error|Unhandled/;

/** Runs `argv` in a child, reads its first line of stdout, then closes the pipe as `head -1` does. */
async function headOne(argv: string[]) {
  const child = spawnCli(argv);
  const stderr = collect(child.stderr);
  const exit = exitOf(child);
  const first = await new Promise<string>((resolve) => {
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      buf += s;
      if (!buf.includes('\n')) return;
      child.stdout.destroy();
      resolve(buf.slice(0, buf.indexOf('\n')));
    });
    child.stdout.on('end', () => resolve(buf));
  });
  return { first, code: await exit, stderr: stderr() };
}

/** Runs `argv` in a child whose stdout is closed before it writes anything (`| true`). */
async function closedAtOnce(argv: string[]) {
  const child = spawnCli(argv);
  child.stdout.destroy();
  const stderr = collect(child.stderr);
  return { code: await exitOf(child), stderr: stderr() };
}

describe('isClosedPipeError', () => {
  it('knows the errors of a write to a closed pipe, and only those', () => {
    expect(isClosedPipeError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isClosedPipeError(Object.assign(new Error('destroyed'), { code: 'ERR_STREAM_DESTROYED' }))).toBe(true);
    expect(isClosedPipeError(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(false);
    expect(isClosedPipeError(undefined)).toBe(false);
  });
});

describe('a closed stdout ends the run quietly', () => {
  describe.concurrent('every command, stdout closed before its first write', () => {
    const cases: [string, () => string[]][] = [
      ['order', () => ['order', '--example', '--no-cache']],
      ['order --json --edges (streamed JSON)', () => ['order', '--example', '--no-cache', '--json', '--edges']],
      ['buildroot', () => ['buildroot', '--example', '--no-cache', '--json']],
      ['why', () => ['why', '--example', '--no-cache', 'git', 'gcc']],
      ['query', () => ['query', '--no-cache', '--repo', EXAMPLE.repo[0]]],
      ['readiness', () => ['readiness', '--no-cache', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', EXAMPLE.repo[0], '--group', 'build', '--json']],
      ['testcase', () => ['testcase', '--json', join(tmp, 'install.t')]],
    ];
    it('--help (yargs writes it)', async () => {
      const child = await closedAtOnce(['--help']);
      expect(child.stderr).not.toMatch(NOISE);
      expect(child.code).toBe(0);
    });
    for (const [name, argv] of cases) {
      it(name, async () => {
        const [child, inProcess] = await Promise.all([closedAtOnce(argv()), runCli(argv())]);
        expect(inProcess.stdout).not.toBe(''); // it has something to write
        expect(child.stderr).not.toMatch(NOISE);
        expect(child.code).toBe(inProcess.code);
      });
    }
  });
});

describeWithData('a closed stdout on a real repository', () => {
  it('query --json over CentOS Stream 9 BaseOS (440 kB, many times what a pipe holds) | head -1', async () => {
    const argv = ['query', '--no-cache', '--repo', sharedPath('centos-stream-9', 'baseos-2022'), '--json'];
    const [child, inProcess] = await Promise.all([headOne(argv), runCli(argv)]);
    expect(inProcess.stdout.length).toBeGreaterThan(4 * 65536);
    expect(child.first).toBe('[');
    expect(child.stderr).toBe('');
    expect(child.code).toBe(inProcess.code);
  });
});
