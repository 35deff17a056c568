import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('goose-deps why: need classes', () => {
  it('says whether each need brings content or a tool, in text and JSON', async () => {
    const text = await runCli(['why', '--example', '--no-cache', 'gcc', 'glibc']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Need classes: gcc -> glibc through glibc-devel, a development package (content).');
    const chain = await runCli(['why', '--example', '--no-cache', 'git', 'perl']);
    expect(chain.stdout).toContain('Need classes: git -> binutils through binutils, a tool (tool); binutils -> perl through perl-interpreter, a tool (tool).');
    const json = JSON.parse((await runCli(['why', '--example', '--no-cache', '--json', 'bash', 'readline'])).stdout);
    expect(json.needClasses).toEqual([{ from: 'bash', needs: 'readline', binary: 'readline-devel', class: 'a development package', content: true }]);
  });
});
