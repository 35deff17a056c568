import { describe, expect, it } from 'vitest';
import { Pool, depSlot } from '../../src/solv/index.js';

describe('depSlot', () => {
  it('gives string and relation ids of one pool distinct, dense, non-negative slots', () => {
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const names = ['bash', 'glibc', 'libc.so.6()(64bit)', '/bin/sh'].map((s) => pool.str2id(s));
      const rels = ['bash >= 5', 'glibc = 2.36', 'python3 < 4'].map((s) => pool.parseDep(s).id);
      expect(rels.every((id) => id < 0)).toBe(true); // libsolv marks relations by the high bit
      const slots = [...names, ...rels].map(depSlot);
      expect(new Set(slots).size).toBe(slots.length);
      expect(slots.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
      // Strings on even slots, relations on odd ones, each about twice its id's rank.
      expect(names.map(depSlot)).toEqual(names.map((id) => id * 2));
      expect(rels.map(depSlot)).toEqual(rels.map((id) => (id & 0x7fffffff) * 2 + 1));
      expect(Math.max(...rels.map(depSlot))).toBeLessThan(100);
    } finally {
      pool.free();
    }
  });
});
