import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libsolv } from '../../src/native/index.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const listed = readFileSync(join(PROJECT_ROOT, 'wasm', 'exports.txt'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));

function tsSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('wasm/exports.txt, the single list of glue functions', () => {
  it('names exactly the gd_ functions glue.c defines', () => {
    const glue = readFileSync(join(PROJECT_ROOT, 'wasm', 'glue.c'), 'utf8');
    const defined = [...glue.matchAll(/^(?!static)[A-Za-z_][\w \t*]*?\b(gd_\w+)\s*\(/gm)].map((m) => m[1]); // static helpers are not exported
    expect([...new Set(defined)].sort()).toEqual([...listed].sort());
  });
  it('every listed function is exported by the built module', () => {
    const m = libsolv() as unknown as Record<string, unknown>;
    for (const name of listed) expect(typeof m[`_${name}`], name).toBe('function');
  });
  it('TypeScript calls only listed functions', () => {
    const called = new Set<string>();
    for (const f of tsSources(join(PROJECT_ROOT, 'src'))) for (const m of readFileSync(f, 'utf8').matchAll(/\._(gd_\w+)\(/g)) called.add(m[1]);
    const unknown = [...called].filter((c) => !listed.includes(c));
    expect(unknown).toEqual([]);
  });
});
