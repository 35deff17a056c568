/**
 * The README's Library example is runnable as written: its code block, with `goose-deps` pointing
 * at this checkout, runs in a fresh node process and prints exactly the output block below it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

/** The first ```ts and the next ```text block of the README's "## Library" section. */
function libraryExample(): { code: string; output: string } {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library\n'), readme.indexOf('\n## ', readme.indexOf('\n## Library\n') + 1));
  const code = /```ts\n([\s\S]*?)```/.exec(section);
  const output = /```text\n([\s\S]*?)```/.exec(section.slice(code ? code.index + code[0].length : 0));
  if (!code || !output) throw new Error('README.md: the Library section lost its ```ts example or its ```text output');
  return { code: code[1], output: output[1] };
}

const tmp = mkdtempSync(join(tmpdir(), 'goose-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('README.md, section Library', () => {
  it('the example imports the package by name and prints what the README says it prints', () => {
    const { code, output } = libraryExample();
    expect(code).toContain("from 'goose-deps'");
    const file = join(tmp, 'example.mts');
    writeFileSync(file, code.replace("from 'goose-deps'", `from '${pathToFileURL(join(PROJECT_ROOT, 'src', 'index.ts')).href}'`));
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cache') }, // never the user's cache
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(output);
  });
});
