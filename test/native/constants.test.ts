import { describe, expect, it } from 'vitest';
import { C } from '../../src/native/index.js';
import { Pool } from '../../src/solv/index.js';

describe('generated libsolv constants agree with the module', () => {
  it('known ids resolve to their strings', () => {
    using pool = new Pool();
    const cases: [number, string][] = [
      [C.SOLVABLE_NAME, 'solvable:name'],
      [C.SOLVABLE_REQUIRES, 'solvable:requires'],
      [C.SOLVABLE_PREREQMARKER, 'solvable:prereqmarker'],
      [C.SOLVABLE_SOURCENAME, 'solvable:sourcename'],
      [C.SOLVABLE_BUILDTIME, 'solvable:buildtime'],
      [C.ARCH_SRC, 'src'],
      [C.ARCH_NOARCH, 'noarch'],
    ];
    for (const [id, str] of cases) {
      expect(pool.id2str(id)).toBe(str);
      expect(pool.str2id(str, false)).toBe(id);
    }
  });
  it('relation flags and job bits have libsolv values', () => {
    expect([C.REL_GT, C.REL_EQ, C.REL_LT, C.REL_AND, C.REL_OR, C.REL_WITH]).toEqual([1, 2, 4, 16, 17, 18]);
    expect(C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_PROVIDES).toBe(0x103);
    expect(C.SOLVER_RULE_PKG_REQUIRES).toBe(0x103);
  });
});
