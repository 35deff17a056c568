import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleFilterHere, moduleFilterOffThread, type ModulesJob } from '../../src/repodata/modules-thread.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const DEFAULTS = '---\ndocument: modulemd-defaults\nversion: 1\ndata:\n  module: nginx\n  stream: "1.22"\n...\n';
const STREAM = (stream: string) =>
  `---\ndocument: modulemd\nversion: 2\ndata:\n  name: nginx\n  stream: "${stream}"\n  version: 1\n  context: c\n  arch: x86_64\n  artifacts:\n    rpms:\n    - nginx-1:${stream}.0-1.module.x86_64\n...\n`;
const job = (enable: string[]): ModulesJob => ({ data: new TextEncoder().encode(DEFAULTS + STREAM('1.22') + STREAM('1.24')), file: 'modules.yaml', enable });

/** The compiled module (its worker needs compiled JavaScript): dist/ is built by npm ci (prepare) or npm run build. */
async function dist(): Promise<typeof import('../../src/repodata/modules-thread.js')> {
  const path = join(PROJECT_ROOT, 'dist', 'repodata', 'modules-thread.js');
  expect(existsSync(path), 'dist/ is built by npm ci (prepare) or npm run build').toBe(true);
  return import(path);
}

describe('module filtering on a worker thread', () => {
  it('under a TypeScript runner the work stays in this thread, with the same result', async () => {
    const here = await moduleFilterHere(job(['nginx:1.24']));
    expect(here.active).toEqual(['nginx:1.24']);
    expect(here.excluded).toEqual(['nginx-1:1.22.0-1.module.x86_64']);
    expect(await moduleFilterOffThread(job(['nginx:1.24']))()).toEqual(here);
  });

  it('the worker (compiled code) gives the filter this thread computes', async () => {
    const d = await dist();
    for (const enable of [[], ['nginx:1.24']]) expect(await d.moduleFilterOffThread(job(enable))()).toEqual(await moduleFilterHere(job(enable)));
  });

  it("the worker's failures come back as this thread's errors: same code, same message", async () => {
    const d = await dist();
    const cases: ModulesJob[] = [job(['nginx:9']), job(['nginx']), { data: new TextEncoder().encode('- [unclosed'), file: 'bad.yaml', enable: [] }];
    for (const c of cases) {
      const expected = await moduleFilterHere(c).then(
        () => undefined,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      );
      expect(expected).toBeDefined();
      await expect(d.moduleFilterOffThread(c)()).rejects.toMatchObject(expected!);
    }
  });
});

describeWithData('module filtering of a real modules.yaml on a worker thread', () => {
  it("AppStream's modules.yaml.xz: the worker's filter is this thread's", async () => {
    const dir = sharedPath('centos-stream-9', 'appstream', 'repodata');
    const name = readdirSync(dir).find((n) => n.endsWith('modules.yaml.xz')) as string;
    const real: ModulesJob = { data: readFileSync(join(dir, name)), file: name, enable: ['nodejs:20'] };
    const here = await moduleFilterHere(real);
    expect(here.excluded.length).toBeGreaterThan(100);
    expect(await (await dist()).moduleFilterOffThread(real)()).toEqual(here);
  });
});
