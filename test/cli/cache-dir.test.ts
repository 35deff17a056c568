/** `--cache-dir` moves every cache of a run, the buildroot store included (not only downloads and .solv files). */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';

const savedCache = process.env.XDG_CACHE_HOME;
let xdg: string;
let dir: string;

beforeAll(async () => {
  xdg = await mkdtemp(join(tmpdir(), 'goose-xdg-'));
  dir = await mkdtemp(join(tmpdir(), 'goose-cachedir-'));
  process.env.XDG_CACHE_HOME = xdg;
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  await rm(xdg, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('--cache-dir', () => {
  it('keeps the solved buildroots in the named folder and nothing in the default one', async () => {
    const r = await run(['order', '--example', '--json', '--cache-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBeLessThan(2); // the example has unresolvable sources: a negative answer is exit 1
    const contexts = await readdir(join(dir, 'buildroots'));
    expect(contexts.length).toBeGreaterThan(0);
    expect(existsSync(join(xdg, 'goose-deps', 'buildroots'))).toBe(false);
  });
});
