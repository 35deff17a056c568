import { describe, expect, it } from 'vitest';
import { compareCodePoints, parseQueryFormat, sortedUnique, DEFAULT_QUERYFORMAT } from '../../src/query/format.js';
import { GooseError } from '../../src/errors.js';

describe('--queryformat', () => {
  it('parses tags, padding and dnf\'s \\n and \\t escapes', () => {
    expect(parseQueryFormat('%{name}\\t%-10{arch}|%5{EVR}\\n')).toEqual([
      { tag: 'name', width: 0, align: 'left' }, '\t', { tag: 'arch', width: 10, align: 'right' }, '|', { tag: 'evr', width: 5, align: 'left' }, '\n',
    ]);
    expect(parseQueryFormat(DEFAULT_QUERYFORMAT).filter((p) => typeof p !== 'string').map((p) => (p as { tag: string }).tag))
      .toEqual(['name', 'epoch', 'version', 'release', 'arch']);
    expect(parseQueryFormat('plain')).toEqual(['plain']);
  });
  it('rejects an unknown tag with QUERYFORMAT_TAG', () => {
    expect(() => parseQueryFormat('%{bogus}')).toThrow(GooseError);
    try {
      parseQueryFormat('%{bogus}');
    } catch (e) {
      expect((e as GooseError).code).toBe('QUERYFORMAT_TAG');
    }
  });
});

describe('output order', () => {
  it('sorts by code point like Python, not by UTF-16 unit, and drops duplicates', () => {
    const astral = '\u{1F600}';
    const high = '\uFFFD';
    expect([astral, high].sort()).toEqual([astral, high]); // JavaScript's order
    expect([astral, high].sort(compareCodePoints)).toEqual([high, astral]); // Python's
    expect(sortedUnique(['perl|x', 'perl-libs|x', 'perl|x'])).toEqual(['perl-libs|x', 'perl|x']);
  });
});
