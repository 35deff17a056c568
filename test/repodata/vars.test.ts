import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archVars, basearchOf, expandVars, readVarsDirs } from '../../src/repodata/vars.js';
import { failure } from '../helpers/errors.js';

describe('expandVars', () => {
  const vars = { releasever: '9.4', basearch: 'x86_64', empty: '', stream: '9-stream' };

  it('substitutes $name and ${name}, lists what is unset, and derives $releasever_major/_minor', () => {
    expect(expandVars('$basearch/${stream}/$releasever_major.$releasever_minor/$nope/${nope2}', vars)).toEqual({
      value: 'x86_64/9-stream/9.4/$nope/${nope2}',
      unset: ['nope', 'nope2'],
    });
    expect(expandVars('$releasever_major', { releasever: '10' }).value).toBe('10');
    expect(expandVars('$releasever_major', {}).unset).toEqual(['releasever_major']);
  });

  it("reads dnf 4's ${name:-word} and ${name:+word}, nested, and backslash escapes", () => {
    expect(expandVars('${nope:-default}|${empty:-e}|${basearch:-x}', vars).value).toBe('default|e|x86_64');
    expect(expandVars('${basearch:+set}|${empty:+no}|${nope:+no}', vars).value).toBe('set||');
    expect(expandVars('${nope:-${stream:-x}-$basearch}', vars).value).toBe('9-stream-x86_64');
    // A default that is not used does not count as unset; one that is used does.
    expect(expandVars('${basearch:-$nope}', vars).unset).toEqual([]);
    expect(expandVars('${nope:-$nope2}', vars).unset).toEqual(['nope2']);
    expect(expandVars('\\$basearch costs \\\\ 5$', vars).value).toBe('$basearch costs \\ 5$');
    // Not expressions: left as written.
    expect(expandVars('${basearch:?x} ${unclosed:-word', vars).value).toBe('${basearch:?x} ${unclosed:-word');
    expect(expandVars('a$ b${} c', vars).value).toBe('a$ b${} c');
  });

  it('a bare name takes every name character; repeated unset names are listed once', () => {
    expect(expandVars('$basearch_x $x $x', vars)).toEqual({ value: '$basearch_x $x $x', unset: ['basearch_x', 'x'] });
  });
});

describe('basearch', () => {
  it("maps architectures to dnf's base architectures", () => {
    expect(['x86_64', 'i686', 'i386', 'aarch64', 'ppc64le', 's390x', 'armv7hl', 'armv7l', 'noarch', 'riscv64'].map(basearchOf)).toEqual([
      'x86_64', 'i386', 'i386', 'aarch64', 'ppc64le', 's390x', 'armhfp', 'arm', 'noarch', 'riscv64',
    ]);
    expect(archVars('i686')).toEqual({ arch: 'i686', basearch: 'i386' });
  });
});

describe('readVarsDirs', () => {
  const root = mkdtempSync(join(tmpdir(), 'goose-vars-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads the first line of each file named like a variable; later folders win', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'stream'), '9-stream\nignored\n');
    writeFileSync(join(a, 'contentdir'), 'centos\r\n');
    writeFileSync(join(a, 'not-a-name'), 'x');
    mkdirSync(join(a, 'folder'));
    writeFileSync(join(b, 'stream'), '10-stream');
    expect(await readVarsDirs([a, b])).toEqual({ contentdir: 'centos', stream: '10-stream' });
    expect(await readVarsDirs([a])).toEqual({ contentdir: 'centos', stream: '9-stream' });
  });

  it('a folder that cannot be read is VARSDIR_UNREADABLE naming it', async () => {
    const err = await failure(readVarsDirs([join(root, 'missing')]));
    expect(err.code).toBe('VARSDIR_UNREADABLE');
    expect(err.file).toBe(join(root, 'missing'));
  });
});
