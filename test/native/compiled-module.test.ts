import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledLibsolv, compileLibsolv, libsolv, useCompiledLibsolv, type LibsolvModule } from '../../src/native/module.js';
import { Pool } from '../../src/solv/index.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

// A file of its own: libsolv() keeps one instance per process, and these tests make it.
describe('a libsolv module compiled ahead (bin/goose-deps.js, worker threads)', () => {
  it('compileLibsolv of a missing file resolves undefined (the loader reports it later)', async () => {
    expect(await compileLibsolv('/nonexistent/libsolv.wasm')).toBeUndefined();
  });

  it('the loader instantiates the given module through emscripten instantiateWasm, not the file', async () => {
    const compiled = await compileLibsolv();
    expect(Object.prototype.toString.call(compiled)).toBe('[object WebAssembly.Module]');
    useCompiledLibsolv(compiled);
    expect(compiledLibsolv()).toBe(compiled);
    const create = createRequire(import.meta.url)(join(PROJECT_ROOT, 'wasm', 'dist', 'libsolv.cjs')) as (o: object) => LibsolvModule;
    const seen: Record<string, unknown>[] = [];
    libsolv({ factory: (o) => (seen.push(o as Record<string, unknown>), create(o)) });
    expect(seen).toHaveLength(1);
    expect(typeof seen[0].instantiateWasm).toBe('function');
    expect(seen[0].wasmBinary).toBeUndefined();
    // The instance works: a pool compares versions and reads a repo.
    const pool = new Pool({ arch: 'x86_64' });
    try {
      expect(pool.evrcmp('1.0-2', '1.0-10')).toBeLessThan(0);
      expect(pool.addRepo('empty').nsolvables).toBe(0);
    } finally {
      pool.free();
    }
  });
});
