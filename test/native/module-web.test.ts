import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibsolvWeb } from '../../src/native/module-web.js';
import { webGlueOf } from '../../src/native/web-glue.js';
import { libsolv, moduleGeneration } from '../../src/native/runtime.js';
import { Pool, installProvides } from '../../src/solv/index.js';
import { GooseError } from '../../src/errors.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const dist = join(PROJECT_ROOT, 'wasm', 'dist');
const loaderText = readFileSync(join(dist, 'libsolv.cjs'), 'utf8');

describe("the page's loader (module-web.ts), run here on Node's WebAssembly", () => {
  it('reads every import and the exports the glue list names from libsolv.cjs', () => {
    const g = webGlueOf(loaderText);
    expect(Object.values(g.imports).sort()).toContain('_fd_write');
    const wanted = readFileSync(join(PROJECT_ROOT, 'wasm', 'exports.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const name of ['_malloc', '_free', ...wanted.map((w) => `_${w}`)]) expect(g.exports[name], name).toMatch(/^[\w$]+$/);
    expect(() => webGlueOf('not emscripten', 'x.cjs')).toThrow(GooseError);
  });
  it('instantiates the same .wasm, becomes the module, and solves', async () => {
    const before = moduleGeneration();
    const m = await loadLibsolvWeb(new Uint8Array(readFileSync(join(dist, 'libsolv.wasm'))), webGlueOf(loaderText));
    expect(libsolv()).toBe(m);
    expect(moduleGeneration()).toBe(before + 1);
    const pool = new Pool({ arch: 'x86_64' });
    pool.addRepo('r').addTesttags('=Pkg: a 1 1 noarch\n=Req: b >= 2\n=Pkg: b 2 1 noarch\n=Prv: libé.so.1\n=Pkg: c 1 1 noarch\n');
    pool.createWhatProvides();
    // Strings cross both ways as UTF-8.
    expect(pool.whatProvides('libé.so.1').map((s) => s.name)).toEqual(['b']);
    expect(pool.id2str(pool.str2id('ünïcødé-ℕ-𝔸'))).toBe('ünïcødé-ℕ-𝔸');
    const solver = pool.createSolver();
    expect(solver.solve([installProvides(pool.str2id('a'))])).toEqual([]);
    expect(solver.transaction().steps().map((s) => s.solvable.name).sort()).toEqual(['a', 'b']);
    pool.free();
  });
  it('serves glue.c\'s reader callback: rpm-md read from segments', () => {
    expect(Object.values(webGlueOf(loaderText).imports)).toContain('gd_js_read');
    const xml = '<?xml version="1.0"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" packages="1">\n<package type="rpm"><name>a</name><arch>noarch</arch><version epoch="0" ver="1" rel="1"/></package>\n</metadata>\n';
    const bytes = new TextEncoder().encode(xml);
    const pool = new Pool();
    const repo = pool.addRepo('r');
    repo.addRpmmdSegments([bytes.subarray(0, 40), bytes.subarray(40)]);
    expect(repo.solvables().map((s) => s.nevra)).toEqual(['a-1-1.noarch']);
    pool.free();
  });
  it('grows its memory on demand and keeps the views current', async () => {
    const m = libsolv();
    const size = m.HEAPU8.length;
    const p = m._malloc(size + 16 * 1024 * 1024);
    expect(p).toBeGreaterThan(0);
    expect(m.HEAPU8.length).toBeGreaterThan(size);
    m.HEAPU8[p + size] = 7;
    expect(m.HEAPU8[p + size]).toBe(7);
    m._free(p);
    const pool = new Pool();
    expect(pool.id2str(pool.str2id('after-growth'))).toBe('after-growth');
    pool.free();
  });
});
