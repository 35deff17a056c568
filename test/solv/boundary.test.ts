/**
 * The wasm boundary holds: only src/native touches the module and its memory, no public property
 * of a libsolv object is the module or a raw handle, constructors that take a handle are not
 * callable from outside src/solv, and reading a solvable's fields allocates nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bindings, libsolv } from '../../src/native/index.js';
import * as api from '../../src/index.js';
import { Dep, Pool, Repo, Solvable, Solver, Transaction, installProvides } from '../../src/solv/index.js';
import { codeOf } from '../helpers/errors.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

function tsSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every property (own and inherited, string and symbol keyed) of `o` and the value it reads as. */
function properties(o: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let p: object | null = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Reflect.ownKeys(p)) {
      if (key === 'constructor') continue;
      let value: unknown;
      try {
        value = Reflect.get(p, key, o);
      } catch {
        continue; // a getter that needs arguments or state
      }
      out.push([String(key), value]);
    }
  }
  return out;
}

function world() {
  const pool = new Pool({ arch: 'x86_64' });
  const repo = pool.addRepo('r');
  repo.addTesttags('=Pkg: a 1 1 noarch\n=Req: b\n=Pkg: b 2 1 noarch\n');
  const solver = pool.createSolver();
  solver.solve([installProvides(pool.str2id('a'))]);
  const trans = solver.transaction();
  const solvable = pool.solvable(repo.start);
  const dep = pool.parseDep('b >= 1');
  return { pool, repo, solver, trans, solvable, dep };
}

describe('the wasm boundary', () => {
  it('no file under src/ outside src/native reads wasm memory or calls the module', () => {
    const offenders: string[] = [];
    for (const f of tsSources(join(PROJECT_ROOT, 'src'))) {
      const rel = relative(PROJECT_ROOT, f);
      if (rel.startsWith(join('src', 'native'))) continue;
      const text = readFileSync(f, 'utf8');
      for (const pattern of [/HEAP(8|16|32|U8|U16|U32|F32|F64)\b/, /\._gd_\w+\(/, /\b_malloc\(|\b_free\(/, /\bLibsolvModule\b/, /\blibsolv\(\)/]) {
        if (pattern.test(text)) offenders.push(`${rel}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no public property of Pool, Repo, Solver, Transaction, Solvable or Dep is the module, its bindings or a handle', () => {
    const m = libsolv();
    const objects = world();
    try {
      for (const [what, o] of Object.entries(objects)) {
        for (const [key, value] of properties(o)) {
          expect(value === m || value instanceof Bindings, `${what}.${key}`).toBe(false);
          expect(['m', 'ptr', 'handle', 'module'], `${what}.${key}`).not.toContain(key);
        }
      }
    } finally {
      objects.pool.free();
    }
  });

  it('the package entry exports neither the module loader nor the bindings', () => {
    const names = Object.keys(api);
    for (const internal of ['libsolv', 'bindings', 'Bindings', 'NativeOwner', 'handleOf', 'INTERNAL', 'repoHandle', 'bindingsOf']) expect(names).not.toContain(internal);
  });

  it('constructors taking a handle are not callable from outside src/solv', () => {
    const { pool, solver } = world();
    try {
      const Ctor = (c: unknown) => c as new (...args: unknown[]) => unknown;
      expect(codeOf(() => new (Ctor(Repo))(pool, 1234))).toBe('ILLEGAL_CONSTRUCTOR');
      expect(codeOf(() => new (Ctor(Repo))(Symbol('goose-deps internal'), pool, 1234))).toBe('ILLEGAL_CONSTRUCTOR');
      expect(codeOf(() => new (Ctor(Solver))(pool))).toBe('ILLEGAL_CONSTRUCTOR');
      expect(codeOf(() => new (Ctor(Transaction))(pool, 1234))).toBe('ILLEGAL_CONSTRUCTOR');
      // (owner, id) values need no handle and stay constructible, as in libsolv's bindings.
      expect(new Solvable(pool, 2).name).toBe('a');
      expect(new Dep(pool, pool.str2id('b')).toString()).toBe('b');
      expect(solver.alive).toBe(true);
    } finally {
      pool.free();
    }
  });

  it('reading a solvable field allocates nothing in the module', () => {
    const { pool, solvable } = world();
    const m = libsolv();
    const malloc = m._malloc;
    let calls = 0;
    try {
      void solvable.name; // the first read may set up a reusable buffer
      m._malloc = (size: number) => {
        calls++;
        return malloc(size);
      };
      for (let i = 0; i < 100; i++) void [solvable.name, solvable.evr, solvable.arch, solvable.repo];
      expect(calls).toBe(0);
      expect([solvable.name, solvable.evr, solvable.arch, solvable.repo?.name]).toEqual(['a', '1-1', 'noarch', 'r']);
    } finally {
      m._malloc = malloc;
      pool.free();
    }
  });

  it('a repo of a freed pool and a freed repo are typed errors, not reads of freed memory', () => {
    const { pool, repo } = world();
    pool.free();
    expect(codeOf(() => repo.nsolvables)).toBe('USED_AFTER_FREE');
    repo.free(); // no-op on memory the pool already released
    const again = new Pool();
    const r = again.addRepo('x');
    r.free();
    expect(codeOf(() => r.start)).toBe('USED_AFTER_FREE');
    again.free();
  });
});
