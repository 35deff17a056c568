import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libsolv, type LibsolvModule } from '../../src/native/module.js';
import { Pool } from '../../src/solv/index.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

describe('libsolv() loading hooks', () => {
  it('takes the wasm bytes and the factory from the caller (as a bundle or a page gives them)', () => {
    const dist = join(PROJECT_ROOT, 'wasm', 'dist');
    const create = createRequire(import.meta.url)(join(dist, 'libsolv.cjs')) as (o: object) => LibsolvModule;
    const bytes = new Uint8Array(readFileSync(join(dist, 'libsolv.wasm')));
    const seen: object[] = [];
    const m = libsolv({ wasmPath: '/nonexistent/libsolv.wasm', wasmBinary: bytes, factory: (o) => (seen.push(o), create(o)) });
    expect(seen).toHaveLength(1);
    expect((seen[0] as { wasmBinary: Uint8Array }).wasmBinary).toBe(bytes);
    expect(libsolv()).toBe(m); // loaded once
    const pool = new Pool({ arch: 'x86_64' });
    expect(pool.addRepo('empty').name).toBe('empty');
    pool.free();
  });
});
