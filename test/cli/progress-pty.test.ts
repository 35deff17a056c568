/**
 * Progress in a real pseudo-terminal (util-linux `script`): readiness draws counts on stderr while
 * it solves and clears the line at the end; stdout (a file here) stays clean; NO_COLOR turns the
 * report's colours off; in a pipe nothing is drawn.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE } from '../../src/cli/context.js';
import { CLI_RUNNER } from '../helpers/cli-process.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';
import { builtFolder, groupSources } from '../readiness/readiness-fixture.js';

let tmp: string;
let built: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-pty-'));
  built = await builtFolder(await groupSources());
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI under `script` (a terminal on stdin, stdout and stderr); returns what the terminal showed. */
function inTerminal(args: string[], redirect: string, env: NodeJS.ProcessEnv = {}): { screen: string; status: number | null } {
  const cmd = [process.execPath, '--import', 'tsx', CLI_RUNNER, ...args].map(quote).join(' ') + redirect;
  const clean = { ...process.env, ...env };
  delete clean.CI;
  const r = spawnSync('script', ['-q', '-e', '-c', cmd, '/dev/null'], { cwd: PROJECT_ROOT, env: { ...clean, TERM: 'xterm', COLUMNS: '100' }, encoding: 'utf8' });
  return { screen: r.stdout, status: r.status };
}

const readiness = () => ['readiness', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', built, '--group', 'build', '--arch', 'x86_64', '--no-cache'];

describe('progress on a terminal', () => {
  it('readiness shows loading and solving counts on stderr, then clears the line; stdout is untouched', () => {
    const out = join(tmp, 'r.json');
    const { screen } = inTerminal([...readiness(), '--json'], ` > ${quote(out)}`);
    expect(screen).toMatch(/: (parse|download|load)/); // repository loading
    expect(screen).toMatch(/solving buildroots \((upstream|built)\) \[[#.]{30}\] \d+\/\d+/);
    expect(screen).toMatch(/\r +\r$/); // cleared at the end
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.summary).toBeDefined();
  }, 120_000);
  it('NO_COLOR: the report on the terminal has no colour codes; without it, it has', () => {
    const plain = inTerminal(readiness(), '', { NO_COLOR: '1' }).screen;
    expect(plain).toContain('unresolvable');
    expect(plain).not.toMatch(/\x1b\[[0-9;]*m/);
    expect(inTerminal(readiness(), '').screen).toMatch(/\x1b\[[0-9;]*m/);
  }, 120_000);
  it('in a pipe, nothing is drawn', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI_RUNNER, ...readiness(), '--json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('solving buildroots');
    expect(r.stderr).not.toContain('\r');
  }, 120_000);
});
